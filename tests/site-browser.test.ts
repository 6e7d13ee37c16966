/**
 * The built fixture site in real Chromium at phone and desktop widths, light and dark:
 * no console errors, no horizontal scrolling, axe-core finds nothing, keyboard works, and
 * the security policy (CSP meta and the _headers a static host applies) holds with no
 * violation on any page type.
 */
import { axeViolations } from "./support/axe.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page, Response } from "playwright-core";
import { buildSite, PROJECT_ROOT } from "./support/build-site.ts";
import { launchBrowser } from "../scripts/lib/browser.ts";
import { serveDist, type StaticServer } from "./support/static-server.ts";

const SHOTS = join(PROJECT_ROOT, "test-results/screenshots");
const PAGES = [
  ["home", "/"],
  ["post", "/artikel/neuer-name/"],
  ["tricky-post", "/artikel/sonderzeichen-im-titel/"],
  ["tag", "/themen/vertraege/"],
  ["archive", "/archiv/"],
  ["feeds", "/feeds/"],
  ["editions", "/ausgaben/"],
  ["edition", "/ausgaben/zweite-ausgabe/"],
  ["search", "/suche/"],
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
  const build = await buildSite(join(PROJECT_ROOT, "tests/fixtures/site-posts"), {
    BUILD_NOW: "2026-11-28T12:00:00+01:00",
    RUNDBRIEF_EDITIONS_DIR: join(PROJECT_ROOT, "tests/fixtures/site-editions"),
  });
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
  // axe is injected as an inline script, which the pages' CSP would rightly refuse; the
  // policy itself is tested below with bypassCSP off.
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    javaScriptEnabled: true,
    bypassCSP: true,
  });
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
      const violations = await axeViolations(page);
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

/** Opens `path` with the CSP in force, recording every violation the page reports, hands it to `use`, then closes it. */
async function withPolicy<T>(
  path: string,
  use: (opened: { page: Page; response: Response | null; violations: () => Promise<string[]> }) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
  const consoleCsp: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) consoleCsp.push(msg.text());
  });
  const response = await page.goto(server.origin + path, { waitUntil: "load" });
  const violations = async () => [
    ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
    ...consoleCsp,
  ];
  try {
    return await use({ page, response, violations });
  } finally {
    await context.close();
  }
}

