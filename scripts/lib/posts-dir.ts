/** Where the CLI scripts find posts: RUNDBRIEF_CONTENT_DIR (tests, benchmarks) or content/posts. */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

/** Absolute path of the posts folder. */
export function postsDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.RUNDBRIEF_CONTENT_DIR || "content/posts");
}

/** The post files (`*.mdx`) in `dir`, sorted; none when the folder does not exist. */
export function listPostFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(".mdx"))
        .sort()
    : [];
}
