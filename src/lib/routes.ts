/**
 * Every path of the site in one place: the pages and endpoints the integration injects,
 * the links between them, the signup handler's redirects and the sitemap filter.
 */
import { slugify } from "./slug.ts";
import { SIGNUP_ASSETS_FILE } from "./subscribe/assets.ts";

/** The fixed pages, by what they are for. */
export const PAGES = {
  home: "/",
  topics: "/themen/",
  archive: "/archiv/",
  /** The archive of the newsletter's hand-written editions; each has its page below it. */
  editions: "/ausgaben/",
  /** The editions' own RSS feed, with their full text. */
  editionsFeed: "/ausgaben/rss.xml",
  /** Full-text search (Pagefind); the only page with JavaScript. */
  search: "/suche/",
  subscribe: "/abonnieren/",
  /** "Check your inbox", after every signup. */
  pending: "/bestaetigen/",
  /** After a confirmed signup. */
  thanks: "/danke/",
  /** A confirmation link that is expired, broken or used. */
  linkInvalid: "/link-abgelaufen/",
  imprint: "/impressum/",
  privacy: "/datenschutz/",
  notFound: "/404.html",
  rss: "/rss.xml",
  atom: "/atom.xml",
  jsonFeed: "/feed.json",
  /** Explains the feeds to readers who click a feed link. */
  feeds: "/feeds/",
  /** The CSS a browser applies when it shows the RSS or Atom feed itself. */
  feedStyle: "/feed.css",
  sitemap: "/sitemap-index.xml",
  /**
   * Where the build renders the newsletter files (emails and manifest.json); the build's
   * last step moves them out of the site (newsletterOutputDir), so they are never deployed.
   */
  newsletter: "/newsletter/",
  /** Where the signup function answers when it runs on the site's own host. */
  api: "/api/",
  /**
   * What the build hands to the integration's last step (the list of share images to
   * write); removed from dist/ before the build ends.
   */
  buildHandoff: "/_rundbrief/",
} as const;

/** Where post pages and the further pages of the home listing live. */
const POST_PREFIX = "/artikel/";
const LISTING_PREFIX = "/seite/";
/** Where the posts' share images (og:image) live. */
const SHARE_IMAGE_PREFIX = "/og/";

/** Where the signup form posts unless the config says otherwise. */
export const DEFAULT_SUBSCRIBE_PATH = `${PAGES.api}subscribe`;

/** Pages for the signup flow only (noindex); never in the sitemap. */
const SIGNUP_FLOW_PAGES: readonly string[] = [PAGES.pending, PAGES.thanks, PAGES.linkInvalid];

/** Whether a site path (without base) belongs in the sitemap. */
export function isInSitemap(path: string): boolean {
  return !path.startsWith(PAGES.newsletter) && !path.startsWith(PAGES.buildHandoff) && !SIGNUP_FLOW_PAGES.includes(path);
}

/**
 * Where a build's newsletter files end up: a folder next to the site's, `dist-newsletter/`
 * for `dist/`. They name editions and digests before their send time, so they stay out of
 * what is deployed; `rundbrief newsletter` reads `dist-newsletter/manifest.json`.
 */
export function newsletterOutputDir(siteDir: string): string {
  return `${siteDir.replace(/[\\/]+$/, "")}-newsletter`;
}

/** The list of share images a build writes, relative to dist/ (see src/integration/share-images.ts). */
export const SHARE_IMAGE_LIST = `${PAGES.buildHandoff.slice(1)}share-images.json`;

/** One route the integration injects: its URL pattern and its file under src/routes/. */
export interface InjectedRoute {
  pattern: string;
  entrypoint: string;
  /** Only for the dev server, or only for `astro build`; both when absent. */
  only?: "dev" | "build";
}

/** The route pattern of a fixed page: its path without the trailing slash ("/" stays). */
const pattern = (path: string): string => (path === PAGES.home ? path : path.replace(/\/$/, ""));

