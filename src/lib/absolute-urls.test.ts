import { describe, expect, it } from "vitest";
import { absolutizeHtml, absolutizeUrl } from "./absolute-urls.ts";

const page = "https://example.de/blog/artikel/vertraege/";

describe("absolutizeUrl", () => {
  it.each([
    ["/artikel/x/", "https://example.de/artikel/x/"],
    ["../andere/", "https://example.de/blog/artikel/andere/"],
    ["bild.png", "https://example.de/blog/artikel/vertraege/bild.png"],
    ["https://other.example/x", "https://other.example/x"],
    ["mailto:a@example.de", "mailto:a@example.de"],
    ["#abschnitt", "#abschnitt"],
    ["{{{RESEND_UNSUBSCRIBE_URL}}}", "{{{RESEND_UNSUBSCRIBE_URL}}}"],
  ])("%s → %s", (input, output) => {
    expect(absolutizeUrl(input, page)).toBe(output);
  });
});

describe("absolutizeHtml", () => {
  it("rewrites href, src and every srcset candidate", () => {
    const html = `<a href="/x/">x</a><img src='/_astro/a.webp' srcset="/_astro/a-1.webp 600w, /_astro/a-2.webp 1200w" alt="a">`;
    expect(absolutizeHtml(html, page)).toBe(
      `<a href="https://example.de/x/">x</a><img src='https://example.de/_astro/a.webp' srcset="https://example.de/_astro/a-1.webp 600w, https://example.de/_astro/a-2.webp 1200w" alt="a">`,
    );
  });

  it("leaves text that merely looks like an attribute alone", () => {
    const html = "<p>Schreiben Sie href=&quot;/x&quot; nie so.</p>";
    expect(absolutizeHtml(html, page)).toBe(html);
  });
});
