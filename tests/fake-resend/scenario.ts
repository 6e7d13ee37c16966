/**
 * Test scaffolding around the real newsletter CLI: a fake Resend, a fake public site for
 * the live check, a manifest fixture in a temp folder, and a way to run the CLI as a
 * child process exactly as `rundbrief newsletter` does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { daysAgo, writeManifestFixture, type FixturePost } from "../fixtures/manifest/builders.ts";
import type { JournalEntry } from "../../src/lib/newsletter/journal.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend, type FakeResendOptions } from "./server.ts";

/** The project root (the demo blog), where `rundbrief newsletter` runs. */
export const PROJECT_ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(PROJECT_ROOT, "scripts/rundbrief.ts");

/** A key that looks like a real one, so a leak is easy to spot in any output. */
export const SECRET_KEY = "re_Test_S3cr3tValue_9f8e7d6c5b4a";

/** What a finished CLI run left behind. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started CLI: the child (to kill it) and its result. */
export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliRun>;
}

/** Starts `rundbrief newsletter <args>` with only the given newsletter environment. */
export function spawnNewsletterCli(args: string[], env: Record<string, string>): RunningCli {
  return spawnCli(["newsletter", ...args], env);
}

/**
 * Starts `rundbrief <args>` in the demo blog with only the given Resend and newsletter
 * environment, stdin closed (no terminal); `cli` is the entry (default the TypeScript
 * source, or lib/cli.js as the package ships it).
 */
export function spawnCli(args: string[], env: Record<string, string>, cli = CLI): RunningCli {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("RESEND_") && !name.startsWith("NEWSLETTER_") && name !== "BUILD_NOW",
    ),
  );
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...inherited, FORCE_COLOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolveRun) => {
    child.on("close", (code, signal) => resolveRun({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** A public site that answers 200 to everything, after `notFoundFirst` 404s (a deploy still running). */
export async function startFakeSite(options: { notFoundFirst?: number } = {}) {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    const live = hits > (options.notFoundFirst ?? 0);
    res.writeHead(live ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(live ? "<h1>Artikel</h1>" : "Nicht gefunden");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("Fake-Site: kein TCP-Port erhalten.");
  return {
    url: `http://127.0.0.1:${address.port}`,
    hits: () => hits,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Posts in the default fixture: two to send, one before `since`, one in the future. */
export const ELIGIBLE = ["vertraege-mit-aenderungsrunden", "statusbericht-in-fuenf-minuten"];
/** Posts that must never be mailed; the last two are absent from the manifest (draft, newsletter: false). */
export const NEVER = ["archiv-vor-dem-stichtag", "erscheint-naechste-woche", "entwurf-noch-geheim", "intern-ohne-newsletter"];

/** The default posts relative to now; `since` lies 30 days back. */
export function defaultPosts(now = new Date()): FixturePost[] {
  return [
    { id: ELIGIBLE[0]!, title: "Änderungsrunden im Vertrag begrenzen", publishedAt: daysAgo(3, now) },
    { id: ELIGIBLE[1]!, title: "Der Statusbericht in fünf Minuten", publishedAt: daysAgo(1, now) },
    { id: NEVER[0]!, title: "Ein Artikel aus dem Archiv", publishedAt: daysAgo(60, now) },
    { id: NEVER[1]!, title: "Erscheint nächste Woche", publishedAt: daysAgo(-7, now) },
  ];
}

/** Options of a scenario. */
export interface ScenarioOptions {
  posts?: FixturePost[];
  since?: Date;
  fake?: FakeResendOptions;
  /** Extra manifest entries are pointed at the fake site unless they carry a url. */
  siteNotFoundFirst?: number;
}

/** One prepared world: fake Resend, fake site, manifest, journal folder, and the CLI environment. */
export async function newsletterScenario(options: ScenarioOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rundbrief-newsletter-"));
  const fake: FakeResend = await startFakeResend({
    apiKey: SECRET_KEY,
    rateLimit: { requests: 2, windowMs: 40 },
    ...options.fake,
  });
  const site = await startFakeSite({ notFoundFirst: options.siteNotFoundFirst ?? 0 });
  const since = options.since ?? daysAgo(30);
  const withSiteUrls = (list: FixturePost[]) =>
    list.map((post) => ({ ...post, url: post.url ?? `${site.url}/artikel/${post.id}/` }));
  const posts = options.posts ?? defaultPosts();
  const manifestPath = writeManifestFixture(join(dir, "dist-newsletter"), withSiteUrls(posts), { since, site: site.url });
  const journalDir = join(dir, ".newsletter");
  const env: Record<string, string> = {
    RESEND_API_KEY: SECRET_KEY,
    RESEND_BASE_URL: fake.url,
    RESEND_SEGMENT_ID: SEGMENT_ID,
    RESEND_MIN_INTERVAL_MS: "20",
    RESEND_TIMEOUT_MS: "3000",
    NEWSLETTER_SINCE: since.toISOString(),
    NEWSLETTER_JOURNAL_DIR: journalDir,
    NEWSLETTER_LIVE_WAIT_SECONDS: "3",
  };
  return {
    dir,
    fake,
    site,
    manifestPath,
    journalDir,
    env,
    /** Builds again with other posts: a new manifest and emails in the same place, as the next commit's build. */
    rebuild(next: FixturePost[], builtAt = new Date()): void {
      writeManifestFixture(join(dir, "dist-newsletter"), withSiteUrls(next), { since, site: site.url, generatedAt: builtAt });
    },
    /** Starts the CLI on this scenario's manifest. */
    start(args: string[], extraEnv: Record<string, string> = {}): RunningCli {
      return spawnNewsletterCli(["--manifest", manifestPath, ...args], { ...env, ...extraEnv });
    },
    /** Runs the CLI to the end. */
    run(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
      return this.start(args, extraEnv).done;
    },
    /** The journal lines written so far. */
    journal(): JournalEntry[] {
      const file = join(journalDir, "journal.jsonl");
      if (!existsSync(file)) return [];
      return readFileSync(file, "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as JournalEntry);
    },
    /** Broadcasts of a post that went (or are going) out. */
    delivered(postId: string) {
      return fake.broadcastsNamed(`post:${postId}`).filter((b) => b.status !== "draft");
    },
    /** Drafts of a post still lying around. */
    drafts(postId: string) {
      return fake.broadcastsNamed(`post:${postId}`).filter((b) => b.status === "draft");
    },
    async cleanup(): Promise<void> {
      await fake.stop();
      await site.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A prepared scenario. */
export type Scenario = Awaited<ReturnType<typeof newsletterScenario>>;

/** Everything a run printed or wrote, to check that the key never leaks. */
export function everythingWritten(scenario: Scenario, runs: CliRun[]): string {
  const journal = existsSync(join(scenario.journalDir, "journal.jsonl"))
    ? readFileSync(join(scenario.journalDir, "journal.jsonl"), "utf8")
    : "";
  return [...runs.flatMap((r) => [r.stdout, r.stderr]), journal].join("\n");
}
