import { describe, expect, it } from "vitest";
import { pageOutcomes, parseAstroBuildLog, routeGroup } from "./astro-log.ts";

describe("parseAstroBuildLog", () => {
  it("reads the search index time and sums share-image endpoints as their own group", () => {
    const log = [
      "06:19:08 [build] generating static routes",
      "06:19:08   ├─ /og/vertraege.png (+31ms)",
      "06:19:08   └─ /og/berichte.png (+29ms)",
      "06:19:08   ├─ /artikel/vertraege/index.html (+12ms)",
      "06:19:08 ✓ Completed in 1.20s.",
      "06:19:09 [rundbrief] Teilen-Bilder: 2 in og/ (1 neu gezeichnet, 1 aus dem Cache) (57 ms)",
      "06:19:09 [rundbrief] Suchindex: 2 Artikel in pagefind/ (412 ms)",
      "06:19:09 [build] 3 page(s) built in 4.32s",
    ].join("\n");
    const phases = parseAstroBuildLog(log);
    expect(phases.searchIndexMs).toBe(412);
    expect(phases.shareImagesMs).toBe(57);
    expect(phases.routeGroupsMs).toEqual({ "share images": 60, "post pages": 12 });
    expect(phases.renderPagesMs).toBe(1200);
    expect(phases.astroTotalMs).toBe(4320);
  });

  it("reports 0 for a build without a search index", () => {
    expect(parseAstroBuildLog("[build] 1 page(s) built in 812ms")).toMatchObject({ searchIndexMs: 0, shareImagesMs: 0 });
    expect(routeGroup("/og/x.png")).toBe("share images");
  });

  it("tells the pages Astro rendered from those it restored from the incremental cache", () => {
    const log = [
      "\u001b[2m12:49:40\u001b[22m   \u001b[32m├─\u001b[39m \u001b[2m/artikel/a/index.html\u001b[22m \u001b[32m(restored)\u001b[39m",
      "12:49:40   ├─ /artikel/b/index.html (cached)",
      "12:49:40   ├─ /artikel/c/index.html (+12ms)",
      "12:49:41   ├─ /newsletter/manifest.json[newsletter] a: E-Mail gerendert, 10.8 KB",
      "12:49:41 (+31ms)",
      "12:49:41   └─ /rss.xml (+28ms)",
      "12:49:42 [build] 5 page(s) built in 4.32s",
    ].join("\n");
    expect(pageOutcomes(log)).toEqual({
      rendered: ["/artikel/c/index.html", "/newsletter/manifest.json", "/rss.xml"],
      restored: ["/artikel/a/index.html", "/artikel/b/index.html"],
    });
    expect(parseAstroBuildLog(log)).toMatchObject({ pages: 5, pagesRestored: 2 });
  });
});
