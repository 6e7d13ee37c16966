/**
 * The built fixture site in real Chromium at phone and desktop widths, light and dark:
 * no console errors, no horizontal scrolling, axe-core finds nothing, keyboard works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildSite, PROJECT_ROOT } from "./support/build-site.ts";
import { launchBrowser } from "../scripts/lib/browser.ts";
import { serveDist, type StaticServer } from "./support/static-server.ts";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const SHOTS = join(PROJECT_ROOT, "test-results/screenshots");
const PAGES = [
  ["home", "/"],
  ["post", "/artikel/neuer-name/"],
  ["tricky-post", "/artikel/sonderzeichen-im-titel/"],
  ["tag", "/themen/vertraege/"],
  ["archive", "/archiv/"],
  ["not-found", "/gibt-es-nicht/"],
] as const;
const VIEWS = [
  [375, "light"],
  [375, "dark"],
  [1280, "light"],
  [1280, "dark"],
] as const;

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  const build = await buildSite(join(PROJECT_ROOT, "tests/fixtures/site-posts"), { BUILD_NOW: "2026-11-28T12:00:00+01:00" });
  expect(build.code, build.stderr).toBe(0);
  server = await serveDist(build.outDir);
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path` in a fresh page with the given width and colour scheme, collecting errors. */
async function open(path: string, width: number, scheme: "light" | "dark"): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, javaScriptEnabled: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !(path.startsWith("/gibt-es-nicht") && msg.text().includes("404"))) errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(server.origin + path, { waitUntil: "load" });
  return { page, errors };
}

describe.each(VIEWS)("at %i px, %s", (width, scheme) => {
  it.each(PAGES)("%s renders cleanly and passes axe", async (name, path) => {
    const { page, errors } = await open(path, width, scheme);
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "horizontal scrolling").toBeLessThanOrEqual(0);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
        ).axe.run();
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true });
    } finally {
      await page.context().close();
    }
  });
});

describe("keyboard", () => {
  it("reaches the skip link first and it moves focus to the main content", async () => {
    const { page } = await open("/artikel/neuer-name/", 1280, "light");
    try {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Zum Inhalt springen");
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe("none");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => location.hash)).toBe("#inhalt");
    } finally {
      await page.context().close();
    }
  });

  it("has one h1 and the landmarks header, nav, main and footer on every page", async () => {
    for (const [, path] of PAGES) {
      const { page } = await open(path, 1280, "light");
      try {
        const counts = await page.evaluate(() => ({
          h1: document.querySelectorAll("h1").length,
          banner: document.querySelectorAll("body > header").length,
          nav: document.querySelectorAll("nav").length > 0,
          main: document.querySelectorAll("main").length,
          footer: document.querySelectorAll("body > footer").length,
          lang: document.documentElement.lang,
        }));
        expect(counts, path).toEqual({ h1: 1, banner: 1, nav: true, main: 1, footer: 1, lang: "de" });
      } finally {
        await page.context().close();
      }
    }
  });
});
