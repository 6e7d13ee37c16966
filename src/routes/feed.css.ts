import type { APIRoute } from "astro";
import { t } from "../data/config.ts";
import { url } from "../data/site.ts";
import { feedStylesheet } from "../lib/feed-style.ts";
import { PAGES } from "../lib/routes.ts";

/** The CSS a browser applies to rss.xml and atom.xml when a reader opens them directly. */
export const GET: APIRoute = () =>
  new Response(feedStylesheet(t.feedStyleNotice(url(PAGES.feeds))), {
    headers: { "Content-Type": "text/css; charset=utf-8" },
  });
