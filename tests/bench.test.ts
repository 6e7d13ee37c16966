/**
 * Smoke check of `npm run bench -- --quick`: the benchmark still runs end to end (both
 * builds, weights, newsletter against the fake Resend) and writes a report with sane
 * numbers. It is not a timed test: the numbers are only checked for plausibility.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./support/build-site.ts";

const outDir = mkdtempSync(join(tmpdir(), "bench-test-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("npm run bench -- --quick", () => {
  it("builds Rundbrief and the bare Astro baseline and writes the report", () => {
    const outFile = join(outDir, "benchmarks.md");
    const run = spawnSync(process.execPath, ["scripts/bench/bench.ts", "--quick", "--out", outFile], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      env: { ...process.env, RESEND_API_KEY: "" },
    });
    expect(run.status, run.stderr).toBe(0);
    const markdown = readFileSync(outFile, "utf8");
    expect(run.stdout).toContain("| posts | Rundbrief wall | bare Astro wall |");

    // | 20 | 9.3 s (466.1 ms/post) | 5.0 s (247.8 ms/post) | 1.88× | 12.0 s / 8.0 s | 1.50× | 679 MiB | 676 MiB | 1.00× |
    const row = new RegExp(
      String.raw`^\| 20 \| ([\d.]+) s \(([\d.]+) ms/post[^)]*\) \| ([\d.]+) s \([\d.]+ ms/post[^)]*\) \| ([\d.]+)× \| ` +
        String.raw`(?:[\d.]+ s / [\d.]+ s|–) \| (?:[\d.]+×|–) \| (\d+) MiB \| (\d+) MiB \| [\d.]+× \|$`,
      "m",
    ).exec(markdown);
    expect(row, markdown).not.toBeNull();
    const [, ours, msPerPost, bare, timeRatio, ourRss, bareRss] = row!.map(Number);
    expect(ours).toBeGreaterThan(0.5);
    expect(bare).toBeGreaterThan(0.5);
    expect(msPerPost! * 20).toBeCloseTo(ours! * 1000, -3);
    expect(timeRatio).toBeGreaterThan(0.1);
    expect(timeRatio).toBeLessThan(20);
    expect(ourRss).toBeGreaterThan(50);
    expect(bareRss).toBeGreaterThan(50);

    expect(markdown).toMatch(/## Machine[\s\S]*Node \| v\d+/);
    expect(markdown).toMatch(/\| 0 bytes of JavaScript on post pages \| 0 bytes \|/);
    expect(markdown).toMatch(/post page ≤ 14 KB HTML \+ CSS gzipped[^|]*\| [\d.]+ KB/);
    expect(markdown).toMatch(/\| no-op \(`--send`, nothing new\) \| [\d.]+ s \| \d+ \|/);
    expect(markdown).toMatch(/Rundbrief: rss\.xml \| [\d.]+ KB \|/);
  });
});
