/**
 * The Astro binding of the publish rules: every page, feed and email asks here for posts,
 * and this asks `isPublished` (through publishedNewestFirst) and nothing else.
 */
import { getCollection, type CollectionEntry } from "astro:content";
import { buildNow, publishedNewestFirst } from "../lib/publish.ts";
import { findSlugCollisions } from "../lib/post-checks.ts";

export type Post = CollectionEntry<"posts">;

/** The build's clock, fixed once per build (BUILD_NOW overrides it for tests). */
export const now = buildNow(process.env);

/** Published posts, newest first. */
export async function getPublishedPosts(): Promise<Post[]> {
  const all = await getCollection("posts");
  const collisions = findSlugCollisions(all);
  if (collisions.length > 0) throw new Error(collisions.join("\n"));
  return publishedNewestFirst(all, now);
}
