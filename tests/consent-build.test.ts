/**
 * A consent version whose wording changed after it was committed fails `rundbrief check`
 * and the real build, naming the file; the unchanged folder passes both.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../scripts/lib/cli.ts";
import { buildSite, PROJECT_ROOT } from "./support/build-site.ts";
import { PACKAGE_CONSENT_DIR } from "./support/signup-assets.ts";

const SITE_POSTS = join(PROJECT_ROOT, "tests/fixtures/site-posts");

/** The package's consent folder with the German version's checkbox sentence reworded. */
function reworded(): string {
  const dir = mkdtempSync(join(tmpdir(), "rundbrief-consent-"));
  cpSync(PACKAGE_CONSENT_DIR, dir, { recursive: true });
  const file = join(dir, "2026-11-28.md");
  writeFileSync(file, readFileSync(file, "utf8").replace("habe die", "habe die neue"));
  return dir;
}

async function check(env: Record<string, string>) {
  const err: string[] = [];
  const code = await runCli(["check"], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, RUNDBRIEF_CONTENT_DIR: SITE_POSTS, ...env },
    io: { out: () => {}, err: (text) => err.push(text) },
  });
  return { code, stderr: err.join("\n") };
}

describe("a reworded consent version", () => {
  it("fails rundbrief check with the file, the checksums and what to do", async () => {
    const dir = reworded();
    const run = await check({ RUNDBRIEF_CONSENT_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("2026-11-28.md: der Wortlaut der Fassung 2026-11-28 wurde geändert");
    expect(run.stderr).toContain("den neuen Wortlaut als neue Fassung anlegen");
    expect((await check({ RUNDBRIEF_CONSENT_DIR: PACKAGE_CONSENT_DIR })).code).toBe(0);
  });

  it("fails the build before a page is rendered", async () => {
    const build = await buildSite(SITE_POSTS, { RUNDBRIEF_CONSENT_DIR: reworded() });
    expect(build.code).not.toBe(0);
    expect(`${build.stdout}\n${build.stderr}`).toContain("der Wortlaut der Fassung 2026-11-28 wurde geändert");
  });
});
