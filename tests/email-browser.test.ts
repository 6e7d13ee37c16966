/**
 * Runs `rundbrief preview` on the fixture posts, then looks at the emails in Chromium
 * the way a phone would: no sideways scrolling at 375 px, images loaded, and real
 * content in both light and dark mode (judged by pixels, not by "it did not throw").
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pixelStats, PREVIEW_SHOTS, screenshotFileName, type ColorScheme, type PixelStats } from "../src/lib/email/preview.ts";
import { openEmail, screenshotEmail, type LocalSite } from "../scripts/commands/preview.ts";
import { launchBrowser } from "../scripts/lib/browser.ts";
import { CLI, PROJECT_ROOT } from "./support/build-site.ts";

const FIXTURE = join(import.meta.dirname, "fixtures/email-posts/gueltig");
const MAILED = ["alle-komponenten", "langer-artikel", "mit-titelbild"];
const PHONE = 375;

async function stats(png: Buffer): Promise<PixelStats> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return pixelStats(data, info.channels);
}

describe("rundbrief preview and the emails in a browser", () => {
  const previewDir = mkdtempSync(join(tmpdir(), "rundbrief-preview-"));
  let output = "";
  let code: number | null = null;
  let browser: Browser;
  let site: LocalSite;

  beforeAll(async () => {
    const child = spawn(process.execPath, [CLI, "preview"], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        RUNDBRIEF_CONTENT_DIR: FIXTURE,
        RUNDBRIEF_PREVIEW_DIR: previewDir,
        SITE_URL: "https://brief.example.org/blog",
        BUILD_NOW: "2026-11-28T12:00:00+01:00",
        NEWSLETTER_SINCE: "2026-10-01",
        FORCE_COLOR: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    code = await new Promise<number | null>((done) => child.on("close", done));
    site = { siteUrl: "https://brief.example.org/blog/", outDir: join(previewDir, "build") };
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(previewDir, { recursive: true, force: true });
  });

  it("writes four screenshots per email and an index with HTML and text side by side", async () => {
    expect(code, output).toBe(0);
    const index = readFileSync(join(previewDir, "index.html"), "utf8");
    // The welcome mail (content/willkommen.mdx) comes with every preview, from the build's anmeldung.json.
    for (const id of [...MAILED, "willkommen"]) {
      expect(index).toContain(`<iframe src="${id}.html"`);
      for (const shot of PREVIEW_SHOTS) {
        const file = join(previewDir, screenshotFileName(id, shot));
        expect(existsSync(file), file).toBe(true);
        const { width } = await sharp(file).metadata();
        expect(width, `${file} is wider than its viewport: the email scrolls sideways`).toBe(shot.width);
      }
    }
    expect(index).toContain("Preise &amp; Pakete: &lt;Angebote&gt;");
  });

  it.each(MAILED)("%s at 375 px: no sideways scrolling, images loaded, content in light and dark", async (id) => {
    const html = readFileSync(join(previewDir, "build-newsletter", `${id}.html`), "utf8");
    const measured = {} as Record<ColorScheme, PixelStats>;
    for (const scheme of ["light", "dark"] as const) {
      const page = await openEmail(browser, html, { width: PHONE, scheme }, site);
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        widest: Math.max(...[...document.querySelectorAll("body *")].map((element) => element.getBoundingClientRect().right)),
        brokenImages: [...document.images]
          .filter((image) => !image.complete || image.naturalWidth === 0)
          .map((image) => image.src),
      }));
      expect(layout.scrollWidth, `${id} (${scheme}) scrolls sideways`).toBeLessThanOrEqual(PHONE);
      expect(layout.widest).toBeLessThanOrEqual(PHONE + 0.5);
      expect(layout.brokenImages).toEqual([]);
      measured[scheme] = await stats(await screenshotEmail(page));
      await page.close();
    }
    expect(measured.light.contentShare, "light version looks blank").toBeGreaterThan(0.03);
    expect(measured.dark.contentShare, "dark version looks blank").toBeGreaterThan(0.03);
    expect(measured.light.meanLuminance).toBeGreaterThan(180);
    expect(measured.dark.meanLuminance).toBeLessThan(90);
  });
});
