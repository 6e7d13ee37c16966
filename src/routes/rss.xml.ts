import rss from "@astrojs/rss";
import type { APIRoute } from "astro";
import { feedMeta, getFeedItems } from "../data/feed.ts";
import { escapeXml } from "../lib/feed-items.ts";

/** RSS 2.0 with full content; the guid is the post's permanent id, not its URL. */
export const GET: APIRoute = async () => {
  const items = await getFeedItems();
  const meta = feedMeta("/rss.xml", items);
  return rss({
    title: meta.title,
    description: meta.description,
    site: meta.siteUrl,
    // Legible when a browser opens the feed itself; feed readers ignore it.
    stylesheet: meta.stylesheetUrl,
    xmlns: { atom: "http://www.w3.org/2005/Atom" },
    customData: [
      `<language>${meta.language}</language>`,
      `<lastBuildDate>${meta.updated.toUTCString()}</lastBuildDate>`,
      `<atom:link href="${escapeXml(meta.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    ].join(""),
    items: items.map((item) => ({
      title: item.title,
      link: item.url,
      description: item.summary,
      content: item.contentHtml,
      pubDate: item.published,
      categories: item.tags,
      author: undefined,
      customData: `<guid isPermaLink="false">${escapeXml(item.id)}</guid>`,
    })),
  });
};
