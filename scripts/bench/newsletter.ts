/**
 * The newsletter benchmark: a manifest of thousands of posts and hundreds of weekly
 * editions, as many existing sent broadcasts on the fake Resend server (with its real 2
 * requests/s limit), the newest campaigns already sent and `since` 30 days back.
 * Measures the send CLI as a child process for a no-op run and for a run with one new
 * post, plus planning and reconciling alone in-process.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as ManifestModule from "../../src/lib/newsletter/manifest.ts";
import type { Manifest, ManifestEntry } from "../../src/lib/newsletter/manifest.ts";
import type * as PlanModule from "../../src/lib/newsletter/plan.ts";
import type { ExistingBroadcast } from "../../src/lib/newsletter/broadcast.ts";
import { SEGMENT_ID, startFakeResend } from "../../tests/fake-resend/server.ts";
import { runMeasured } from "./memory.ts";
import { benchPublishDate } from "./posts.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const SITE = "https://rundbrief.example.de";

/** One measured CLI run. */
export interface NewsletterRunResult {
  wallMs: number;
  /** Every request the fake saw, rate-limited ones included. */
  apiCalls: number;
  /** Of those, answered 429 (the CLI waited and asked again). */
  rateLimited: number;
  callsByRoute: Record<string, number>;
  exitCode: number | null;
  /** Broadcasts the fake holds for the new post afterwards (exactly-once check). */
  newPostBroadcasts: number;
}

/** Results of the newsletter benchmark. */
export interface NewsletterBenchResult {
  posts: number;
  /** Weekly editions in the manifest besides the posts; absent in older saved runs. */
  editions?: number;
  existingBroadcasts: number;
  /** parseManifest + planNewsletter over all posts and broadcasts, in-process, median of 5. */
  planMs: number;
  noop: NewsletterRunResult;
  oneNew: NewsletterRunResult;
  /** Nothing new, one campaign scheduled for later: the run looks at it once. Absent in older saved runs. */
  noopWaiting?: NewsletterRunResult;
}

