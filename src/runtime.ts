/**
 * What a blog's own components (`components: { Header: "./src/Header.astro" }`) can read,
 * the same way the built-in ones do: the validated config, the UI strings, the site's
 * paths and URLs, and the published posts.
 */
export { siteConfig, t } from "./data/config.ts";
export { href, url, location } from "./data/site.ts";
export { getPublishedPosts, now, type Post } from "./data/posts.ts";
export { PAGES, postPath, tagPath, listingPath } from "./lib/routes.ts";
