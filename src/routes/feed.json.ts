import type { APIRoute } from "astro";
import { feedMeta, getFeedItems } from "../data/feed.ts";
import { renderJsonFeed } from "../lib/feed-items.ts";

/** JSON Feed 1.1 from the same items as the RSS feed. */
export const GET: APIRoute = async () => {
  const items = await getFeedItems();
  return new Response(renderJsonFeed(feedMeta("/feed.json", items), items), {
    headers: { "Content-Type": "application/feed+json; charset=utf-8" },
  });
};
