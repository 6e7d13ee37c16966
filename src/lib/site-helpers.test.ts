import { describe, expect, it } from "vitest";
import { paginate } from "./paginate.ts";
import { groupByTag, groupByYear } from "./taxonomy.ts";
import { absoluteUrl, baseContentHref, resolveSiteLocation, withBase } from "./site-url.ts";
import { listingPath, postPath, tagPath } from "./routes.ts";
import { countWords, readingMinutes } from "./reading-time.ts";

const post = (id: string, pubDate: string, tags: string[] = []) => ({ id, data: { pubDate: new Date(pubDate), tags } });

describe("paginate", () => {
  it.each([
    [0, 6, [0]],
    [6, 6, [6]],
    [7, 6, [6, 1]],
    [13, 6, [6, 6, 1]],
  ])("%i items at %i per page → page sizes %j", (count, perPage, sizes) => {
    const pages = paginate(
      Array.from({ length: count }, (_, i) => i),
      perPage,
    );
    expect(pages.map((p) => p.items.length)).toEqual(sizes);
    expect(pages.every((p) => p.total === sizes.length)).toBe(true);
  });

  it("refuses a page size below 1", () => {
    expect(() => paginate([1], 0)).toThrow(/postsPerPage/);
  });
});

describe("taxonomy", () => {
  it("groups tags by slug, sorted in German order, keeping post order", () => {
    const groups = groupByTag([
      post("a", "2026-01-02", ["Übergabe", "Verträge"]),
      post("b", "2026-01-01", ["Verträge", "Angebot"]),
    ]);
    expect(groups.map((g) => [g.tag, g.slug, g.posts.map((p) => p.id)])).toEqual([
      ["Angebot", "angebot", ["b"]],
      ["Übergabe", "uebergabe", ["a"]],
      ["Verträge", "vertraege", ["a", "b"]],
    ]);
  });

  it("groups by Berlin year, newest first", () => {
    const years = groupByYear(
      [post("a", "2026-12-31T23:30:00Z"), post("b", "2026-06-01"), post("c", "2025-03-01")],
      "Europe/Berlin",
    );
    expect(years.map((y) => [y.year, y.posts.map((p) => p.id)])).toEqual([
      [2027, ["a"]],
      [2026, ["b"]],
      [2025, ["c"]],
    ]);
  });
});

describe("site location", () => {
  it.each([
    [{}, "https://example.de", ""],
    [{ SITE_URL: "https://preview.example.net/" }, "https://preview.example.net", ""],
    [{ SITE_URL: "https://user.github.io/blog/" }, "https://user.github.io", "/blog"],
    [{ SITE_URL: "https://user.github.io/blog", BASE_PATH: "/" }, "https://user.github.io", ""],
    [{ BASE_PATH: "docs/" }, "https://example.de", "/docs"],
  ])("env %j → %s + %s", (env, url, base) => {
    expect(resolveSiteLocation({ url: "https://example.de", base: "" }, env)).toEqual({ url, base });
  });

  it("rejects a SITE_URL that is not absolute", () => {
    expect(() => resolveSiteLocation({ url: "https://example.de", base: "" }, { SITE_URL: "example.de" })).toThrow(/SITE_URL/);
  });

  it.each([
    ["", "/artikel/x/", "/artikel/x/"],
    ["/blog", "/artikel/x/", "/blog/artikel/x/"],
    ["/blog", "/blog/artikel/x/", "/blog/artikel/x/"],
    ["/blog", "/blogger/", "/blog/blogger/"],
    ["/blog", "https://x.de/a", "https://x.de/a"],
    ["/blog", "//cdn.example/a", "//cdn.example/a"],
    ["/blog", "#teil", "#teil"],
    ["/blog", "andere/", "andere/"],
  ])("base %j: content link %s → %s", (base, href, expected) => {
    expect(baseContentHref(base, href)).toBe(expected);
  });

  it("joins paths with the base", () => {
    expect(withBase("/blog", "/artikel/x/")).toBe("/blog/artikel/x/");
    expect(absoluteUrl({ url: "https://x.de", base: "/blog" }, "/rss.xml")).toBe("https://x.de/blog/rss.xml");
  });
});

describe("paths and reading time", () => {
  it("uses the slug field for the URL but never for the id", () => {
    expect(postPath({ id: "alt", data: { slug: "neu" } })).toBe("/artikel/neu/");
    expect(postPath({ id: "alt", data: {} })).toBe("/artikel/alt/");
    expect(tagPath("Kundenbeziehung & Vertrauen")).toBe("/themen/kundenbeziehung-und-vertrauen/");
    expect(listingPath(1)).toBe("/");
    expect(listingPath(3)).toBe("/seite/3/");
  });

  it("counts words, not markup", () => {
    expect(countWords('---\ntitle: x\n---\n## Über uns\n\n<Tipp title="a">Eins zwei</Tipp> drei')).toBe(5);
    expect(readingMinutes("wort ".repeat(1000))).toBe(5);
    expect(readingMinutes("")).toBe(1);
  });
});