function emailHtml(title: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title></head><body><table role="presentation" width="600"><tr><td><h1>${title}</h1><p>Ein Beitrag aus dem Benchmark.</p><p><a href="{{{RESEND_UNSUBSCRIBE_URL}}}">Abmelden</a></p></td></tr></table></body></html>\n`;
}

function manifestEntry(dir: string, id: string, publishedAt: Date, kind: "post" | "edition" = "post"): ManifestEntry {
  const title = kind === "post" ? `Benchmark-Beitrag ${id}` : `Benchmark-Ausgabe ${id}`;
  const html = emailHtml(title);
  const folder = kind === "post" ? "" : "ausgaben/";
  mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, `${folder}${id}.html`), html);
  writeFileSync(join(dir, `${folder}${id}.txt`), `${title}\n\nEin Beitrag aus dem Benchmark.\n`);
  return {
    kind,
    id,
    name: `${kind}:${id}`,
    posts: [],
    title,
    subject: title,
    previewText: "Ein Beitrag aus dem Benchmark.",
    url: kind === "post" ? `${SITE}/artikel/${id}/` : `${SITE}/ausgaben/${id}/`,
    publishedAt: publishedAt.toISOString(),
    sendAt: publishedAt.toISOString(),
    html: `${folder}${id}.html`,
    text: `${folder}${id}.txt`,
    htmlBytes: Buffer.byteLength(html),
    sha256: createHash("sha256").update(html).digest("hex"),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Runs the newsletter benchmark in `workDir` against the project snapshot in `projectDir`
 * (its `rundbrief newsletter` and planning code): `posts` manifest entries and as many
 * sent broadcasts.
 */
export async function benchNewsletter(
  workDir: string,
  projectDir: string,
  posts: number,
  now: Date,
  editions = Math.round(posts / 10),
): Promise<NewsletterBenchResult> {
  const snapshotModule = (path: string) => import(pathToFileURL(join(projectDir, path)).href);
  const { MANIFEST_VERSION, parseManifest } = (await snapshotModule("src/lib/newsletter/manifest.ts")) as typeof ManifestModule;
  const { planNewsletter } = (await snapshotModule("src/lib/newsletter/plan.ts")) as typeof PlanModule;
  const scriptPath = join(projectDir, "scripts/rundbrief.ts");
  const manifestDir = join(workDir, "newsletter");
  mkdirSync(manifestDir, { recursive: true });
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const entries = [
    ...Array.from({ length: posts }, (_, index) =>
      manifestEntry(manifestDir, `beitrag-${String(index + 1).padStart(5, "0")}`, benchPublishDate(index, posts, now)),
    ),
    // One edition a week, the newest sent two days ago.
    ...Array.from({ length: editions }, (_, index) =>
      manifestEntry(
        manifestDir,
        `ausgabe-${String(index + 1).padStart(4, "0")}`,
        new Date(now.getTime() - (2 + 7 * (editions - 1 - index)) * DAY_MS),
        "edition",
      ),
    ),
  ];
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    generatedAt: now.toISOString(),
    site: `${SITE}/`,
    since: since.toISOString(),
    perPost: true,
    digest: null,
    campaigns: entries,
  };
  const withCampaigns = (extra: ManifestEntry[]) => JSON.stringify({ ...manifest, campaigns: [...entries, ...extra] });
  const manifestPath = join(manifestDir, "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));

  const fake = await startFakeResend();
  try {
    // Every campaign went out an hour after its send time; the newest ones too.
    const seeded = fake.seedBroadcasts(
      entries.map((entry) => ({ name: entry.name, createdAt: new Date(Date.parse(entry.sendAt) + 3_600_000) })),
    );

    const existing: ExistingBroadcast[] = seeded.map((b) => ({
      id: b.id,
      name: b.name,
      status: b.status,
      createdAt: new Date(b.createdMs),
      scheduledAt: null,
      sentAt: new Date(b.createdMs),
    }));
    const manifestJson = JSON.stringify(manifest);
    const planTimes = Array.from({ length: 5 }, () => {
      const started = performance.now();
      planNewsletter(
        parseManifest(manifestJson, manifestPath),
        existing,
        { since, maxPerRun: 3, safetyMarginMs: 600_000 },
        { now },
      );
      return performance.now() - started;
    });

    const env = {
      ...process.env,
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      RESEND_SEGMENT_ID: SEGMENT_ID,
      NEWSLETTER_SINCE: since.toISOString(),
      NEWSLETTER_JOURNAL_DIR: join(workDir, "journal"),
      BUILD_NOW: now.toISOString(),
      FORCE_COLOR: "0",
    };
    const runCli = async (newPostId: string | null): Promise<NewsletterRunResult> => {
      fake.resetCalls();
      const run = await runMeasured(
        process.execPath,
        [scriptPath, "newsletter", "--send", "--no-wait-live", "--manifest", manifestPath],
        {
          cwd: projectDir,
          env,
        },
      );
      if (run.exitCode !== 0) throw new Error(`newsletter.ts exited with code ${run.exitCode}:\n${run.outputTail}`);
      return {
        wallMs: run.wallMs,
        apiCalls: fake.calls(),
        rateLimited: fake.requests.filter((request) => request.status === 429).length,
        callsByRoute: fake.callsByRoute(),
        exitCode: run.exitCode,
        newPostBroadcasts: newPostId ? fake.broadcastsNamed(`post:${newPostId}`).length : 0,
      };
    };

    const noop = await runCli(null);
    const fresh = manifestEntry(manifestDir, "beitrag-neu", new Date(now.getTime() - 60 * 60 * 1000));
    writeFileSync(manifestPath, withCampaigns([fresh]));
    const oneNew = await runCli(fresh.id);
    // A post whose campaign waits for its send time: scheduled once, then a run that only checks it.
    const later = {
      ...manifestEntry(manifestDir, "beitrag-geplant", new Date(now.getTime() - 30 * 60 * 1000)),
      sendAt: new Date(now.getTime() + 5 * 60 * 60 * 1000).toISOString(),
    };
    writeFileSync(manifestPath, withCampaigns([fresh, later]));
    await runCli(later.id);
    const noopWaiting = await runCli(null);
    return { posts, editions, existingBroadcasts: seeded.length, planMs: median(planTimes), noop, oneNew, noopWaiting };
  } finally {
    await fake.stop();
  }
}
