/**
 * The publish workflow's sequence on this machine: build the site for its public https
 * URL, serve dist/ locally, run `newsletter --send` against the fake Resend, which waits
 * until each post's real URL answers, and expect one campaign per new post; then again,
 * and expect none.
 */
import { newsletterOutputDir } from "../src/lib/routes.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, PROJECT_ROOT, type BuildResult } from "./support/build-site.ts";
import { serveDist, type StaticServer } from "./support/static-server.ts";
import { selfSignedCertificate } from "./support/tls.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend } from "./fake-resend/server.ts";
import { spawnNewsletterCli, SECRET_KEY, type CliRun } from "./fake-resend/scenario.ts";

const HOST = "blog.example.de";
const MAILED = ["sonderzeichen-im-titel", "alter-dateiname"];
const NEVER_MAILED = ["ohne-newsletter", "geheimer-entwurf", "zukunftsmusik", "fuellartikel-6"];

let site: StaticServer;
let build: BuildResult;
let fake: FakeResend;
let env: Record<string, string>;

beforeAll(async () => {
  const tls = selfSignedCertificate(HOST);
  site = await serveDist(() => build.outDir, { tls });
  build = await buildSite(join(PROJECT_ROOT, "tests/fixtures/site-posts"), {
    SITE_URL: `https://${HOST}:${site.port}`,
    BUILD_NOW: "2026-11-28T12:00:00+01:00",
    NEWSLETTER_SINCE: "2026-11-01",
  });
  expect(build.code, build.stderr + build.stdout).toBe(0);
  fake = await startFakeResend({ apiKey: SECRET_KEY, rateLimit: { requests: 2, windowMs: 40 } });
  env = {
    RESEND_API_KEY: SECRET_KEY,
    RESEND_BASE_URL: fake.url,
    RESEND_SEGMENT_ID: SEGMENT_ID,
    RESEND_MIN_INTERVAL_MS: "20",
    NEWSLETTER_SINCE: "2026-11-01",
    NEWSLETTER_JOURNAL_DIR: mkdtempSync(join(tmpdir(), "rundbrief-journal-")),
    NEWSLETTER_LIVE_WAIT_SECONDS: "20",
    NODE_OPTIONS: `--import=${join(PROJECT_ROOT, "tests/support/resolve-to-loopback.mjs")}`,
    NODE_EXTRA_CA_CERTS: tls.certPath,
    RUNDBRIEF_LOOPBACK_HOSTS: HOST,
  };
});

afterAll(async () => {
  await fake?.stop();
  await site?.close();
});

const send = (): Promise<CliRun> =>
  spawnNewsletterCli(["--send", "--manifest", join(newsletterOutputDir(build.outDir), "manifest.json")], env).done;

describe("build → serve → send", () => {
  it("sends exactly one campaign per new post, after its page answered", async () => {
    const run = await send();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const id of MAILED) {
      const delivered = fake.broadcastsNamed(`post:${id}`).filter((b) => b.status !== "draft");
      expect(delivered, id).toHaveLength(1);
      expect(delivered[0]?.html).toContain("{{{RESEND_UNSUBSCRIBE_URL}}}");
      expect(delivered[0]?.html).toContain(`https://${HOST}:${site.port}/artikel/`);
    }
    for (const id of NEVER_MAILED) expect(fake.broadcastsNamed(`post:${id}`), id).toEqual([]);
    expect(site.requests).toContain("/artikel/neuer-name/");
    expect(site.requests).toContain("/artikel/sonderzeichen-im-titel/");
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
  });

  it("sends nothing when the same workflow runs again", async () => {
    const before = fake.broadcasts().length;
    const run = await send();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(fake.broadcasts()).toHaveLength(before);
    for (const id of MAILED)
      expect(
        fake.broadcastsNamed(`post:${id}`).filter((b) => b.status !== "draft"),
        id,
      ).toHaveLength(1);
  });
});
