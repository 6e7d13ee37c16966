/**
 * The `rundbrief` command as a function: runCli with captured output in the demo blog's
 * folder, so the thin bindings (help, unknown commands, new, check, pr-summary) are
 * tested without a process per case.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../scripts/lib/cli.ts";
import { daysAgo, writeManifestFixture } from "./fixtures/manifest/builders.ts";
import { PROJECT_ROOT } from "./support/build-site.ts";

/** The site build's fixture posts, valid as they are. */
const SITE_POSTS = join(PROJECT_ROOT, "tests/fixtures/site-posts");

/** Runs `rundbrief <argv>` in the demo blog with `env` and returns the exit code and what it wrote. */
async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, ...env },
    io: { out: (text) => out.push(text), err: (text) => err.push(text) },
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("rundbrief", () => {
  it("lists its commands in German, and without a command exits 2", async () => {
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Verwendung: rundbrief <Befehl>[\s\S]*newsletter\s+Versandplan zeigen/);
    expect((await cli(["--help"])).code).toBe(0);
  });

  it.each(["senden", "constructor", "__proto__"])("refuses the unknown command %s with the list and exit 2", async (name) => {
    const run = await cli([name]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Unbekannter Befehl „${name}“.`);
  });

  it.each(["build", "check", "new", "newsletter", "preview", "due", "subscribe-serve", "subscribers", "pr-summary"])(
    "%s --help prints its German usage and exits 0",
    async (command) => {
      const run = await cli([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Verwendung: rundbrief ${command}`);
    },
  );
});

describe("a command line that cannot work", () => {
  it.each([
    ["due", "--stunden", "3"],
    ["pr-summary", "--manifest"],
    ["subscribe-serve", "--port"],
  ])("%s %s: names the problem, shows the help and exits 2", async (...argv) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unbekannter oder unvollständiger Aufruf:");
    expect(run.stderr).toContain(`Verwendung: rundbrief ${argv[0]}`);
  });

  it.each([
    [["due", "--stunden", "3"], "die Option „--stunden“ gibt es nicht."],
    [["pr-summary", "--manifest"], "die Option „--manifest“ braucht einen Wert."],
    [["newsletter", "--send=ja"], "die Option „--send“ nimmt keinen Wert."],
  ])("%j says in German what is wrong", async (argv, reason) => {
    expect((await cli(argv)).stderr).toContain(`Unbekannter oder unvollständiger Aufruf: ${reason}`);
  });
});

describe("rundbrief new", () => {
  it("creates a valid draft dated today in the site's time zone, and refuses a second one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rundbrief-new-"));
    const env = { RUNDBRIEF_CONTENT_DIR: dir };
    const first = await cli(["new", "Änderungsrunden", "begrenzen"], env);
    expect(first.code, first.stderr).toBe(0);
    const text = readFileSync(join(dir, "aenderungsrunden-begrenzen.mdx"), "utf8");
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" }).format(new Date());
    expect(text).toContain('title: "Änderungsrunden begrenzen"');
    expect(text).toContain(`pubDate: ${today}`);
    expect(text).toContain("draft: true");
    expect((await cli(["check"], env)).code).toBe(0);
    const again = await cli(["new", "Änderungsrunden begrenzen"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("gibt es schon");
    expect((await cli(["new"], env)).code).toBe(2);
  });
});

