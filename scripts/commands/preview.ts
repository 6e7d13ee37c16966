/**
 * `rundbrief preview [<post-id> | edition:<id> | digest …]`: one build with the newsletter
 * emails of the given posts and editions (any, also drafts) and the newest period's
 * digest (without arguments: every campaign of the build plus the newest published post),
 * the email gates included, then screenshots at 375 and 600 px, light and dark, and an
 * index.html with HTML and text side by side in .newsletter/preview/. Images load from
 * the local build, nothing goes to the network. Needs playwright-core and a Chromium.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { loadHtml } from "../../src/lib/email/html.ts";
import { POST_ID_PATTERN } from "../../src/lib/frontmatter.ts";
import { parseManifest } from "../../src/lib/newsletter/manifest.ts";
import {
  MAX_SCREENSHOT_HEIGHT,
  PREVIEW_SHOTS,
  previewIndexHtml,
  screenshotFileName,
  type PreviewEntry,
  type PreviewShot,
} from "../../src/lib/email/preview.ts";
import { runAstroBuild } from "../lib/astro-build.ts";
import { newsletterOutputDir } from "../../src/lib/routes.ts";
import { emailFileOf } from "../../src/lib/email/manifest-builder.ts";
import { EXIT, type Command } from "../lib/cli-io.ts";
import { SIGNUP_ASSETS_FILE, parseSignupAssets } from "../../src/lib/subscribe/assets.ts";

/** Where the preview goes in the blog's folder; RUNDBRIEF_PREVIEW_DIR lets tests write elsewhere. */
export function previewDir(cwd: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(cwd, env.RUNDBRIEF_PREVIEW_DIR || ".newsletter/preview");
}

/** Runs the blog's build into `outDir` with the requested campaigns added to the emails. */
async function buildEmails(cwd: string, env: NodeJS.ProcessEnv, outDir: string, postIds: readonly string[]): Promise<void> {
  const build = await runAstroBuild({
    cwd,
    env: {
      ...env,
      RUNDBRIEF_OUT_DIR: outDir,
      RUNDBRIEF_CACHE_DIR: join(outDir, "..", "cache"),
      RUNDBRIEF_EMAIL_PREVIEW: postIds.length > 0 ? postIds.join(",") : "newest",
      ASTRO_TELEMETRY_DISABLED: "1",
    },
    output: "capture",
  });
  if (build.code !== 0) {
    const lines = `${build.stdout}\n${build.stderr}`.split("\n").filter((line) => line.trim() !== "" && !/^\s+at /.test(line));
    throw new Error(`Der Build ist fehlgeschlagen (Exit-Code ${build.code}):\n${lines.slice(-30).join("\n")}`);
  }
}

/** How the browser finds the site's files: requests to `siteUrl` are answered from `outDir`, everything else is blocked. */
export interface LocalSite {
  siteUrl: string;
  outDir: string;
}

async function serveFromBuild(page: Page, site: LocalSite): Promise<void> {
  const home = new URL(site.siteUrl);
  const base = home.pathname.replace(/\/$/, "");
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== home.origin || !url.pathname.startsWith(`${base}/`)) return route.abort("blockedbyclient");
    const relative = decodeURIComponent(url.pathname.slice(base.length)).replace(/\/$/, "/index.html");
    const file = join(site.outDir, relative);
    if (!file.startsWith(site.outDir) || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ path: file });
  });
}

/** Opens an email's HTML in a page of the given width and colour scheme, with its images served from the build. */
export async function openEmail(browser: Browser, html: string, shot: PreviewShot, site: LocalSite): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: shot.width, height: 800 }, colorScheme: shot.scheme });
  await serveFromBuild(page, site);
  await page.setContent(html, { waitUntil: "load" });
  return page;
}

/** Screenshot of the whole email (up to MAX_SCREENSHOT_HEIGHT px); returns the PNG. */
export async function screenshotEmail(page: Page, path?: string): Promise<Buffer> {
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  return page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, MAX_SCREENSHOT_HEIGHT) } });
}

