import { describe, expect, it } from "vitest";
import type { BuildMeasurement } from "./builds.ts";
import { pairedSaving } from "./report.ts";

const run = (wallMs: number, cpuMs: number | null = wallMs): BuildMeasurement => ({
  wallMs,
  cpuMs,
  peakRssBytes: 1,
  postPages: 1,
  phases: {
    contentSyncMs: 0,
    bundleMs: 0,
    renderPagesMs: 0,
    imagesMs: 0,
    astroTotalMs: 0,
    searchIndexMs: 0,
    shareImagesMs: 0,
    pages: 0,
    routeGroupsMs: {},
  },
  peakRssByPhase: { "start-up and content sync": 0, bundling: 0, "generating pages": 0, "images and finish": 0 },
});

describe("pairedSaving", () => {
  it("compares each variant run with the full build right before it, not across a drifting machine", () => {
    // The machine gets slower during the run; every variant run is 2 s faster than its pair.
    const paired = [run(40_000), run(50_000), run(60_000)];
    const variant = [run(38_000), run(48_000), run(58_000)];
    expect(pairedSaving(variant, paired)).toEqual({ wallMs: 2_000, cpuMs: 2_000, verdict: "saves" });
  });

  it("says 'costs' when every pair is slower, and 'unclear' when the pairs disagree", () => {
    expect(pairedSaving([run(41_000), run(52_000)], [run(40_000), run(50_000)]).verdict).toBe("costs");
    expect(pairedSaving([run(39_000), run(51_000)], [run(40_000), run(50_000)]).verdict).toBe("unclear");
  });

  it("falls back to wall time when CPU time is missing", () => {
    expect(pairedSaving([run(38_000, null)], [run(40_000)])).toEqual({ wallMs: 2_000, cpuMs: null, verdict: "saves" });
  });
});
