/**
 * `rundbrief preview [<post-id> …]`: one build with the newsletter emails of the given
 * posts (any post, also drafts; without ids the mailable posts plus the newest published
 * one), the email gates included, then screenshots at 375 and 600 px, light and dark, and
 * an index.html with HTML and text side by side in .newsletter/preview/. Images load from
 * the local build, nothing goes to the network. Needs playwright-core and a Chromium.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
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
import { EXIT, type Command } from "../lib/cli-io.ts";

/** Where the preview goes in the blog's folder; RUNDBRIEF_PREVIEW_DIR lets tests write elsewhere. */
export function previewDir(cwd: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(cwd, env.RUNDBRIEF_PREVIEW_DIR || ".newsletter/preview");
}

/** Runs the blog's build into `outDir` with the requested posts added to the emails. */
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

  const newsletterDir = join(outDir, "newsletter");
  const manifest = parseManifest(
    readFileSync(join(newsletterDir, "manifest.json"), "utf8"),
    join(newsletterDir, "manifest.json"),
  );
  const built = readdirSync(newsletterDir)
    .filter((name) => name.endsWith(".html"))
    .map((name) => name.replace(/\.html$/, ""));
  const ids = postIds.length > 0 ? postIds : built.sort();
  const site = { siteUrl: manifest.site, outDir };

  // Only the preview needs playwright-core; the other commands run without it.
  const { launchBrowser } = await import("../lib/browser.ts");
  const browser = await launchBrowser(env);
  const entries: PreviewEntry[] = [];
  try {
    for (const id of ids) {
      const html = readFileSync(join(newsletterDir, `${id}.html`), "utf8");
      const text = readFileSync(join(newsletterDir, `${id}.txt`), "utf8");
      copyFileSync(join(newsletterDir, `${id}.html`), join(dir, `${id}.html`));
      copyFileSync(join(newsletterDir, `${id}.txt`), join(dir, `${id}.txt`));
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

const HELP = `Verwendung: rundbrief preview [<id> …]

Baut die Website einmal mit den E-Mails der genannten Artikel (auch Entwürfe und Artikel
vor dem Stichtag; ohne IDs die verschickbaren und den neuesten) und prüft sie dabei wie
jeder Build. Danach Screenshots (375/600 px, hell/dunkel) und eine Seite mit HTML- und
Textteil nebeneinander in .newsletter/preview/. Braucht playwright-core und Chromium
(CHROME_PATH, ein System-Chromium oder @sparticuz/chromium).`;

/** `rundbrief preview`. */
export const previewCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    const ids = argv.filter((arg) => arg !== "--");
    const unsafe = ids.filter((id) => !POST_ID_PATTERN.test(id));
    if (unsafe.length > 0) {
      io.err(
        `Keine gültige Artikel-ID: ${unsafe.map((id) => `„${id}“`).join(", ")} (erlaubt: a–z, 0–9, Bindestriche; der Dateiname ohne .mdx).`,
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
