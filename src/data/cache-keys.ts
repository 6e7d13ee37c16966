/**
 * The cache keys of the pages Astro may restore from the previous build
 * (experimental.incrementalBuild, see src/integration/incremental-build.ts). Astro already
 * compares each page's module graph; a key adds everything else the page shows: its
 * entries, the posts it links by title, and what every page shows (the configuration with
 * the UI strings it selects, the consent wording of the signup box, the deployed location,
 * the package version, the footer's year). A page restored with a matching key is byte for byte what rendering would write.
 */
import { createHash } from "node:crypto";
import { consent, engineVersion, showUnpublished } from "virtual:rundbrief/config";
import { yearIn } from "../lib/dates.ts";
import { postSlug } from "../lib/routes.ts";
import { ogLocale, siteConfig, subscribeText } from "./config.ts";
import { now, type Post } from "./posts.ts";
import type { Edition } from "./editions.ts";
import type { PageSlice } from "../lib/paginate.ts";
import type { PostStatus } from "../lib/publish.ts";
import { location } from "./site.ts";

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 32);
}

/**
 * What every page shows besides its own entries. The UI strings follow from the config
 * and the engine's code; the strings that read the environment (the signup box's promise)
 * and the clock (the footer's year) are in here themselves.
 */
const siteKey = digest({
  engineVersion,
  config: siteConfig,
  location,
  showUnpublished,
  subscribeText,
  // The wording the signup box shows (versioned files, read by the integration).
  consent,
  ogLocale,
  year: yearIn(now, siteConfig.timeZone),
});

/** An entry as its own page shows it: frontmatter (with the hashed file names of its images) and body. */
function entryKey(entry: { id: string; data: unknown; body?: string | undefined }): unknown {
  return { id: entry.id, data: entry.data, body: entry.body ?? null };
}

/** A post as another page shows it (teaser, related link, previous/next): its address and frontmatter, not its body. */
function postCardKey(post: Post | undefined): unknown {
  return post ? { id: post.id, slug: postSlug(post), data: post.data } : null;
}

/** The cache key of one page: the site's inputs plus `shown`, everything this page shows of the content. */
function pageCacheKey(shown: unknown): string {
  return `${siteKey}.${digest(shown)}`;
}

/** A post's page: the post, its status banner, previous and next, related posts. */
export function postPageKey(page: {
  post: Post;
  status: PostStatus;
  newer?: Post | undefined;
  older?: Post | undefined;
  related: Post[];
}): string {
  return pageCacheKey({
    post: entryKey(page.post),
    status: page.status,
    newer: postCardKey(page.newer),
    older: postCardKey(page.older),
    related: page.related.map(postCardKey),
  });
}

/** A further page of the home listing: its number, the number of pages, its posts' teasers. */
export function listingPageKey(page: PageSlice<Post>): string {
  return pageCacheKey({ number: page.number, total: page.total, posts: page.items.map(postCardKey) });
}

/** A tag's page: the tag as written and its posts' teasers. */
export function tagPageKey(group: { tag: string; posts: Post[] }): string {
  return pageCacheKey({ tag: group.tag, posts: group.posts.map(postCardKey) });
}

/** An edition's page: the edition, its status banner, the teasers of the posts it features. */
export function editionPageKey(page: { edition: Edition; status: PostStatus; featured: Post[] }): string {
  return pageCacheKey({ edition: entryKey(page.edition), status: page.status, featured: page.featured.map(postCardKey) });
}
