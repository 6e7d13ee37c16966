/** Where the CLI finds posts: RUNDBRIEF_CONTENT_DIR (tests, benchmarks) or the config's postsDir, as postsLoader() does. */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

/** Absolute path of the posts folder of the blog in `cwd`. */
export function postsDir(
  cwd: string,
  config: { postsDir: string },
  env: Record<string, string | undefined> = process.env,
): string {
  return resolve(cwd, env.RUNDBRIEF_CONTENT_DIR || config.postsDir);
}

/** The post files (`*.mdx`) in `dir`, sorted; none when the folder does not exist. */
export function listPostFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(".mdx"))
        .sort()
    : [];
}