/** Every route of the blog, in the order Astro should know them. */
export const INJECTED_ROUTES: readonly InjectedRoute[] = [
  { pattern: PAGES.home, entrypoint: "index.astro" },
  { pattern: `${LISTING_PREFIX}[page]`, entrypoint: "seite/[page].astro" },
  { pattern: `${POST_PREFIX}[slug]`, entrypoint: "artikel/[slug].astro" },
  // The dev server draws share images on request; a build lists them, and its last step
  // copies them from the cache into dist/og/ without passing 2000 PNGs through Astro.
  { pattern: `${SHARE_IMAGE_PREFIX}[slug].png`, entrypoint: "og/[slug].png.ts", only: "dev" },
  { pattern: `/${SHARE_IMAGE_LIST}`, entrypoint: "og/share-images.json.ts", only: "build" },
  { pattern: pattern(PAGES.topics), entrypoint: "themen/index.astro" },
  { pattern: `${PAGES.topics}[tag]`, entrypoint: "themen/[tag].astro" },
  { pattern: pattern(PAGES.archive), entrypoint: "archiv/index.astro" },
  { pattern: pattern(PAGES.editions), entrypoint: "ausgaben/index.astro" },
  { pattern: `${PAGES.editions}[id]`, entrypoint: "ausgaben/[id].astro" },
  { pattern: PAGES.editionsFeed, entrypoint: "ausgaben/rss.xml.ts" },
  { pattern: pattern(PAGES.search), entrypoint: "suche.astro" },
  { pattern: pattern(PAGES.subscribe), entrypoint: "abonnieren.astro" },
  { pattern: pattern(PAGES.pending), entrypoint: "bestaetigen.astro" },
  { pattern: pattern(PAGES.thanks), entrypoint: "danke.astro" },
  { pattern: pattern(PAGES.linkInvalid), entrypoint: "link-abgelaufen.astro" },
  { pattern: pattern(PAGES.imprint), entrypoint: "impressum.astro" },
  { pattern: pattern(PAGES.privacy), entrypoint: "datenschutz.astro" },
  { pattern: PAGES.notFound.replace(/\.html$/, ""), entrypoint: "404.astro" },
  { pattern: PAGES.rss, entrypoint: "rss.xml.ts" },
  { pattern: PAGES.atom, entrypoint: "atom.xml.ts" },
  { pattern: PAGES.jsonFeed, entrypoint: "feed.json.ts" },
  { pattern: pattern(PAGES.feeds), entrypoint: "feeds.astro" },
  { pattern: PAGES.feedStyle, entrypoint: "feed.css.ts" },
  { pattern: "/robots.txt", entrypoint: "robots.txt.ts" },
  { pattern: `/${SIGNUP_ASSETS_FILE}`, entrypoint: "anmeldung.json.ts" },
  { pattern: `${PAGES.newsletter}[id].html`, entrypoint: "newsletter/[id].html.ts" },
  { pattern: `${PAGES.newsletter}[id].txt`, entrypoint: "newsletter/[id].txt.ts" },
  { pattern: `${PAGES.newsletter}[folder]/[file]`, entrypoint: "newsletter/[folder]/[file].ts" },
  { pattern: `${PAGES.newsletter}manifest.json`, entrypoint: "newsletter/manifest.json.ts" },
];

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
  return `${POST_PREFIX}${postSlug(post)}/`;
}

/** Site path of a post's generated share image, e.g. "/og/vertraege-mit-aenderungsrunden.png". */
export function shareImagePath(post: PostRef): string {
  return `${SHARE_IMAGE_PREFIX}${postSlug(post)}.png`;
}

/** Site path of a newsletter edition's page: its permanent id (file name), e.g. "/ausgaben/woche-49/". */
export function editionPath(edition: { id: string }): string {
  return `${PAGES.editions}${edition.id}/`;
}

/** Site path of a tag page; tags keep their spelling for display and get a slug for the URL. */
export function tagPath(tag: string): string {
  return `${PAGES.topics}${slugify(tag)}/`;
}

/** Site path of page `n` of the home listing (page 1 is the home page). */
export function listingPath(page: number): string {
  return page <= 1 ? PAGES.home : `${LISTING_PREFIX}${page}/`;
}
