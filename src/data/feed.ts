/**
 * The Astro binding for feeds: renders the newest posts' full content once per build
 * (Container API, web components) and turns them into feed items.
 */
import { siteConfig } from "./config.ts";
import { render } from "astro:content";
import { webComponents } from "../components/mdx/index.ts";
import { getContainer } from "./container.ts";
import { getPublishedPosts, now, type Post } from "./posts.ts";
import { href, location, url } from "./site.ts";
import { absolutizeHtmlUrls } from "../lib/absolute-urls.ts";
import { newestUpdate, toFeedItem, type FeedItem, type FeedMeta } from "../lib/feed-items.ts";
import { PAGES, postPath } from "../lib/routes.ts";

async function renderPostHtml(post: Post): Promise<string> {
  const { Content } = await render(post);
  const html = await (await getContainer()).renderToString(Content, { props: { components: webComponents } });
  return absolutizeHtmlUrls(html, { location, pageUrl: url(postPath(post)) });
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
