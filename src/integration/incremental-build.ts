/**
 * Incremental builds (Astro's experimental.incrementalBuild): a page whose cache key
 * (src/data/cache-keys.ts) and module graph match the previous build is copied from the
 * cache instead of rendered. Astro records the keys in its cache folder only after the
 * last page; a build that stops before (an error, a killed job) may leave pages of the
 * new content in the cache under the old keys. A marker written when a build starts and
 * removed when its pages are done tells the next build to forget the record and render
 * everything once.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Astro's record of the keys of the previous build and its copies of the pages, in its cacheDir (astro/dist/core/build/incremental.js). */
const ASTRO_RECORD = "incremental-build.json";
const ASTRO_PAGE_COPIES = "dist";
/** Present while a build of this cache folder generates its pages. */
const BUILD_MARKER = "rundbrief-build-unfinished";

/** Forgets the pages of the previous build in `cacheDir`, so the next build renders every page (and keeps the other caches). */
export function forgetIncrementalPages(cacheDir: string): void {
  rmSync(join(cacheDir, ASTRO_RECORD), { force: true });
  rmSync(join(cacheDir, ASTRO_PAGE_COPIES), { recursive: true, force: true });
}

/**
 * At the start of a build: if the previous one did not finish its pages, forgets them
 * (returns true, every page is rendered); then marks this build as running.
 */
export function startIncrementalBuild(cacheDir: string): boolean {
  const unfinished = existsSync(join(cacheDir, BUILD_MARKER));
  if (unfinished) forgetIncrementalPages(cacheDir);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, BUILD_MARKER), `${new Date().toISOString()}\n`);
  return unfinished;
}

/** Once Astro has written every page and its record: the cache is consistent again. */
export function finishIncrementalBuild(cacheDir: string): void {
  rmSync(join(cacheDir, BUILD_MARKER), { force: true });
}
