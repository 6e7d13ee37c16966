/**
 * The Astro binding of the publish rules: every page, feed and email asks here for posts,
 * and this asks `isPublished` (through publishedNewestFirst) and nothing else.
 */
import { getCollection, type CollectionEntry } from "astro:content";
import { buildNow, publishedNewestFirst } from "../lib/publish.ts";

export type Post = CollectionEntry<"posts">;

/** The build's clock, fixed once per build (BUILD_NOW overrides it for tests). */
export const now = buildNow(process.env);

/** Published posts, newest first. */
export async function getPublishedPosts(): Promise<Post[]> {
  return publishedNewestFirst(await getCollection("posts"), now);
}