describe("rundbrief new --edition", () => {
  it("creates a draft edition for the next Monday's send time that check accepts, and refuses a second one", async () => {
    const posts = mkdtempSync(join(tmpdir(), "rundbrief-new-posts-"));
    const editions = mkdtempSync(join(tmpdir(), "rundbrief-new-editions-"));
    // Thursday 3 December 2026: the next Monday is 7 December; the demo sends at 07:30.
    const env = { RUNDBRIEF_CONTENT_DIR: posts, RUNDBRIEF_EDITIONS_DIR: editions, BUILD_NOW: "2026-12-03T10:00:00+01:00" };
    const first = await cli(["new", "--edition", "Woche 50: Gute Vorsätze für Kundenprojekte"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("rundbrief preview edition:woche-50-gute-vorsaetze-fuer-kundenprojekte");
    const text = readFileSync(join(editions, "woche-50-gute-vorsaetze-fuer-kundenprojekte.mdx"), "utf8");
    expect(text).toContain('subject: "Woche 50: Gute Vorsätze für Kundenprojekte"');
    expect(text).toContain("sendAt: 2026-12-07 07:30");
    expect(text).toContain("posts: auto");
    expect(text).toContain("draft: true");
    const checked = await cli(["check"], env);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    const again = await cli(["new", "--edition", "Woche 50: Gute Vorsätze für Kundenprojekte"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("gibt es schon");
    expect((await cli(["new", "--edition"], env)).code).toBe(2);
  });
});

describe("rundbrief check", () => {
  it("passes the demo's posts and editions", async () => {
    const run = await cli(["check"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ Artikel und \d+ Ausgaben geprüft, alles in Ordnung/);
  });

  it("names file and field of every problem of an edition, and checks its list against the posts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rundbrief-editions-"));
    writeFileSync(join(dir, "ohne-betreff.mdx"), "---\nsendAt: 2026-11-21 08:00\n---\n\nText\n");
    writeFileSync(join(dir, "ohne-uhrzeit.mdx"), "---\nsubject: S\nsendAt: 2026-11-21\n---\n\nText\n");
    writeFileSync(
      join(dir, "falsche-liste.mdx"),
      "---\nsubject: S\nsendAt: 2026-11-21 08:00\nposts: [gibt-es-nicht, sonderzeichen-im-titel, geheimer-entwurf]\n---\n\n<Gibtsnicht />\n",
    );
    writeFileSync(join(dir, "gute-ausgabe.mdx"), "---\nsubject: S\nsendAt: 2026-11-21 08:00\nposts: auto\n---\n\nText\n");
    const run = await cli(["check"], { RUNDBRIEF_CONTENT_DIR: SITE_POSTS, RUNDBRIEF_EDITIONS_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ohne-betreff\.mdx: ungültiges Frontmatter\n {2}- subject: fehlt \(Pflichtfeld, Text\)\./);
    expect(run.stderr).toMatch(/ohne-uhrzeit\.mdx: ungültiges Frontmatter\n {2}- sendAt: „2026-11-21“ hat keine Uhrzeit\./);
    expect(run.stderr).toMatch(
      /falsche-liste\.mdx: ungültiges Frontmatter\n {2}- posts: „gibt-es-nicht“: Einen Artikel mit dieser ID gibt es nicht\.[^\n]*\n {2}- posts: „geheimer-entwurf“ ist ein Entwurf/,
    );
    expect(run.stderr).toMatch(/falsche-liste\.mdx:7: <Gibtsnicht> ist keine bekannte Komponente/);
    expect(run.stderr).not.toContain("gute-ausgabe");
    expect(run.stderr).toContain("4 Problem(e) in 12 Artikeln und 4 Ausgaben");
  });

  it("names file, field and line of every problem and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rundbrief-check-"));
    writeFileSync(join(dir, "falsches-datum.mdx"), "---\ntitle: T\ndescription: D\npubDate: 31.02.2026\n---\n\nText\n");
    writeFileSync(
      join(dir, "mit-import.mdx"),
      '---\ntitle: T\ndescription: D\npubDate: 2026-11-28\n---\n\nimport X from "./x.astro";\n',
    );
    writeFileSync(join(dir, "Gross.mdx"), "---\ntitle: T\ndescription: D\npubDate: 2026-11-28\n---\n\nText\n");
    const run = await cli(["check"], { RUNDBRIEF_CONTENT_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /falsches-datum\.mdx: ungültiges Frontmatter\n {2}- pubDate: „31\.02\.2026“ ist kein gültiges Datum/,
    );
    expect(run.stderr).toMatch(/mit-import\.mdx:7/);
    expect(run.stderr).toContain("Dateiname „Gross.mdx“");
    expect(run.stderr).toContain("3 Problem(e) in 3 Artikeln");
  });
});

describe("rundbrief check, all at once", () => {
  it("reports a field error and the heroAlt rule together, not one layer per run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rundbrief-layers-"));
    writeFileSync(
      join(dir, "zwei-fehler.mdx"),
      "---\ntitle: T\ndescription: D\npubDate: 2026-11-28\ntags: Verträge\nheroImage: ./bild.jpg\n---\n\n![](./bilder/x.png)\n",
    );
    const run = await cli(["check"], { RUNDBRIEF_CONTENT_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("  - tags: muss eine Liste sein");
    expect(run.stderr).toContain("  - heroAlt: fehlt: Zu heroImage gehört ein Alternativtext");
    expect(run.stderr).toContain("zwei-fehler.mdx:9: Bild „./bilder/x.png“ hat keinen Alternativtext");
    expect(run.stderr).toContain("zwei-fehler.mdx:6: heroImage „./bild.jpg“: diese Datei gibt es nicht.");
  });
});

describe("rundbrief pr-summary", () => {
  it("summarises the changed posts from the manifest and the dry run, in-process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rundbrief-pr-"));
    const manifest = writeManifestFixture(join(dir, "newsletter"), [{ id: "neuer-artikel", publishedAt: daysAgo(0.1) }], {
      since: daysAgo(30),
    });
    const run = await cli(["pr-summary", "--manifest", manifest, "neuer-artikel", "entwurf"], {
      NEWSLETTER_SINCE: daysAgo(30).toISOString(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("| `neuer-artikel` |");
    expect(run.stdout).toMatch(/\| `neuer-artikel` \| [\d.]+ KB \| wird verschickt/);
    expect(run.stdout).toContain("| `entwurf` | keine | wird nicht verschickt");
    expect(run.stdout).toContain("Ohne API-Schlüssel geplant");
  });

  it("asks for a build when there is no manifest", async () => {
    const run = await cli(["pr-summary", "--manifest", "/nonexistent/manifest.json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Bitte zuerst `rundbrief build` ausführen");
  });
});
