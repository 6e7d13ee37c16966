import type { APIRoute } from "astro";
import { PAGES } from "../lib/routes.ts";
import { url } from "../data/site.ts";

/** Allow everything; point crawlers at the sitemap. */
export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${url(PAGES.sitemap)}\n`, {
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
