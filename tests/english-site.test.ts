/**
 * The real build of a blog with `lang: "en"` (tests/fixtures/english-site, its own
 * astro.config.mjs and rundbrief.config.ts, two posts, two editions): readers and subscribers see English
 * everywhere, dates follow the default en-GB locale, and no text of the German
 * dictionary slips into a page, feed or email.
 */
import { axeViolations } from "./support/axe.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../scripts/lib/browser.ts";
import { serveDist, type StaticServer } from "./support/static-server.ts";
import { buildSite, PROJECT_ROOT, type BuildResult } from "./support/build-site.ts";
import { listFiles, readDist } from "./support/dist.ts";
import { newsletterOutputDir } from "../src/lib/routes.ts";
import { ui } from "../src/lib/i18n.ts";

const BLOG = join(PROJECT_ROOT, "tests/fixtures/english-site");
const NOW = "2026-11-28T12:00:00+01:00";

/** Every text of a dictionary, its functions called with sample arguments. */
function texts(strings: object): string[] {
  return Object.values(strings).flatMap((value: unknown) => {
    if (typeof value === "string") return [value];
    if (typeof value === "function") {
      const call = value as (...args: unknown[]) => unknown;
      return [String(call(...Array.from({ length: call.length }, (_, i) => (i === 0 ? 2 : "§")))), String(call(1, "§"))];
    }
    return typeof value === "object" && value !== null ? texts(value) : [];
  });
}

/**
 * The German dictionary's texts a reader could meet, cut at the sample arguments into
 * pieces of some length, without those the English dictionary shares ("Newsletter", "Feeds").
 */
const GERMAN_PIECES = (() => {
  const english = new Set(
    texts(ui.en)
      .flatMap((text) => text.split(/§|\b2\b|\b1\b/))
      .map((piece) => piece.trim()),
  );
  const pieces = texts(ui.de)
    .flatMap((text) => text.split(/§|\b2\b|\b1\b/))
    .map((piece) => piece.trim())
    .filter((piece) => piece.length >= 5 && !english.has(piece) && !/^[\W\d]+$/.test(piece));
  return [...new Set(pieces)];
})();

/** Visible text of a page: no tags, scripts, styles or JSON-LD. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|&#160;/g, "\u00a0")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/[ \t\r\n]+/g, " ");
}

/** Where in the visible texts a German piece stands as a whole (so "Archiv" does not match "Archive"). */
function germanIn(documents: { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of documents)
    for (const piece of GERMAN_PIECES) {
      const at = text.indexOf(piece);
      if (at === -1) continue;
      const around = `${text[at - 1] ?? " "}${text[at + piece.length] ?? " "}`;
      if (!/\p{L}/u.test(around)) found.push(`${file}: ${piece}`);
    }
  return found;
}

