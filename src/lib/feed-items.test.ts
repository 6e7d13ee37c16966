import { describe, expect, it } from "vitest";
import { escapeXml, feedEntryId, newestUpdate, renderAtom, renderJsonFeed, toFeedItem, type FeedMeta } from "./feed-items.ts";

/** A feed item with overrides. */
function anItem(overrides: Partial<Parameters<typeof toFeedItem>[0]["data"]> = {}, id = "vertraege") {
  return toFeedItem(
    {
      id,
      data: {
        title: "Verträge & <Runden> „gut“",
        description: "Kurz 'und' gut",
        pubDate: new Date("2026-11-27T23:00:00Z"),
        tags: ["Verträge"],
        ...overrides,
      },
    },
    `https://example.de/artikel/${id}/`,
    '<p>Text mit <a href="https://example.de/x/">Link</a> &amp; Ümlaut</p>',
  );
}

const meta: FeedMeta = {
  title: "Rundbrief & Co",
  description: "Tipps",
  siteUrl: "https://example.de/",
  feedUrl: "https://example.de/atom.xml",
  stylesheetUrl: "/feed.css",
  language: "de",
  author: "Redaktion",
  updated: new Date("2026-11-28T00:00:00Z"),
};

describe("feed items", () => {
  it("uses the permanent id, not the URL, as identity", () => {
    const item = anItem({}, "alte-id");
    expect(item.id).toBe("alte-id");
    expect(feedEntryId(meta.siteUrl, item.id)).toBe("tag:example.de,2025:alte-id");
  });

  it.each([
    ["&", "&amp;"],
    ["<b>", "&lt;b&gt;"],
    ['"x"', "&quot;x&quot;"],
    ["'", "&apos;"],
    ["a\u0001b", "ab"],
  ])("escapes %j", (input, output) => {
    expect(escapeXml(input)).toBe(output);
  });

  it("writes Atom with escaped title and HTML content", () => {
    const xml = renderAtom(meta, [anItem()]);
    expect(xml).toContain('<title type="text">Verträge &amp; &lt;Runden&gt; „gut“</title>');
    expect(xml).toContain("&lt;p&gt;Text mit &lt;a href=&quot;https://example.de/x/&quot;&gt;");
    expect(xml).toContain('<category term="Verträge"/>');
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="https://example.de/atom.xml"/>');
  });

  it("writes JSON Feed 1.1 with content_html and tags", () => {
    const feed = JSON.parse(renderJsonFeed(meta, [anItem()]));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items[0]).toMatchObject({
      title: "Verträge & <Runden> „gut“",
      tags: ["Verträge"],
      url: "https://example.de/artikel/vertraege/",
    });
    expect(feed.items[0].content_html).toContain("Ümlaut");
  });

  it("takes the newest published or updated date as the feed's update time", () => {
    const items = [anItem(), anItem({ updatedDate: new Date("2026-12-01T00:00:00Z") }, "b")];
    expect(newestUpdate(items, meta.updated).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(newestUpdate([], meta.updated)).toBe(meta.updated);
  });
});
