import { describe, expect, it } from "vitest";
import { escapeHtml, renderStatusPage } from "./html.ts";

describe("escapeHtml", () => {
  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    [`"onmouseover='x'`, "&quot;onmouseover=&#39;x&#39;"],
    ["A & B", "A &amp; B"],
    ["Größe", "Größe"],
  ])("%j → %j", (raw, escaped) => {
    expect(escapeHtml(raw)).toBe(escaped);
  });
});

describe("renderStatusPage", () => {
  it("escapes every piece of text and link target", () => {
    const html = renderStatusPage({
      lang: "de",
      title: "<b>Titel</b>",
      siteTitle: "Rundbrief",
      paragraphs: ["<img src=x onerror=alert(1)>"],
      items: ["<i>Punkt</i>"],
      links: [{ href: `/x"><script>`, label: "<Zurück>" }],
    });
    expect(html).not.toMatch(/<(b|img|i|script)[ >]/);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("&lt;Zurück&gt;");
  });

  it("speaks the site's language", () => {
    const html = renderStatusPage({ lang: "en", title: "Thanks", siteTitle: "Rundbrief", paragraphs: [], links: [] });
    expect(html).toContain('<html lang="en">');
  });
});
