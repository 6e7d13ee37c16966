import type { APIRoute } from "astro";
import { feedMeta, getFeedItems } from "../data/feed.ts";
import { renderAtom } from "../lib/feed-items.ts";

/** Atom 1.0 from the same items as the RSS feed. */
export const GET: APIRoute = async () => {
  const items = await getFeedItems();
  return new Response(renderAtom(feedMeta("/atom.xml", items), items), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8" },
  });
};
