import type { APIRoute } from "astro";
import { editionFeedMeta, getEditionFeedItems, rssResponse } from "../../data/feed.ts";

/** RSS 2.0 of the public newsletter editions with their full text; the guid is the edition's permanent id. */
export const GET: APIRoute = async () => {
  const items = await getEditionFeedItems();
  return rssResponse(editionFeedMeta(items), items);
};
