import { describe, expect, it } from "vitest";
import { parseAstroBuildLog, routeGroup } from "./astro-log.ts";

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
});