async function writePreview(cwd: string, env: NodeJS.ProcessEnv, postIds: string[], say: (line: string) => void): Promise<void> {
  const dir = previewDir(cwd, env);
  const outDir = join(dir, "build");
  mkdirSync(dir, { recursive: true });
  say(postIds.length > 0 ? `Baue die E-Mails von ${postIds.join(", ")} …` : "Baue die E-Mails …");
  await buildEmails(cwd, env, outDir, postIds);

  const newsletterDir = newsletterOutputDir(outDir);
  const manifest = parseManifest(
    readFileSync(join(newsletterDir, "manifest.json"), "utf8"),
    join(newsletterDir, "manifest.json"),
  );
  const ids = [
    ...emailsToShow(
      newsletterDir,
      postIds.filter((id) => id !== WELCOME_REQUEST),
    ),
    ...welcomeToShow(outDir, newsletterDir, postIds),
  ];
  const site = { siteUrl: manifest.site, outDir };

  // Only the preview needs playwright-core; the other commands run without it.
  const { launchBrowser } = await import("../lib/browser.ts");
  const browser = await launchBrowser(env);
  const entries: PreviewEntry[] = [];
  try {
    for (const { id, file: base } of ids) {
      const html = readFileSync(join(newsletterDir, `${base}.html`), "utf8");
      const text = readFileSync(join(newsletterDir, `${base}.txt`), "utf8");
      copyFileSync(join(newsletterDir, `${base}.html`), join(dir, `${id}.html`));
      copyFileSync(join(newsletterDir, `${base}.txt`), join(dir, `${id}.txt`));
      const shots: PreviewEntry["shots"] = [];
      for (const shot of PREVIEW_SHOTS) {
        const page = await openEmail(browser, html, shot, site);
        const file = screenshotFileName(id, shot);
        await screenshotEmail(page, join(dir, file));
        await page.close();
        shots.push({ file, shot });
      }
      const title = loadHtml(html)("title").text() || id;
      entries.push({ id, title, htmlFile: `${id}.html`, text, htmlBytes: Buffer.byteLength(html, "utf8"), shots });
      say(`  ${id}: ${shots.length} Screenshots`);
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(dir, "index.html"), previewIndexHtml(entries, new Date().toISOString()));
  say(`Vorschau: ${join(dir, "index.html")}`);
  say(`Manifest dieses Builds (für rundbrief pr-summary --manifest): ${join(newsletterDir, "manifest.json")}`);
}

/** An email to show: its name in the preview folder and its file (without extension) under the build's newsletter folder. */
interface ShownEmail {
  id: string;
  file: string;
}

/** The folders of edition and digest emails, where the build names them (emailFileOf), and their prefix in the preview. */
const FOLDERS = [
  { folder: dirname(emailFileOf("edition", "x", "html")), prefix: "ausgabe-" },
  { folder: dirname(emailFileOf("digest", "2026-W01", "html")), prefix: "uebersicht-" },
] as const;

/** The emails the preview shows: those asked for, or every one the build wrote. */
function emailsToShow(newsletterDir: string, requested: readonly string[]): ShownEmail[] {
  const htmlIn = (folder: string) =>
    existsSync(join(newsletterDir, folder))
      ? readdirSync(join(newsletterDir, folder))
          .filter((name) => name.endsWith(".html"))
          .map((name) => name.replace(/\.html$/, ""))
          .sort()
      : [];
  const inFolder = (which: (typeof FOLDERS)[number], name: string) => ({
    id: `${which.prefix}${name}`,
    file: `${which.folder}/${name}`,
  });
  if (requested.length === 0) {
    return [
      ...htmlIn(".").map((name) => ({ id: name, file: name })),
      ...FOLDERS.flatMap((which) => htmlIn(which.folder).map((name) => inFolder(which, name))),
    ];
  }
  return requested.flatMap((request) => {
    if (request.startsWith("edition:")) return [inFolder(FOLDERS[0], request.slice("edition:".length))];
    if (request === DIGEST_REQUEST) {
      const newest = htmlIn(FOLDERS[1].folder).at(-1);
      return newest ? [inFolder(FOLDERS[1], newest)] : [];
    }
    return [{ id: request, file: request }];
  });
}

/** How the build is asked for the newest period's digest. */
const DIGEST_REQUEST = "digest:latest";

/** The welcome mail, asked for by name (`rundbrief preview willkommen`). */
const WELCOME_REQUEST = "willkommen";

/**
 * The welcome mail of the build, from its anmeldung.json, written beside the campaigns so
 * the preview shows it like them: when asked for, or with every email when nothing was.
 */
function welcomeToShow(outDir: string, newsletterDir: string, requested: readonly string[]): ShownEmail[] {
  if (requested.length > 0 && !requested.includes(WELCOME_REQUEST)) return [];
  const assets = parseSignupAssets(JSON.parse(readFileSync(join(outDir, SIGNUP_ASSETS_FILE), "utf8")));
  if (typeof assets === "string") throw new Error(assets);
  if (!assets.welcome) {
    if (requested.includes(WELCOME_REQUEST))
      throw new Error(
        "Dieser Blog hat keine Willkommens-E-Mail (content/willkommen.mdx fehlt oder newsletter.welcome ist false).",
      );
    return [];
  }
  const folder = join(newsletterDir, "anmeldung");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "willkommen.html"), assets.welcome.html);
  writeFileSync(join(folder, "willkommen.txt"), assets.welcome.text);
  return [{ id: WELCOME_REQUEST, file: "anmeldung/willkommen" }];
}

const HELP = `Verwendung: rundbrief preview [<artikel-id> | edition:<id> | digest | willkommen …]

Baut die Website einmal mit den E-Mails der genannten Artikel und Ausgaben (auch Entwürfe
und Artikel vor dem Stichtag), mit „digest“ der Übersicht des neuesten Zeitraums
(newsletter.digest) und mit „willkommen“ der Willkommens-E-Mail; ohne Angaben alle
Kampagnen des Builds, den neuesten Artikel und die Willkommens-E-Mail. Die
E-Mails werden dabei wie bei jedem Build geprüft. Danach Screenshots (375/600 px, hell/dunkel) und eine Seite mit HTML- und
Textteil nebeneinander in .newsletter/preview/. Braucht playwright-core und Chromium
(CHROME_PATH, ein System-Chromium oder @sparticuz/chromium).`;

/** `rundbrief preview`. */
export const previewCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    const ids = argv.filter((arg) => arg !== "--").map((arg) => (arg === "digest" ? DIGEST_REQUEST : arg));
    const valid = (id: string) =>
      id === DIGEST_REQUEST ||
      id === WELCOME_REQUEST ||
      POST_ID_PATTERN.test(id.startsWith("edition:") ? id.slice("edition:".length) : id);
    const unsafe = ids.filter((id) => !valid(id));
    if (unsafe.length > 0) {
      io.err(
        `Keine gültige Angabe: ${unsafe.map((id) => `„${id}“`).join(", ")} (erwartet: Artikel-ID, edition:<id>, digest oder willkommen; IDs aus a–z, 0–9 und Bindestrichen, der Dateiname ohne .mdx).`,
      );
      return EXIT.usage;
    }
    try {
      await writePreview(cwd, env, ids, io.out);
      return EXIT.done;
    } catch (error) {
      io.err(error instanceof Error ? error.message : String(error));
      return EXIT.failed;
    }
  },
};
