/** Where posts, tags and listing pages live; the one place that knows the URL scheme. */
import { slugify } from "./slug.ts";

/** The identity and URL-relevant fields of a post. */
export interface PostRef {
  id: string;
  data: { slug?: string | undefined };
}

/** URL slug of a post: the optional `slug` field, else its permanent id (file name). */
export function postSlug(post: PostRef): string {
  return post.data.slug ?? post.id;
}

/** Site path of a post page, e.g. "/artikel/vertraege-mit-aenderungsrunden/". */
export function postPath(post: PostRef): string {
  return `/artikel/${postSlug(post)}/`;
}

/** Site path of a tag page; tags keep their spelling for display and get a slug for the URL. */
export function tagPath(tag: string): string {
  return `/themen/${slugify(tag)}/`;
}

/** Site path of page `n` of the home listing (page 1 is the home page). */
export function listingPath(page: number): string {
  return page <= 1 ? "/" : `/seite/${page}/`;
}
