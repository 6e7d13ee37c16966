/**
 * Every path of the site in one place: the pages and endpoints the integration injects,
 * the links between them, the signup handler's redirects and the sitemap filter.
 */
import { slugify } from "./slug.ts";

/** The fixed pages, by what they are for. */
export const PAGES = {
  home: "/",
  topics: "/themen/",
  archive: "/archiv/",
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
  sitemap: "/sitemap-index.xml",
  /** The build's newsletter files (emails and manifest.json); never linked, never in the sitemap. */
  newsletter: "/newsletter/",
  /** Where the signup function answers when it runs on the site's own host. */
  api: "/api/",
} as const;

/** Where the signup form posts unless the config says otherwise. */
export const DEFAULT_SUBSCRIBE_PATH = `${PAGES.api}subscribe`;

/** Pages for the signup flow only (noindex); never in the sitemap. */
const SIGNUP_FLOW_PAGES: readonly string[] = [PAGES.pending, PAGES.thanks, PAGES.linkInvalid];

/** Whether a site path (without base) belongs in the sitemap. */
export function isInSitemap(path: string): boolean {
  return !path.startsWith(PAGES.newsletter) && !SIGNUP_FLOW_PAGES.includes(path);
}

/** One route the integration injects: its URL pattern and its file under src/routes/. */
export interface InjectedRoute {
  pattern: string;
  entrypoint: string;
}

/** Every route of the blog, in the order Astro should know them. */
export const INJECTED_ROUTES: readonly InjectedRoute[] = [
  { pattern: "/", entrypoint: "index.astro" },
  { pattern: "/seite/[page]", entrypoint: "seite/[page].astro" },
  { pattern: "/artikel/[slug]", entrypoint: "artikel/[slug].astro" },
  { pattern: "/themen", entrypoint: "themen/index.astro" },
  { pattern: "/themen/[tag]", entrypoint: "themen/[tag].astro" },
  { pattern: "/archiv", entrypoint: "archiv/index.astro" },
  { pattern: "/abonnieren", entrypoint: "abonnieren.astro" },
  { pattern: "/bestaetigen", entrypoint: "bestaetigen.astro" },
  { pattern: "/danke", entrypoint: "danke.astro" },
  { pattern: "/link-abgelaufen", entrypoint: "link-abgelaufen.astro" },
  { pattern: "/impressum", entrypoint: "impressum.astro" },
  { pattern: "/datenschutz", entrypoint: "datenschutz.astro" },
  { pattern: "/404", entrypoint: "404.astro" },
  { pattern: "/rss.xml", entrypoint: "rss.xml.ts" },
  { pattern: "/atom.xml", entrypoint: "atom.xml.ts" },
  { pattern: "/feed.json", entrypoint: "feed.json.ts" },
  { pattern: "/robots.txt", entrypoint: "robots.txt.ts" },
  { pattern: "/newsletter/[id].html", entrypoint: "newsletter/[id].html.ts" },
  { pattern: "/newsletter/[id].txt", entrypoint: "newsletter/[id].txt.ts" },
  { pattern: "/newsletter/manifest.json", entrypoint: "newsletter/manifest.json.ts" },
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
  return `/artikel/${postSlug(post)}/`;
}

/** Site path of a tag page; tags keep their spelling for display and get a slug for the URL. */
export function tagPath(tag: string): string {
  return `${PAGES.topics}${slugify(tag)}/`;
}

/** Site path of page `n` of the home listing (page 1 is the home page). */
export function listingPath(page: number): string {
  return page <= 1 ? PAGES.home : `/seite/${page}/`;
}
