import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { finishIncrementalBuild, startIncrementalBuild } from "./incremental-build.ts";

/** A cache folder as Astro leaves it after a build: its record and its copies of the pages. */
function aCacheFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "incremental-"));
  writeFileSync(join(dir, "incremental-build.json"), "{}");
  mkdirSync(join(dir, "dist/artikel/a"), { recursive: true });
  writeFileSync(join(dir, "dist/artikel/a/index.html"), "<h1>a</h1>");
  writeFileSync(join(dir, "data-store.json"), "{}");
  return dir;
}

describe("startIncrementalBuild", () => {
  it("keeps the pages of a build that finished", () => {
    const dir = aCacheFolder();
    expect(startIncrementalBuild(dir)).toBe(false);
    finishIncrementalBuild(dir);
    expect(startIncrementalBuild(dir)).toBe(false);
    expect(existsSync(join(dir, "incremental-build.json"))).toBe(true);
    expect(existsSync(join(dir, "dist/artikel/a/index.html"))).toBe(true);
  });

  it("forgets the pages of a build that stopped before its end, and only them", () => {
    const dir = aCacheFolder();
    startIncrementalBuild(dir);
    expect(startIncrementalBuild(dir)).toBe(true);
    expect(existsSync(join(dir, "incremental-build.json"))).toBe(false);
    expect(existsSync(join(dir, "dist"))).toBe(false);
    expect(existsSync(join(dir, "data-store.json"))).toBe(true);
  });

  it("starts in a cache folder that does not exist yet", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "incremental-")), "neu");
    expect(startIncrementalBuild(dir)).toBe(false);
    finishIncrementalBuild(dir);
    expect(existsSync(dir)).toBe(true);
  });
});
