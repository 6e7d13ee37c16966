/** What each post's share image shows: one place for the dev route and the build's list. */
import { siteConfig } from "./config.ts";
import { getPublishedPosts, type Post } from "./posts.ts";
import { formatDate } from "../lib/dates.ts";
import { shareImagePath } from "../lib/routes.ts";
import type { ShareImageInput } from "../lib/share-image.ts";

/** The drawing of one post's card. */
export function shareImageInputOf(post: Post): ShareImageInput {
  return {
    title: post.data.title,
    siteTitle: siteConfig.title,
    dateLabel: formatDate(post.data.pubDate, siteConfig.locale, siteConfig.timeZone),
    tag: post.data.tags[0],
  };
}

/** One entry of the build's list: where the PNG goes (site path) and what it shows. */
export interface ShareImageEntry {
  path: string;
  input: ShareImageInput;
}

/** Every published post's share image. */
export async function getShareImageList(): Promise<ShareImageEntry[]> {
  return (await getPublishedPosts()).map((post) => ({ path: shareImagePath(post), input: shareImageInputOf(post) }));
}
