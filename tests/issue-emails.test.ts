/**
 * The emails of editions and digests in the real build: what they show (the edition's
 * text and its posts as cards, a digest's posts of one period), that they pass the same
 * gates as post emails, what the manifest says of them, and the plan the build's dry run
 * makes of them. Digests are turned on with NEWSLETTER_DIGEST, as a blog can in CI.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { UNSUBSCRIBE_PLACEHOLDER } from "../src/lib/absolute-urls.ts";
import { loadHtml } from "../src/lib/email/html.ts";
import { parseManifest, type Manifest } from "../src/lib/newsletter/manifest.ts";
import { newsletterOutputDir } from "../src/lib/routes.ts";
import { PREVIEW_SHOTS, pixelStats, screenshotFileName } from "../src/lib/email/preview.ts";
import { buildSite, CLI, PROJECT_ROOT, type BuildResult } from "./support/build-site.ts";
import { readDist } from "./support/dist.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const SITE = "https://brief.example.org";
// Sunday 6 December 2026: week 49's digest goes out tomorrow at 07:30, week 48's went out six days ago.
const DIGEST_ENV = {
  SITE_URL: SITE,
  BUILD_NOW: "2026-12-06T09:00:00+01:00",
  NEWSLETTER_SINCE: "2026-11-01",
  NEWSLETTER_DIGEST: "week monday 07:30",
};

function manifestOf(build: BuildResult): Manifest {
  const file = join(newsletterOutputDir(build.outDir), "manifest.json");
  return parseManifest(readFileSync(file, "utf8"), file);
}
const emailOf = (build: BuildResult, file: string) => readFileSync(join(newsletterOutputDir(build.outDir), file), "utf8");

describe("digests in a build with NEWSLETTER_DIGEST", () => {
  let build: BuildResult;
  let manifest: Manifest;
  beforeAll(async () => {
    build = await buildSite(join(FIXTURES, "digest-posts"), DIGEST_ENV, [CLI, "build"]);
    if (build.code !== 0) throw new Error(`Build fehlgeschlagen:\n${build.stdout}\n${build.stderr}`);
    manifest = manifestOf(build);
  });

  it("renders one digest per week with posts, newest post first, and no per-post campaigns", () => {
    expect(manifest.perPost).toBe(false);
    expect(manifest.digest).toEqual({ every: "week", on: "monday", at: "07:30" });
    expect(manifest.campaigns.map((c) => [c.name, c.sendAt, c.posts])).toEqual([
      [
        "digest:2026-W48",
        "2026-11-30T07:30:00+01:00",
        [
          "sonntag-spaet",
          "beduerfnisse-erkennen",
          "emotionale-mails",
          "statusbericht-freitag",
          "aenderungen-zaehlen",
          "montag-null-uhr",
        ],
      ],
      ["digest:2026-W49", "2026-12-07T07:30:00+01:00", ["erste-der-woche-49"]],
    ]);
    expect(manifest.campaigns[1]).toMatchObject({
      subject: "Neu im Blog: Woche 49/2026",
      html: "digests/2026-w49.html",
      previewText: "Die Übergabe: so endet ein Projekt, ohne dass der Kontakt endet",
    });
  });

  it("shows the period's posts as cards that link to them, with the intro, the archive and the unsubscribe link", () => {
    const $ = loadHtml(emailOf(build, "digests/2026-w48.html"));
    expect($("h1").text()).toBe("Neue Artikel – Woche 48/2026");
    expect($(".dateline").text()).toBe("23. November 2026 – 29. November 2026");
    expect($(".content").text()).toContain("In der Woche 48/2026 sind 6 neue Artikel erschienen.");
    const cards = $(".post-card-title a")
      .map((_, a) => [[$(a).text(), $(a).attr("href")]])
      .get();
    expect(cards).toHaveLength(6);
    expect(cards[0]).toEqual(["Sonntagabend: die Woche in drei Sätzen vorbereiten", `${SITE}/artikel/sonntag-spaet/`]);
    expect($(".post-card-image img")).toHaveLength(2);
    expect($(".post-card-image img").first().attr("alt")).toBe("Ein Notizbuch auf einem Schreibtisch");
    expect($(".browser-link")).toHaveLength(0);
    expect($(".cta-link").attr("href")).toBe(`${SITE}/archiv/`);
    expect($(`a[href="${UNSUBSCRIBE_PLACEHOLDER}"]`)).toHaveLength(1);
    const single = loadHtml(emailOf(build, "digests/2026-w49.html"));
    expect(single(".content").text()).toContain("In der Woche 49/2026 ist ein neuer Artikel erschienen.");
    expect(emailOf(build, "digests/2026-w49.txt")).toContain(`Die Übergabe: so endet ein Projekt`);
  });

  it("plans to schedule this week's digest and never to send last week's late", () => {
    expect(build.stdout).toMatch(
      /digest:2026-W48 .* überspringen +Versandzeit 30\.11\.2026, 07:30 liegt mehr als 24 Stunden zurück/,
    );
    expect(build.stdout).toMatch(
      /digest:2026-W49 .* senden +neu: noch keine Kampagne „digest:2026-W49“; Versand am 07\.12\.2026, 07:30/,
    );
    expect(build.stdout).toContain("Übersichten: wöchentlich montags um 07:30 Uhr; Artikel gehen nicht einzeln raus");
  });

  it("promises a weekly email at the signup box", () => {
    expect(readDist(build.outDir, "abonnieren/index.html")).toContain("Einmal pro Woche die neuen Artikel");
  });

  it("leaves out the week an edition takes, and sends the edition instead", async () => {
    const withEdition = await buildSite(join(FIXTURES, "digest-posts"), {
      ...DIGEST_ENV,
      BUILD_NOW: "2026-12-03T09:00:00+01:00",
      RUNDBRIEF_EDITIONS_DIR: join(FIXTURES, "digest-editions"),
    });
    expect(withEdition.code, withEdition.stderr).toBe(0);
    expect(manifestOf(withEdition).campaigns.map((c) => c.name)).toEqual(["digest:2026-W48", "edition:woche-49"]);
  });
});

describe("edition emails in a build", () => {
  let build: BuildResult;
  let manifest: Manifest;
  beforeAll(async () => {
    build = await buildSite(join(FIXTURES, "site-posts"), {
      SITE_URL: SITE,
      BUILD_NOW: "2026-11-28T12:00:00+01:00",
      NEWSLETTER_SINCE: "2026-11-01",
      RUNDBRIEF_EDITIONS_DIR: join(FIXTURES, "site-editions"),
    });
    if (build.code !== 0) throw new Error(`Build fehlgeschlagen:\n${build.stdout}\n${build.stderr}`);
    manifest = manifestOf(build);
  });

  it("gives every edition but drafts an email, in its own folder, named edition:<id>", () => {
    const editions = manifest.campaigns.filter((c) => c.kind === "edition");
    expect(editions.map((c) => c.name).sort()).toEqual([
      "edition:erste-ausgabe",
      "edition:kuenftige-ausgabe",
      "edition:zweite-ausgabe",
    ]);
    for (const entry of editions) expect(entry.html).toBe(`ausgaben/${entry.id}.html`);
    expect(manifest.campaigns.some((c) => c.id === "entwurf-ausgabe")).toBe(false);
  });

  it("shows the edition's text, then its posts as cards, and links its page", () => {
    const entry = manifest.campaigns.find((c) => c.name === "edition:erste-ausgabe")!;
    const $ = loadHtml(emailOf(build, entry.html));
    expect($("h1").text()).toBe(entry.subject);
    expect($(".dateline").text()).toMatch(/^Ausgabe vom \d+\. November 2026$/);
    // Its page goes live with the build after the send time: the mail links the archive, which is there.
    expect($(".browser-link")).toHaveLength(0);
    expect($(".cta-link").attr("href")).toBe(`${SITE}/ausgaben/`);
    expect($(".cta-link").text()).toBe("Alle Ausgaben im Web");
    expect($(".cards-heading").text()).toBe("Neu im Blog");
    const links = $(".post-card-title a")
      .map((_, a) => $(a).attr("href"))
      .get();
    expect(links).toEqual(entry.posts.map(() => expect.stringMatching(new RegExp(`^${SITE}/artikel/[a-z0-9-]+/$`))));
    expect(links.length).toBe(entry.posts.length);
    expect(links.length).toBeGreaterThan(0);
    expect($(`a[href="${UNSUBSCRIBE_PLACEHOLDER}"]`)).toHaveLength(1);
  });
});

describe("rundbrief preview of an edition and a digest", () => {
  it("screenshots both at 375 and 600 px, light and dark, with content in each", async () => {
    const previewDir = mkdtempSync(join(tmpdir(), "rundbrief-preview-issues-"));
    try {
      const child = spawn(process.execPath, [CLI, "preview", "edition:woche-49", "digest"], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          ...DIGEST_ENV,
          BUILD_NOW: "2026-12-03T09:00:00+01:00",
          RUNDBRIEF_CONTENT_DIR: join(FIXTURES, "digest-posts"),
          RUNDBRIEF_EDITIONS_DIR: join(FIXTURES, "digest-editions"),
          RUNDBRIEF_PREVIEW_DIR: previewDir,
          FORCE_COLOR: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((done) => child.on("close", done));
      expect(code, output).toBe(0);
      // The edition takes week 49's slot, so its digest is not mailed; the preview still shows it.
      for (const id of ["ausgabe-woche-49", "uebersicht-2026-w49"]) {
        const luminance: number[] = [];
        for (const shot of PREVIEW_SHOTS) {
          const file = join(previewDir, screenshotFileName(id, shot));
          expect(existsSync(file), file).toBe(true);
          const image = sharp(file);
          expect((await image.metadata()).width).toBe(shot.width);
          const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
          const stats = pixelStats(data, info.channels);
          expect(stats.contentShare, file).toBeGreaterThan(0.02);
          luminance.push(stats.meanLuminance);
        }
        // 375 light, 375 dark, 600 light, 600 dark: dark mode really is darker.
        expect(luminance[1]!).toBeLessThan(luminance[0]! - 60);
        expect(luminance[3]!).toBeLessThan(luminance[2]! - 60);
      }
      expect(readFileSync(join(previewDir, "ausgabe-woche-49.html"), "utf8")).toContain("Abschied mit Anschluss");
      expect(readFileSync(join(previewDir, "uebersicht-2026-w49.txt"), "utf8")).toContain("Die Übergabe");
    } finally {
      rmSync(previewDir, { recursive: true, force: true });
    }
  });
});
