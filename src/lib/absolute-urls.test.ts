import { describe, expect, it } from "vitest";
import {
  absolutizeUrl,
  isSiteUrl,
  absolutizeHtmlUrls,
  UNSUBSCRIBE_PLACEHOLDER,
  withUtm,
  type LinkContext,
} from "./absolute-urls.ts";

const aContext = (base = "", page = "/artikel/mein-artikel/"): LinkContext => ({
  location: { url: "https://blog.example.de", base },
  pageUrl: `https://blog.example.de${base}${page}`,
});

describe("absolutizeUrl", () => {
  it.each([
    ["/impressum/", "", "https://blog.example.de/impressum/"],
    ["../anderer-artikel/", "", "https://blog.example.de/artikel/anderer-artikel/"],
    ["anhang.pdf", "", "https://blog.example.de/artikel/mein-artikel/anhang.pdf"],
    ["#abschnitt", "", "https://blog.example.de/artikel/mein-artikel/#abschnitt"],
    ["/_astro/bild.hash.png", "", "https://blog.example.de/_astro/bild.hash.png"],
    ["//cdn.example.org/bild.png", "", "https://cdn.example.org/bild.png"],
    ["/impressum/", "/blog", "https://blog.example.de/blog/impressum/"],
    ["/blog/_astro/bild.hash.png", "/blog", "https://blog.example.de/blog/_astro/bild.hash.png"],
    ["/blog", "/blog", "https://blog.example.de/blog"],
    ["/blogger/", "/blog", "https://blog.example.de/blog/blogger/"],
    ["../anderer-artikel/", "/blog", "https://blog.example.de/blog/artikel/anderer-artikel/"],
    ["#oben", "/blog", "https://blog.example.de/blog/artikel/mein-artikel/#oben"],
  ])("%s (base %j) → %s", (raw, base, expected) => {
    expect(absolutizeUrl(raw, aContext(base))).toBe(expected);
  });

  it.each([
    "https://example.org/seite",
    "http://example.org/unsicher",
    "mailto:kontakt@example.de",
    "tel:+4930123456",
    UNSUBSCRIBE_PLACEHOLDER,
  ])("leaves %s for the gates to judge", (raw) => {
    expect(absolutizeUrl(raw, aContext())).toBe(raw);
  });
});

describe("isSiteUrl", () => {
  it.each([
    ["https://blog.example.de/artikel/x/", "", true],
    ["https://example.org/artikel/x/", "", false],
    ["https://blog.example.de/blog/artikel/x/", "/blog", true],
    ["https://blog.example.de/anderes/", "/blog", false],
    ["kein url", "", false],
  ])("%s with base %j → %s", (url, base, expected) => {
    expect(isSiteUrl(url, { url: "https://blog.example.de", base })).toBe(expected);
  });
});

describe("withUtm", () => {
  it("adds source, medium and the post id as campaign", () => {
    const url = new URL(withUtm("https://blog.example.de/artikel/x/?a=1#teil", { source: "newsletter", medium: "email" }, "x"));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      a: "1",
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: "x",
    });
    expect(url.hash).toBe("#teil");
  });

  it("uses a configured campaign and replaces existing values", () => {
    const url = new URL(
      withUtm("https://blog.example.de/?utm_source=alt", { source: "brief", medium: "mail", campaign: "herbst" }, "x"),
    );
    expect(url.searchParams.get("utm_source")).toBe("brief");
    expect(url.searchParams.get("utm_campaign")).toBe("herbst");
  });
});

describe("absolutizeHtmlUrls", () => {
  const html = [
    `<p><a href="/impressum/">Impressum</a> <a href="../b/?x=1&amp;y=2">B</a> <a href="https://example.org/">extern</a></p>`,
    `<img src="/blog/_astro/bild.png" alt="Bild" width="552">`,
    `<img src="/blog/_astro/a.png" srcset="/blog/_astro/a.png 1x, /blog/_astro/b.png 2x" alt="A" width="10">`,
    `<a href="${UNSUBSCRIBE_PLACEHOLDER}">Abbestellen</a><p>Grüße &amp; „Zitate“</p>`,
  ].join("");

  it("makes every link and image absolute and keeps text, entities and the placeholder intact", () => {
    const out = absolutizeHtmlUrls(html, aContext("/blog"));
    expect(out).toContain(`href="https://blog.example.de/blog/impressum/"`);
    expect(out).toContain(`href="https://blog.example.de/blog/artikel/b/?x=1&amp;y=2"`);
    expect(out).toContain(`src="https://blog.example.de/blog/_astro/bild.png"`);
    expect(out).toContain(`srcset="https://blog.example.de/blog/_astro/a.png 1x, https://blog.example.de/blog/_astro/b.png 2x"`);
    expect(out).toContain(`href="${UNSUBSCRIBE_PLACEHOLDER}"`);
    expect(out).toContain("Grüße &amp; „Zitate“");
  });

  it("adds no tracking parameters unless asked", () => {
    expect(absolutizeHtmlUrls(html, aContext("/blog"))).not.toContain("utm_");
  });

  it("tags only links into the site when UTM parameters are given", () => {
    const out = absolutizeHtmlUrls(html, aContext("/blog"), {
      parameters: { source: "newsletter", medium: "email" },
      campaign: "mein-artikel",
    });
    expect(out).toContain(
      `href="https://blog.example.de/blog/impressum/?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=mein-artikel"`,
    );
    expect(out).toContain(`href="https://example.org/"`);
    expect(out).toContain(`src="https://blog.example.de/blog/_astro/bild.png"`);
    expect(out).toContain(`href="${UNSUBSCRIBE_PLACEHOLDER}"`);
  });
});