describe("search", () => {
  async function search(term: string) {
    return withPolicy(`/suche/?q=${encodeURIComponent(term)}`, async ({ page, violations }) => {
      await page.waitForFunction(() => !/läuft|^$/.test(document.querySelector(".search-status")?.textContent ?? ""));
      return {
        status: (await page.locator(".search-status").textContent()) ?? "",
        titles: await page.locator(".search-results li a").allTextContents(),
        links: await page.locator(".search-results li a").evaluateAll((links) => links.map((a) => a.getAttribute("href"))),
        violations: await violations(),
      };
    });
  }

  it("finds a post by a word from its body, with the CSP in force (WebAssembly allowed on this page)", async () => {
    const found = await search("Änderungsklausel");
    expect(found.titles).toEqual(["Preise & <Pakete>: „Was kostet“ Qualität?"]);
    expect(found.links).toEqual(["/artikel/sonderzeichen-im-titel/"]);
    expect(found.status).toBe("1 Artikel zu „Änderungsklausel“");
    expect(found.violations).toEqual([]);
  });

  it("finds a German word by its stem, and nothing from a draft or a future post", async () => {
    expect((await search("Änderungsklauseln")).titles).toHaveLength(1);
    for (const term of ["GEHEIMER-ENTWURF-INHALT", "ZUKUNFTS-INHALT", "Zukunftsmusik"]) {
      const none = await search(term);
      expect(none.titles, term).toEqual([]);
      expect(none.status).toContain(`Keine Artikel zu „${term}“`);
    }
  });

  it("works as a plain form without JavaScript and points to the archive and topics", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/suche/`);
      await page.fill("input[name=q]", "Vertrag");
      await page.click("button[type=submit]");
      expect(new URL(page.url()).searchParams.get("q")).toBe("Vertrag");
      expect(await page.locator(".search-browse a").evaluateAll((a) => a.map((l) => l.getAttribute("href")))).toEqual([
        "/archiv/",
        "/themen/",
      ]);
    } finally {
      await context.close();
    }
  });
});

describe("feeds in the browser", () => {
  it.each([
    ["RSS", "/rss.xml"],
    ["Atom", "/atom.xml"],
  ])("shows the %s feed as a legible list with a German notice, not raw XML or escaped HTML", async (_name, path) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(server.origin + path, { waitUntil: "load" });
      const view = await page.evaluate(() => {
        const root = document.documentElement;
        const shown = (el: Element | null) => (el ? getComputedStyle(el).display !== "none" : false);
        const firstItem = document.querySelector("item, entry");
        return {
          notice: getComputedStyle(root, "::before").content,
          rootDisplay: getComputedStyle(root).display,
          titleShown: shown(firstItem?.querySelector("title") ?? null),
          contentShown: [...(firstItem?.children ?? [])].some((el) =>
            el.localName.endsWith("content") || el.localName === "encoded" ? shown(el) : false,
          ),
          overflow: root.scrollWidth - root.clientWidth,
        };
      });
      expect(view.notice).toContain("Das ist ein Feed");
      expect(view.notice).toContain("/feeds/");
      expect(view.rootDisplay).toBe("block");
      expect(view.titleShown).toBe(true);
      expect(view.contentShown).toBe(false);
      expect(view.overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, `feed-${path.slice(1).replace(".", "-")}-375.png`) });
    } finally {
      await context.close();
    }
  });
});

describe("security policy", () => {
  const EVERY_TYPE = [
    ...PAGES,
    ["page 2", "/seite/2/"],
    ["subscribe", "/abonnieren/"],
    ["thanks", "/danke/"],
    ["imprint", "/impressum/"],
    ["search", "/suche/?q=Vertrag"],
  ] as const;

  it.each(EVERY_TYPE)(
    "%s loads with no CSP violation, its inline CSS and code colours allowed by the policy",
    async (_name, path) => {
      await withPolicy(path, async ({ page, response, violations }) => {
        const meta = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute("content");
        expect(meta).toMatch(/style-src 'self' 'sha256-[^']+'/);
        expect(meta).toContain("default-src 'self'");
        expect(meta).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        const headers = response!.headers();
        expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
        expect(headers["x-content-type-options"]).toBe("nosniff");
        expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
        // The stylesheet really applied: the body is not in the browser's default serif.
        expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(/^"?Times/);
        expect(await violations()).toEqual([]);
      });
    },
  );

  it("keeps the highlighted code's colours (style attributes) on a post with a code block", async () => {
    await withPolicy("/artikel/sonderzeichen-im-titel/", async ({ page, violations }) => {
      const colour = await page
        .locator("pre.astro-code span[style]")
        .first()
        .evaluate((span) => getComputedStyle(span).color);
      expect(colour).not.toBe(await page.evaluate(() => getComputedStyle(document.querySelector("pre")!).color));
      expect(await violations()).toEqual([]);
    });
  });

  it("refuses an injected inline script and event handler, and reports it", async () => {
    await withPolicy("/artikel/neuer-name/", async ({ page, violations }) => {
      await page.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
        document.body.insertAdjacentHTML("beforeend", '<img src="/favicon.svg" onload="window.injected = true">');
      });
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
      const seen = await violations();
      expect(seen.some((v) => v.startsWith("script-src-elem"))).toBe(true);
      expect(seen.some((v) => v.startsWith("script-src-attr"))).toBe(true);
    });
  });

  it("cannot be framed by another page (frame-ancestors 'none' from _headers)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const framed = await serveDist(() => "/nonexistent", {
        fallback: (_req, res) => {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(`<!doctype html><title>Fremd</title><iframe src="${server.origin}/"></iframe>`);
          return true;
        },
      });
      try {
        const before = server.requests.length;
        await page.goto(`${framed.origin}/`, { waitUntil: "load" });
        await page.waitForTimeout(300);
        // The browser fetched the page for the frame and then refused to show it.
        expect(server.requests.slice(before)).toContain("/");
        const child = page.frames().find((frame) => frame !== page.mainFrame());
        expect(child, "the iframe exists").toBeDefined();
        const shown = await child!.evaluate(() => document.querySelectorAll("main").length).catch(() => 0);
        expect(shown, "the page's content inside the frame").toBe(0);
      } finally {
        await framed.close();
      }
    } finally {
      await context.close();
    }
  });

  it("does not serve the _headers file itself", async () => {
    for (const path of ["/_headers", "//_headers", "/%2F_headers", "/./_headers"]) {
      const answer = await fetch(`${server.origin}${path}`);
      expect(await answer.text(), path).not.toContain("# rundbrief: security headers");
    }
  });
});
