/**
 * Incremental builds (issue 18): a cold build of the commit, whose pages fill the cache
 * folder, then the same commit with one post's title changed, built again in that cache
 * folder and output folder, as the starter's workflows keep them with actions/cache.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildRundbrief, type BuildClock, type BuildMeasurement } from "./builds.ts";

/** Cold and warm builds of one post count, paired by run. */
export interface IncrementalBenchResult {
  posts: number;
  /** The post whose title each warm build sees changed. */
  changedPost: string;
  /** Every page rendered (no pages in the cache folder; share images and content layer warm). */
  cold: BuildMeasurement[];
  /** Right after each cold build, with one title changed. */
  warm: BuildMeasurement[];
}

/** Measures `runs` pairs at the posts of `contentDir`; the posts are as before afterwards. */
export async function benchIncremental(options: {
  projectDir: string;
  contentDir: string;
  cacheDir: string;
  clock: BuildClock;
  posts: number;
  runs: number;
  log: (message: string) => void;
}): Promise<IncrementalBenchResult> {
  const files = readdirSync(options.contentDir)
    .filter((name) => name.endsWith(".mdx"))
    .sort();
  // A post from the middle of the archive: on a listing page, tag pages, neighbours, related posts.
  const changedPost = files[Math.floor(files.length / 2)]!;
  const path = join(options.contentDir, changedPost);
  const original = readFileSync(path, "utf8");
  const result: IncrementalBenchResult = {
    posts: options.posts,
    changedPost: changedPost.replace(/\.mdx$/, ""),
    cold: [],
    warm: [],
  };
  const common = {
    projectDir: options.projectDir,
    contentDir: options.contentDir,
    clock: options.clock,
    cacheDir: options.cacheDir,
  };
  try {
    for (let run = 0; run < options.runs; run++) {
      const label = `incremental-${options.posts}-run${run + 1}`;
      const cold = await buildRundbrief({ ...common, outputName: "incremental", label: `${label}-cold` });
      const retitled = original.replace(/^title: "(.*)"$/m, `title: "$1 (überarbeitet, Lauf ${run + 1})"`);
      if (retitled === original) throw new Error(`Incremental build: no title line in ${path}.`);
      writeFileSync(path, retitled);
      const warm = await buildRundbrief({ ...common, outputName: "incremental", keepPages: true, label: `${label}-warm` });
      writeFileSync(path, original);
      if (cold.postPages !== options.posts || warm.postPages !== options.posts)
        throw new Error(`Incremental build: ${cold.postPages} and ${warm.postPages} post pages for ${options.posts} posts.`);
      if (!warm.phases.pagesRestored) throw new Error(`Incremental build: the warm build ${label} restored no page.`);
      result.cold.push(cold);
      result.warm.push(warm);
      options.log(
        `N=${options.posts} run ${run + 1}/${options.runs} incremental: cold ${(cold.wallMs / 1000).toFixed(1)} s, ` +
          `warm after one changed post ${(warm.wallMs / 1000).toFixed(1)} s (${warm.phases.pagesRestored} of ${warm.phases.pages} pages restored)`,
      );
    }
  } finally {
    writeFileSync(path, original);
  }
  return result;
}
