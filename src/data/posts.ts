/**
 * The Astro binding of the publish rules: every page, feed and email asks here for posts,
 * and this asks `isPublished` (through publishedNewestFirst) and nothing else.
 */
import type { ImageMetadata } from "astro";
import { getCollection, type CollectionEntry } from "astro:content";
import type { PostData } from "../lib/post-schema.ts";
import { showUnpublished } from "virtual:rundbrief/config";
import { buildNow, postStatus, publishedNewestFirst, type PostStatus } from "../lib/publish.ts";
import { findSlugCollisions } from "../lib/post-checks.ts";
import { relatedPosts } from "../lib/related.ts";

/**
 * A post as the engine reads it: the blog's "posts" collection, of which the engine
 * knows the fields of its own schema (a blog may add more with postSchema.extend).
 */
export type Post = Omit<CollectionEntry<"posts">, "data"> & {
  data: Omit<PostData, "heroImage"> & { heroImage?: ImageMetadata | undefined };
};

/** Every post of the collection, published or not (the email preview renders drafts too). */
export async function getAllPosts(): Promise<Post[]> {
  return (await getCollection("posts")) as unknown as Post[];
}

/** The build's clock, fixed once per build (BUILD_NOW overrides it for tests). */
export const now = buildNow(process.env);

/** Drafts and future posts with their status, when this build shows them (dev server, or a preview that asks for them); else none. */
export async function getUnpublishedPosts(): Promise<Array<{ post: Post; status: Exclude<PostStatus, "published"> }>> {
  if (!showUnpublished) return [];
  const all = await getAllPosts();
  return all.flatMap((post) => {
    const status = postStatus(post, { now });
    return status === "published" ? [] : [{ post, status }];
  });
}

/** Published posts, newest first. */
export async function getPublishedPosts(): Promise<Post[]> {
  const all = await getAllPosts();
  const collisions = findSlugCollisions(all);
  if (collisions.length > 0) throw new Error(collisions.join("\n"));
  return publishedNewestFirst(all, now);
}

let relatedIndex: Promise<Map<string, Post[]>> | null = null;

/**
 * The related published posts of a post, for its page and its email alike: ranked once
 * for all published posts; a draft (shown in dev or a preview) is ranked against them.
 */
export async function getRelatedPosts(post: Post): Promise<Post[]> {
  relatedIndex ??= getPublishedPosts().then((posts) => relatedPosts(posts));
  const ranked = (await relatedIndex).get(post.id);
  return ranked ?? relatedPosts([post, ...(await getPublishedPosts())]).get(post.id) ?? [];
}
