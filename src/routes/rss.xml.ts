import type { APIRoute } from "astro";
import { feedMeta, getFeedItems, rssResponse } from "../data/feed.ts";

/** RSS 2.0 with full content; the guid is the post's permanent id, not its URL. */
export const GET: APIRoute = async () => {
  const items = await getFeedItems();
  return rssResponse(feedMeta("/rss.xml", items), items);
};
