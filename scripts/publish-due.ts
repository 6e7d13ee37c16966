/**
 * `npm run publish:due`: does the hourly publish run have anything to do? Yes when a
 * post's publication time fell within the last hours (default 3, so one or two dropped
 * or late scheduled runs lose nothing), when the previous run did not succeed (so a
 * failed deploy or send is tried again every hour, as before), or when a post cannot be
 * read (then the run goes on and fails loudly in its tests). Pushes and manual runs do
 * not ask. Prints the answer in German and, in GitHub Actions, writes `run=true|false`
 * to $GITHUB_OUTPUT.
 *
 *   npm run publish:due -- [--hours 3] [--previous <conclusion of the last run>]
 */
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readFrontmatter } from "../src/lib/frontmatter.ts";
import { nodePostSchema } from "../src/lib/post-schema.ts";
import { becameDue, buildNow } from "../src/lib/publish.ts";
import { listPostFiles, postsDir } from "./lib/posts-dir.ts";
import { loadConfig } from "./lib/load-config.ts";

const HOUR_MS = 60 * 60 * 1000;

/** Conclusions of the previous run (GitHub's names) after which this run tries again. */
const RETRY_AFTER = new Set(["failure", "cancelled", "timed_out", "startup_failure"]);

const { values } = parseArgs({
  options: { hours: { type: "string", default: "3" }, previous: { type: "string", default: "" } },
});
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) {
  console.error(`--hours „${values.hours}“ muss eine Zahl größer als 0 sein.`);
  process.exit(2);
}

const now = buildNow(process.env);
const postSchema = nodePostSchema((await loadConfig()).timeZone);
const dir = postsDir();
const posts: { id: string; data: { draft: boolean; pubDate: Date } }[] = [];
const unreadable: string[] = [];
for (const name of listPostFiles(dir)) {
  try {
    const parsed = postSchema.safeParse(readFrontmatter(readFileSync(join(dir, name), "utf8")));
    if (parsed.success) posts.push({ id: name.replace(/\.mdx$/, ""), data: parsed.data });
    else unreadable.push(name);
  } catch {
    unreadable.push(name);
  }
}

const due = becameDue(posts, now, hours * HOUR_MS);
const previous = values.previous.trim();
const retry = RETRY_AFTER.has(previous);
const run = due.length > 0 || unreadable.length > 0 || retry;
for (const post of due) console.log(`Fällig geworden: ${post.id} (${post.data.pubDate.toISOString()})`);
if (unreadable.length > 0)
  console.log(`Nicht lesbar (der Lauf geht weiter, damit die Tests es melden): ${unreadable.join(", ")}`);
if (retry) console.log(`Der letzte Lauf endete mit „${previous}“; dieser Lauf versucht es noch einmal.`);
if (!previous) console.log("Ergebnis des letzten Laufs unbekannt; entschieden wird nur nach den Artikeln.");
const span = hours === 1 ? "in der letzten Stunde" : `in den letzten ${hours.toLocaleString("de-DE")} Stunden`;
console.log(
  run
    ? "Der Veröffentlichungslauf geht weiter."
    : `${span[0]!.toUpperCase()}${span.slice(1)} ist kein Artikel fällig geworden; der Lauf endet hier.`,
);
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `run=${run}\n`);
