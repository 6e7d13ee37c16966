/**
 * An article about merge tags, built and sent through the fake Resend, which fills in
 * merge tags the way Resend does: the subscriber reads the author's examples as written,
 * and only the footer's unsubscribe link is filled in.
 */
import { newsletterOutputDir } from "../src/lib/routes.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, PROJECT_ROOT, type BuildResult } from "./support/build-site.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend } from "./fake-resend/server.ts";
import { spawnNewsletterCli, SECRET_KEY } from "./fake-resend/scenario.ts";

const READER = "erika@example.org";
let build: BuildResult;
let fake: FakeResend;
let received: { subject: string; html: string; text: string } | null;

beforeAll(async () => {
  build = await buildSite(join(PROJECT_ROOT, "tests/fixtures/merge-tag-posts"), {
    BUILD_NOW: "2026-11-28T12:00:00+01:00",
    NEWSLETTER_SINCE: "2026-11-01",
  });
  expect(build.code, build.stderr + build.stdout).toBe(0);
  fake = await startFakeResend({ apiKey: SECRET_KEY });
  fake.addContact(READER, { segments: [SEGMENT_ID] }).first_name = "Erika";
  const run = await spawnNewsletterCli(
    ["--send", "--no-wait-live", "--manifest", join(newsletterOutputDir(build.outDir), "manifest.json")],
    {
      RESEND_API_KEY: SECRET_KEY,
      RESEND_BASE_URL: fake.url,
      RESEND_SEGMENT_ID: SEGMENT_ID,
      RESEND_MIN_INTERVAL_MS: "0",
      NEWSLETTER_SINCE: "2026-11-01",
      NEWSLETTER_JOURNAL_DIR: mkdtempSync(join(tmpdir(), "rundbrief-journal-")),
      BUILD_NOW: "2026-11-28T12:00:00+01:00",
    },
  ).done;
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const [broadcast] = fake.broadcastsNamed("post:anrede-im-newsletter");
  received = broadcast ? fake.receivedBy(broadcast, READER) : null;
});

afterAll(async () => {
  await fake?.stop();
});

/** What a reader sees: the invisible word joiners that keep the braces apart removed. */
const seen = (text: string) => text.replaceAll("\u2060", "");

describe("a post about merge tags, as a subscriber receives it", () => {
  it("shows the author's examples as written in subject, HTML and text, never the reader's name", () => {
    expect(received).not.toBeNull();
    expect(seen(received!.subject)).toBe("Was {{{contact.first_name}}} wirklich bewirkt");
    for (const part of [received!.html, received!.text]) {
      expect(seen(part)).toContain("{{{contact.first_name}}}");
      expect(seen(part)).toContain("Abmeldelink: {{{RESEND_UNSUBSCRIBE_URL}}}");
      expect(part).not.toContain("Erika");
    }
  });

  it("still fills in the footer's own unsubscribe link", () => {
    const link = `${fake.url}/unsubscribe/`;
    expect(received!.html).toContain(`href="${link}`);
    expect(received!.text).toContain(link);
  });

  it("is a real expansion: the fake fills in a tag that is not neutralised", () => {
    const [broadcast] = fake.broadcastsNamed("post:anrede-im-newsletter");
    const raw = fake.receivedBy({ ...broadcast!, subject: "Hallo {{{contact.first_name|Leserin}}}" }, READER);
    expect(raw?.subject).toBe("Hallo Erika");
  });
});
