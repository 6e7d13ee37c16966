/**
 * Where the CLI finds posts: RUNDBRIEF_CONTENT_DIR (tests, benchmarks) or the config's
 * postsDir, as postsLoader() does; and editions, as editionsLoader() does.
 */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { editionsDirOf } from "../../src/lib/editions-dir.ts";

/** Absolute path of the posts folder of the blog in `cwd`. */
export function postsDir(
  cwd: string,
  config: { postsDir: string },
  env: Record<string, string | undefined> = process.env,
): string {
  return resolve(cwd, env.RUNDBRIEF_CONTENT_DIR || config.postsDir);
}

/** Absolute path of the editions folder of the blog in `cwd`, or null when this run has none. */
export function editionsDir(
  cwd: string,
  config: { editionsDir: string },
  env: Record<string, string | undefined> = process.env,
): string | null {
  const dir = editionsDirOf(config, env);
  return dir === null ? null : resolve(cwd, dir);
}

/** The MDX files (posts or editions) in `dir`, sorted; none when the folder does not exist. */
export function listPostFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(".mdx"))
        .sort()
    : [];
}
