/** Where the CLI finds posts: RUNDBRIEF_CONTENT_DIR (tests, benchmarks) or content/posts of the blog. */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

/** The posts folder of the blog in `cwd`, as postsLoader() reads it by default. */
const POSTS_DIR = "content/posts";

/** Absolute path of the posts folder. */
export function postsDir(cwd: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(cwd, env.RUNDBRIEF_CONTENT_DIR || POSTS_DIR);
}

/** The post files (`*.mdx`) in `dir`, sorted; none when the folder does not exist. */
export function listPostFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(".mdx"))
        .sort()
    : [];
}

/** A post's permanent id: its file name without `.mdx`. */
export function postIdOf(fileName: string): string {
  return fileName.replace(/\.mdx$/, "");
}
