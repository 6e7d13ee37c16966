/**
 * The Astro binding for feeds: renders the newest posts' full content once per build
 * (Container API, web components) and turns them into feed items; the same for the
 * newsletter editions' feed, each edition followed by the posts it features.
 */
import rss from "@astrojs/rss";
import { siteConfig, t } from "./config.ts";
import { render } from "astro:content";
import { webComponents } from "../components/mdx/index.ts";
import { getContainer } from "./container.ts";
import { getFeaturedPosts, getPublicEditions, type Edition } from "./editions.ts";
import { getPublishedPosts, now, type Post } from "./posts.ts";
import { href, location, url } from "./site.ts";
import { absolutizeHtmlUrls } from "../lib/absolute-urls.ts";
import {
  escapeXml,
  featuredPostsHtml,
  newestUpdate,
  toEditionFeedItem,
  toFeedItem,
  type FeedItem,
  type FeedMeta,
} from "../lib/feed-items.ts";
import { PAGES, editionPath, postPath } from "../lib/routes.ts";

/** A post's or an edition's MDX as HTML with the web components and absolute URLs. */
async function renderEntryHtml(entry: Post | Edition, path: string): Promise<string> {
  const { Content } = await render(entry);
  const html = await (await getContainer()).renderToString(Content, { props: { components: webComponents } });
  return absolutizeHtmlUrls(html, { location, pageUrl: url(path) });
}

async function renderPostHtml(post: Post): Promise<string> {
  return renderEntryHtml(post, postPath(post));
}

let items: Promise<FeedItem[]> | undefined;

/** Items for the newest `feedItems` posts, rendered once and shared by RSS, Atom and JSON Feed. */
export function getFeedItems(): Promise<FeedItem[]> {
  items ??= getPublishedPosts().then((posts) =>
    Promise.all(
      posts.slice(0, siteConfig.feedItems).map(async (post) => toFeedItem(post, url(postPath(post)), await renderPostHtml(post))),
    ),
  );
  return items;
}

/** An edition's text, then the posts it features as links. */
async function renderEditionHtml(edition: Edition): Promise<string> {
  const featured = (await getFeaturedPosts(edition)).map((post) => ({
    title: post.data.title,
    url: url(postPath(post)),
    description: post.data.description,
  }));
  return (await renderEntryHtml(edition, editionPath(edition))) + featuredPostsHtml(t.editions.featuredPosts, featured);
}

let editionItems: Promise<FeedItem[]> | undefined;

/** Items for the newest `feedItems` public editions, with their full text, for the editions' feed. */
export function getEditionFeedItems(): Promise<FeedItem[]> {
  editionItems ??= getPublicEditions().then((editions) =>
    Promise.all(
      editions
        .slice(0, siteConfig.feedItems)
        .map(async (edition) => toEditionFeedItem(edition, url(editionPath(edition)), await renderEditionHtml(edition))),
    ),
  );
  return editionItems;
}

/** Channel facts for the editions' feed: its own title, and the editions' archive as its home. */
export function editionFeedMeta(feedItems: readonly FeedItem[]): FeedMeta {
  return {
    ...feedMeta(PAGES.editionsFeed, feedItems),
    title: t.editions.feedTitle(siteConfig.title),
    description: t.editions.description,
    siteUrl: url(PAGES.editions),
  };
}

/** Channel facts for a feed document at `feedPath`. */
export function feedMeta(feedPath: string, feedItems: readonly FeedItem[]): FeedMeta {
  return {
    title: siteConfig.title,
    description: siteConfig.description,
    siteUrl: url(PAGES.home),
    feedUrl: url(feedPath),
    stylesheetUrl: href(PAGES.feedStyle),
    language: siteConfig.lang,
    author: siteConfig.author,
    updated: newestUpdate(feedItems, now),
  };
}

/**
 * An RSS 2.0 response with full content (through @astrojs/rss), for the posts' feed and
 * the editions' alike; the guid is the permanent id, not the URL, so a new address never
 * shows an item twice.
 */
export function rssResponse(meta: FeedMeta, items: readonly FeedItem[]): Promise<Response> {
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
}
