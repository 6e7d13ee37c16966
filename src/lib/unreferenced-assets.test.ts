import { describe, expect, it } from "vitest";
import { unreferencedAssets } from "./unreferenced-assets.ts";

describe("unreferencedAssets", () => {
  it("keeps what a page, feed or email mentions and returns the rest", () => {
    const assets = ["hero.A1.webp", "geheim.B2.jpg", "mail.C3.jpg", "feed.D4.png"];
    const texts = [
      '<img src="/blog/_astro/hero.A1.webp" srcset="/_astro/hero.A1.webp 600w">',
      '<img src="https://example.de/_astro/mail.C3.jpg">',
      "&lt;img src=&quot;https://example.de/_astro/feed.D4.png&quot;&gt;",
    ];
    expect(unreferencedAssets(assets, texts)).toEqual(["geheim.B2.jpg"]);
  });

  it("returns everything when nothing refers to the assets", () => {
    expect(unreferencedAssets(["a.jpg", "b.png"], ["<p>Text</p>"])).toEqual(["a.jpg", "b.png"]);
  });
});
