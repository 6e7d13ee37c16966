/** Where the CLI scripts find posts: RUNDBRIEF_CONTENT_DIR (tests, benchmarks) or content/posts. */
import { resolve } from "node:path";

/** Absolute path of the posts folder. */
export function postsDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.RUNDBRIEF_CONTENT_DIR || "content/posts");
}