describe("an English blog", () => {
  let build: BuildResult;
  let pages: { file: string; html: string }[];
  let emails: string;

  beforeAll(async () => {
    build = await buildSite(
      join(BLOG, "content/posts"),
      { BUILD_NOW: NOW, RUNDBRIEF_EDITIONS_DIR: join(BLOG, "content/editions") },
      undefined,
      BLOG,
    );
    expect(build.code, build.stderr + build.stdout).toBe(0);
    pages = listFiles(build.outDir)
      .filter((file) => file.endsWith(".html"))
      .map((file) => ({ file, html: readDist(build.outDir, file) }));
    emails = newsletterOutputDir(build.outDir);
  });

  it("the scan knows the German dictionary", () => {
    expect(GERMAN_PIECES).toEqual(expect.arrayContaining(["Zum Inhalt springen", "Neueste Artikel", "Newsletter abbestellen"]));
    expect(germanIn([{ file: "probe", text: "Archive · Zum Inhalt springen" }])).toEqual(["probe: Zum Inhalt springen"]);
  });

  it('marks every page as English: <html lang="en">, og:locale, and the feeds', () => {
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.filter((page) => !page.html.includes('<html lang="en"')).map((page) => page.file)).toEqual([]);
    expect(readDist(build.outDir, "index.html")).toContain('<meta property="og:locale" content="en_GB"');
    expect(readDist(build.outDir, "rss.xml")).toContain("<language>en</language>");
    expect(readDist(build.outDir, "atom.xml")).toContain('xml:lang="en"');
  });

  it("shows English navigation, footer, signup box and post pages", () => {
    const home = visibleText(readDist(build.outDir, "index.html"));
    for (const text of ["Skip to content", "Posts", "Topics", "Archive", "Search", "Legal notice", "Privacy", "Latest posts"])
      expect(home).toContain(text);
    expect(home).toContain("Written in Markdown, built with Astro.");
    expect(readDist(build.outDir, "index.html")).toContain('aria-label="Main navigation"');

    const post = visibleText(readDist(build.outDir, "artikel/scope-creep/index.html"));
    expect(post).toContain("New posts by email");
    expect(post).toContain("One email per new post, no spam, unsubscribe at any time.");
    expect(post).toContain("I have read the privacy policy and would like to receive the newsletter.");
    expect(post).toContain("Subscribe to the newsletter");
    expect(post).toContain("Published on");
    expect(post).toContain("1\u00a0min read");
    expect(post).toContain("Related posts");
    expect(post).toContain("Tip");
    expect(visibleText(readDist(build.outDir, "artikel/status-reports/index.html"))).toContain("Checklist");
  });

  it("writes dates the British way", () => {
    expect(visibleText(readDist(build.outDir, "artikel/scope-creep/index.html"))).toContain("20 November 2026");
    expect(visibleText(readDist(build.outDir, "index.html"))).toContain("25 November 2026");
  });

  it("sorts and names the topics in English", () => {
    const topics = visibleText(readDist(build.outDir, "themen/index.html"));
    expect(topics).toContain("All topics");
    expect(topics).toMatch(/Communication.*Contracts.*Projects/);
    expect(topics).toContain("2 posts");
    expect(visibleText(readDist(build.outDir, "themen/projects/index.html"))).toContain("Posts on “Projects”");
  });

  it("has English legal, signup and search pages", () => {
    expect(visibleText(readDist(build.outDir, "impressum/index.html"))).toContain("Responsible for the content");
    expect(visibleText(readDist(build.outDir, "datenschutz/index.html"))).toContain("Art. 6(1)(a) GDPR");
    expect(visibleText(readDist(build.outDir, "bestaetigen/index.html"))).toContain(
      "Almost done: please confirm your subscription",
    );
    expect(visibleText(readDist(build.outDir, "danke/index.html"))).toContain("Thank you! Your subscription is confirmed");
    expect(visibleText(readDist(build.outDir, "link-abgelaufen/index.html"))).toContain(
      "This confirmation link is no longer valid",
    );
    expect(readDist(build.outDir, "suche/index.html")).toContain('data-found="{n} posts for “{q}”"');
    expect(visibleText(readDist(build.outDir, "404.html"))).toContain("Page not found");
  });

  it("mails each post with an English frame: date, unsubscribe link, imprint", () => {
    const html = readDist(emails, "scope-creep.html");
    const text = readDist(emails, "scope-creep.txt");
    expect(html).toContain('<html lang="en"');
    for (const body of [visibleText(html), text.replace(/\s+/g, " ")]) {
      expect(body).toContain("Read in your browser");
      expect(body).toContain("Published on 20 November 2026");
      expect(body).toContain("You are receiving this email because you subscribed to the newsletter of Field Notes.");
      expect(body).toContain("Unsubscribe from the newsletter");
      expect(body).toContain("Legal notice");
    }
  });

  it("shows the newsletter editions and mails the next one in English", () => {
    const archive = visibleText(readDist(build.outDir, "ausgaben/index.html"));
    expect(archive).toContain("Newsletter editions");
    expect(archive).toContain("The first edition: change logs");
    const edition = visibleText(readDist(build.outDir, "ausgaben/first-edition/index.html"));
    expect(edition).toContain("Edition of 26 November 2026");
    expect(edition).toContain("Tip of the week");
    const mail = readDist(emails, "ausgaben/next-edition.txt").replace(/\s+/g, " ");
    for (const text of [
      "Edition of 28 November 2026",
      "New on the blog",
      "All editions on the web",
      "Unsubscribe from the newsletter",
    ])
      expect(mail).toContain(text);
  });

  it("leaves no German UI text in any page, feed or email", () => {
    const documents = [
      ...pages.map(({ file, html }) => ({ file, text: visibleText(html) })),
      ...["rss.xml", "atom.xml", "feed.json", "feed.css", "ausgaben/rss.xml"].map((file) => ({
        file,
        text: readDist(build.outDir, file),
      })),
      ...listFiles(emails)
        .filter((file) => /\.(html|txt)$/.test(file))
        .map((file) => ({ file: `newsletter/${file}`, text: visibleText(readDist(emails, file)) })),
    ];
    expect(germanIn(documents)).toEqual([]);
    expect(documents.filter(({ text }) => /[äöüßÄÖÜ„]/.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it("keeps the pages accessible: every field has its label, the skip link a target", () => {
    for (const file of ["abonnieren/index.html", "artikel/scope-creep/index.html", "suche/index.html"]) {
      const html = readDist(build.outDir, file);
      const ids = [...html.matchAll(/<input(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)].map((match) => match[1]);
      expect(ids.length, file).toBeGreaterThan(0);
      for (const id of ids) expect(html, `${file}: label for ${id}`).toContain(`for="${id}"`);
      const skip = /<a[^>]+href="#([^"]+)"[^>]*>Skip to content<\/a>/.exec(html);
      expect(skip, file).not.toBeNull();
      expect(html, file).toContain(`id="${skip![1]}"`);
    }
  });

  describe("in Chromium", () => {
    let browser: Browser;
    let server: StaticServer;
    beforeAll(async () => {
      server = await serveDist(build.outDir);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it.each([
      ["/", 375, "light"],
      ["/artikel/scope-creep/", 375, "dark"],
      ["/abonnieren/", 1280, "light"],
      ["/ausgaben/", 1280, "dark"],
    ] as const)("%s at %i px, %s: axe finds nothing, no sideways scrolling", async (path, width, scheme) => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, bypassCSP: true });
      try {
        const page = await context.newPage();
        const response = await page.goto(server.origin + path, { waitUntil: "load" });
        expect(response?.status()).toBe(200);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        const violations = await axeViolations(page);
        expect(violations).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
