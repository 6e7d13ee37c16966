/**
 * `npm run publish:due`, the check that lets a quiet hourly publish run stop early: run
 * as the workflow runs it, against the site fixture, with GITHUB_OUTPUT.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, PROJECT_ROOT } from "./support/build-site.ts";

const FIXTURE = join(PROJECT_ROOT, "tests/fixtures/site-posts");

function publishDue(contentDir: string, now: string, args: string[] = [], env: Record<string, string> = {}) {
  const output = join(mkdtempSync(join(tmpdir(), "publish-due-")), "github-output");
  writeFileSync(output, "");
  const run = spawnSync(process.execPath, [CLI, "due", ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, RUNDBRIEF_CONTENT_DIR: contentDir, BUILD_NOW: now, GITHUB_OUTPUT: output, ...env },
  });
  return { ...run, githubOutput: readFileSync(output, "utf8") };
}

describe("publish:due", () => {
  it("goes on when a post became public within the last 3 hours, naming it", () => {
    const run = publishDue(FIXTURE, "2026-11-28T12:17:00+01:00");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Fällig geworden: heute-vormittag (2026-11-28T10:30:00.000Z)");
    expect(run.stdout).toContain("Der Veröffentlichungslauf geht weiter.");
    expect(run.githubOutput).toBe("run=true\n");
  });

  it("stops a quiet hour, and never counts a draft dated within the window", () => {
    const dir = mkdtempSync(join(tmpdir(), "publish-due-posts-"));
    cpSync(FIXTURE, dir, { recursive: true });
    const draft = join(dir, "entwurf-von-heute.mdx");
    writeFileSync(
      draft,
      '---\ntitle: "Entwurf"\ndescription: "Noch nicht fertig."\npubDate: 2026-11-29T14:00:00+01:00\ndraft: true\n---\nText\n',
    );
    const run = publishDue(dir, "2026-11-29T15:17:00+01:00", ["--previous", "success"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "In den letzten 3 Stunden ist kein Artikel fällig geworden und nichts zu planen; der Lauf endet hier.",
    );
    expect(run.stdout).not.toContain("entwurf-von-heute");
    expect(run.githubOutput).toBe("run=false\n");
    writeFileSync(draft, readFileSync(draft, "utf8").replace("draft: true", "draft: false"));
    expect(publishDue(dir, "2026-11-29T15:17:00+01:00").stdout).toContain("Fällig geworden: entwurf-von-heute");
  });

  it.each(["failure", "cancelled", "timed_out"])("tries again every hour after a run that ended with %s", (previous) => {
    const run = publishDue(FIXTURE, "2026-11-29T15:17:00+01:00", ["--previous", previous]);
    expect(run.stdout).toContain(`Der letzte Lauf endete mit „${previous}“; dieser Lauf versucht es noch einmal.`);
    expect(run.githubOutput).toBe("run=true\n");
  });

  it("says when it could not learn how the last run ended, and decides by the posts", () => {
    const run = publishDue(FIXTURE, "2026-11-29T15:17:00+01:00", ["--previous", ""]);
    expect(run.stdout).toContain("Ergebnis des letzten Laufs unbekannt");
    expect(run.githubOutput).toBe("run=false\n");
  });

  it("catches a post dated for the future once its day comes, also after a dropped run", () => {
    expect(publishDue(FIXTURE, "2027-03-01T02:17:00+01:00").githubOutput).toBe("run=true\n");
    const narrow = publishDue(FIXTURE, "2027-03-01T02:17:00+01:00", ["--hours", "1"]);
    expect(narrow.stdout).toContain("In der letzten Stunde ist kein Artikel fällig geworden");
    expect(narrow.githubOutput).toBe("run=false\n");
  });

  it("goes on when a post cannot be read, so the run's build reports it", () => {
    const dir = mkdtempSync(join(tmpdir(), "publish-due-posts-"));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, "kaputt.mdx"), "---\ntitle: [unclosed\n---\nText\n");
    const run = publishDue(dir, "2026-11-29T15:17:00+01:00");
    expect(run.stdout).toContain("Nicht lesbar (der Lauf geht weiter, damit der Build es meldet): kaputt.mdx");
    expect(run.githubOutput).toBe("run=true\n");
  });

  it("goes on when a newsletter edition's send time came, so its page appears, and never for a draft edition", () => {
    const editions = { RUNDBRIEF_EDITIONS_DIR: join(PROJECT_ROOT, "tests/fixtures/site-editions") };
    // zweite-ausgabe is due at 11:45, kuenftige-ausgabe at 12:30; entwurf-ausgabe is a draft.
    const run = publishDue(FIXTURE, "2026-11-28T12:40:00+01:00", ["--hours", "1", "--previous", "success"], editions);
    expect(run.stdout).toContain("Fällig geworden: Ausgabe zweite-ausgabe (2026-11-28T10:45:00.000Z)");
    expect(run.stdout).toContain("Fällig geworden: Ausgabe kuenftige-ausgabe (2026-11-28T11:30:00.000Z)");
    expect(run.stdout).not.toContain("entwurf-ausgabe");
    expect(run.githubOutput).toBe("run=true\n");
    const quiet = publishDue(FIXTURE, "2026-11-29T15:17:00+01:00", ["--previous", "success"], editions);
    expect(quiet.stdout).toContain("In den letzten 3 Stunden ist kein Artikel und keine Ausgabe fällig geworden");
    expect(quiet.githubOutput).toBe("run=false\n");
  });

  it("goes on a day before an edition's send time, so its campaign is scheduled in time", () => {
    const editions = { RUNDBRIEF_EDITIONS_DIR: join(PROJECT_ROOT, "tests/fixtures/site-editions") };
    // kuenftige-ausgabe goes out on 28 November at 12:30; its campaign may be created from 27 November, 12:30.
    const run = publishDue(FIXTURE, "2026-11-27T13:10:00+01:00", ["--hours", "1", "--previous", "success"], editions);
    expect(run.stdout).toContain("Zu planen: edition:kuenftige-ausgabe – wird für 28.11.2026, 12:30 geplant");
    expect(run.githubOutput).toBe("run=true\n");
    const early = publishDue(FIXTURE, "2026-11-27T11:10:00+01:00", ["--hours", "1", "--previous", "success"], editions);
    expect(early.githubOutput).toBe("run=false\n");
  });

  it("refuses a window that is not a positive number", () => {
    const run = publishDue(FIXTURE, "2026-11-29T15:17:00+01:00", ["--hours", "drei"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--hours „drei“ muss eine Zahl größer als 0 sein.");
    expect(run.githubOutput).toBe("");
  });
});
