/**
 * One feed item per post, built once and serialised three ways: RSS (through
 * @astrojs/rss), Atom 1.0 and JSON Feed 1.1.
 */

/** What every feed needs to know about a post. */
export interface FeedItem {
  /** Permanent id (file name); the RSS guid and Atom/JSON id. */
  id: string;
  title: string;
  url: string;
  summary: string;
  /** Full post content as HTML with absolute URLs. */
  contentHtml: string;
  published: Date;
  updated?: Date | undefined;
  tags: string[];
}

/** Facts about the whole feed. */
export interface FeedMeta {
  title: string;
  description: string;
  /** Home page URL. */
  siteUrl: string;
  /** URL of the feed document itself. */
  feedUrl: string;
  /** Site path of the CSS a browser applies when it shows the feed (feed.css). */
  stylesheetUrl: string;
  language: string;
  author: string;
  updated: Date;
}

/** Builds the item of one post from its data and its rendered, absolutised HTML. */
export function toFeedItem(
  post: {
    id: string;
    data: { title: string; description: string; pubDate: Date; updatedDate?: Date | undefined; tags: string[] };
  },
  url: string,
  contentHtml: string,
): FeedItem {
  return {
    id: post.id,
    title: post.data.title,
    url,
    summary: post.data.description,
    contentHtml,
    published: post.data.pubDate,
    updated: post.data.updatedDate,
    tags: post.data.tags,
  };
}

/** Builds the item of one newsletter edition: its subject, preheader and send time, and its rendered HTML. */
export function toEditionFeedItem(
  edition: { id: string; data: { subject: string; preheader?: string | undefined; sendAt: Date } },
  url: string,
  contentHtml: string,
): FeedItem {
  return {
    id: edition.id,
    title: edition.data.subject,
    url,
    summary: edition.data.preheader ?? edition.data.subject,
    contentHtml,
    published: edition.data.sendAt,
    tags: [],
  };
}

/** The posts an edition features, as HTML for its feed item: a heading and a list of links with their descriptions. */
export function featuredPostsHtml(
  heading: string,
  posts: readonly { title: string; url: string; description: string }[],
): string {
  if (posts.length === 0) return "";
  const items = posts
    .map((post) => `<li><a href="${escapeXml(post.url)}">${escapeXml(post.title)}</a><br>${escapeXml(post.description)}</li>`)
    .join("");
  return `<h2>${escapeXml(heading)}</h2><ul>${items}</ul>`;
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // XML 1.0 forbids most control characters even when escaped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "")
  );
}

/** The permanent id as an Atom/JSON Feed id: a tag URI that never changes with the URL. */
export function feedEntryId(siteUrl: string, id: string): string {
  return `tag:${new URL(siteUrl).host},2025:${id}`;
}

/** Serialises an Atom 1.0 document. */
export function renderAtom(meta: FeedMeta, items: readonly FeedItem[]): string {
  const entries = items
    .map(
      (item) => `  <entry>
    <id>${escapeXml(feedEntryId(meta.siteUrl, item.id))}</id>
    <title type="text">${escapeXml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(item.url)}"/>
    <published>${item.published.toISOString()}</published>
    <updated>${(item.updated ?? item.published).toISOString()}</updated>
    <author><name>${escapeXml(meta.author)}</name></author>
${item.tags.map((tag) => `    <category term="${escapeXml(tag)}"/>`).join("\n")}
    <summary type="text">${escapeXml(item.summary)}</summary>
    <content type="html">${escapeXml(item.contentHtml)}</content>
  </entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/css" href="${escapeXml(meta.stylesheetUrl)}"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(meta.language)}">
  <id>${escapeXml(meta.siteUrl)}</id>
  <title type="text">${escapeXml(meta.title)}</title>
  <subtitle type="text">${escapeXml(meta.description)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${escapeXml(meta.feedUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(meta.siteUrl)}"/>
  <updated>${meta.updated.toISOString()}</updated>
  <author><name>${escapeXml(meta.author)}</name></author>
${entries}
</feed>
`;
}

/** Serialises a JSON Feed 1.1 document. */
export function renderJsonFeed(meta: FeedMeta, items: readonly FeedItem[]): string {
  return JSON.stringify(
    {
      version: "https://jsonfeed.org/version/1.1",
      title: meta.title,
      home_page_url: meta.siteUrl,
      feed_url: meta.feedUrl,
      description: meta.description,
      language: meta.language,
      authors: [{ name: meta.author }],
      items: items.map((item) => ({
        id: feedEntryId(meta.siteUrl, item.id),
        url: item.url,
        title: item.title,
        summary: item.summary,
        content_html: item.contentHtml,
        date_published: item.published.toISOString(),
        date_modified: (item.updated ?? item.published).toISOString(),
        tags: item.tags.length > 0 ? item.tags : undefined,
      })),
    },
    null,
    2,
  );
}

/** The newest date among items, or `fallback` for an empty feed. */
export function newestUpdate(items: readonly FeedItem[], fallback: Date): Date {
  return items.reduce(
    (max, item) => {
      const date = item.updated ?? item.published;
      return date > max ? date : max;
    },
    items[0]?.updated ?? items[0]?.published ?? fallback,
  );
}
