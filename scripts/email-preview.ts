/**
 * `npm run email:preview [-- <post-id> …]`: builds the newsletter emails (any post on
 * demand; without ids the mailable posts plus the newest published one), then writes
 * screenshots at 375 and 600 px, light and dark, and an index.html with HTML and text
 * side by side into .newsletter/preview/. Images load from the local build, nothing
 * goes to the network.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { loadHtml } from "../src/lib/email/html.ts";
import { parseManifest } from "../src/lib/newsletter/manifest.ts";
import {
  MAX_SCREENSHOT_HEIGHT,
  PREVIEW_SHOTS,
  previewIndexHtml,
  screenshotFileName,
  type PreviewEntry,
  type PreviewShot,
} from "../src/lib/email/preview.ts";
import { launchBrowser } from "./lib/browser.ts";

const PROJECT_ROOT = resolve(import.meta.dirname, "..");

/** Where the preview goes; RUNDBRIEF_PREVIEW_DIR lets tests write elsewhere. */
export function previewDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.RUNDBRIEF_PREVIEW_DIR || join(PROJECT_ROOT, ".newsletter/preview"));
}

/** Runs `astro build` into `outDir` with the requested posts added to the emails. Never passes RESEND_API_KEY on. */
export async function buildEmails(outDir: string, postIds: readonly string[]): Promise<void> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    RUNDBRIEF_OUT_DIR: outDir,
    RUNDBRIEF_CACHE_DIR: join(outDir, "..", "cache"),
    RUNDBRIEF_EMAIL_PREVIEW: postIds.length > 0 ? postIds.join(",") : "newest",
    ASTRO_TELEMETRY_DISABLED: "1",
  };
  delete env.RESEND_API_KEY;
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/astro/bin/astro.mjs"), "build"], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  if (code !== 0) {
    const lines = output.split("\n").filter((line) => line.trim() !== "" && !/^\s+at /.test(line));
    throw new Error(`Der Build ist fehlgeschlagen (Exit-Code ${code}):\n${lines.slice(-30).join("\n")}`);
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

async function main(postIds: string[]): Promise<void> {
  const dir = previewDir();
  const outDir = join(dir, "build");
  mkdirSync(dir, { recursive: true });
  console.log("Baue die E-Mails …");
  await buildEmails(outDir, postIds);

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

  const browser = await launchBrowser();
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
      console.log(`  ${id}: ${shots.length} Screenshots`);
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(dir, "index.html"), previewIndexHtml(entries, new Date().toISOString()));
  console.log(`Vorschau: ${join(dir, "index.html")}`);
}

if (import.meta.main) {
  main(process.argv.slice(2).filter((arg) => arg !== "--")).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
