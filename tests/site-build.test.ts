/**
 * The real astro build of a fixture site, then assertions on dist/: what is public,
 * feeds in a real feed parser, links that resolve, no client JavaScript.
 */
import { newsletterOutputDir } from "../src/lib/routes.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import sharp from "sharp";
import { join } from "node:path";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { buildSite, CLI, PROJECT_ROOT, type BuildResult } from "./support/build-site.ts";
import { linksIn, listFiles, readDist } from "./support/dist.ts";
import { staticFilePath } from "../scripts/lib/static-files.ts";
import { BUILD_SECRETS } from "../scripts/lib/astro-build.ts";

const FIXTURE = join(PROJECT_ROOT, "tests/fixtures/site-posts");
/** Newsletter editions for the same posts: two public, a draft, one due after NOW. */
const EDITIONS = join(PROJECT_ROOT, "tests/fixtures/site-editions");
const NOW = "2026-11-28T12:00:00+01:00";
/** Colour codes Astro's error output keeps even with FORCE_COLOR=0. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const HIDDEN = [
  "GEHEIMER-ENTWURF-INHALT",
  "Geheimer Entwurf",
  "geheimer-entwurf",
  "Entwurfsthema",
  "ZUKUNFTS-INHALT",
  "Zukunftsmusik",
  "zukunftsmusik",
  "Zukunftsthema",
  "ENTWURF-AUSGABE-INHALT",
  "Geheime Ausgabe",
  "entwurf-ausgabe",
  "KUENFTIGE-AUSGABE-INHALT",
  "Kommende Ausgabe",
  "kuenftige-ausgabe",
];

/**
 * Checks every internal link of every page, of the feeds' full content and of the
 * emails, and returns the broken ones (a link outside the base path counts as broken).
 */
function brokenLinks(build: BuildResult, origin: string, base: string): string[] {
  const documents = listFiles(build.outDir)
    .filter((f) => f.endsWith(".html"))
    .map((file) => ({ file, html: readDist(build.outDir, file) }));
  // The emails, which live beside the site: their links must lead into it too.
  const emails = newsletterOutputDir(build.outDir);
  for (const file of listFiles(emails).filter((f) => f.endsWith(".html")))
    documents.push({ file: `newsletter/${file}`, html: readDist(emails, file) });
  for (const feed of ["rss.xml", "ausgaben/rss.xml"]) {
    const rss = parseRssFeed(readDist(build.outDir, feed));
    for (const item of rss.items ?? [])
      documents.push({ file: `${feed}#${item.guid?.value}`, html: item.content?.encoded ?? "" });
  }
  const broken: string[] = [];
  for (const { file, html } of documents) {
    for (const link of linksIn(html)) {
      let path: string | undefined;
      if (link.startsWith(origin)) path = new URL(link).pathname;
      else if (link.startsWith("/")) path = link;
      if (path === undefined) continue;
      if (!path.startsWith(`${base}/`)) {
        broken.push(`${file}: ${link} (outside base ${base || "/"})`);
        continue;
      }
      if (path.startsWith(`${base}/api/`)) continue;
      if (!staticFilePath(build.outDir, path.slice(base.length))) broken.push(`${file}: ${link}`);
    }
  }
  return broken;
}

describe("site build", () => {
  let build: BuildResult;
  let files: string[];

  beforeAll(async () => {
    build = await buildSite(FIXTURE, { BUILD_NOW: NOW, SITE_URL: "https://blog.example.de", RUNDBRIEF_EDITIONS_DIR: EDITIONS });
    expect(build.code, build.stderr + build.stdout).toBe(0);
    files = listFiles(build.outDir);
  });

  it("lists up to three related posts under a post: most shared tags, then newest, never drafts or future posts", () => {
    const related = (slug: string) => {
      const html = readFileSync(join(build.outDir, `artikel/${slug}/index.html`), "utf8");
      const section = /<section class="related"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
      return [...section.matchAll(/<a href="\/artikel\/([^/]+)\/"/g)].map((m) => m[1]);
    };
    expect(related("heute-vormittag")).toEqual(["fuellartikel-6", "fuellartikel-5", "fuellartikel-4"]);
    expect(related("sonderzeichen-im-titel")).toEqual(["neuer-name"]);
    expect(related("neuer-name")).toEqual(["sonderzeichen-im-titel"]);
    // The only post tagged "Intern": no section at all rather than an empty one.
    expect(readFileSync(join(build.outDir, "artikel/ohne-newsletter/index.html"), "utf8")).not.toContain('class="related"');
  });

  it("gives every published post a 1200×630 share image that resolves in the built site", async () => {
    const html = readDist(build.outDir, "artikel/sonderzeichen-im-titel/index.html");
    const image = /<meta property="og:image" content="https:\/\/blog\.example\.de\/([^"]+)">/.exec(html)?.[1];
    expect(image).toBe("og/sonderzeichen-im-titel.png");
    expect(html).toContain('<meta property="og:image:width" content="1200">');
    expect(html).toContain('<meta name="twitter:image" content="https://blog.example.de/og/sonderzeichen-im-titel.png">');
    expect(html).toContain('<meta property="og:image:alt" content="Preise &amp; <Pakete>');
    const meta = await sharp(join(build.outDir, image!)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1200, 630]);
    // Drafts and future posts get none.
    expect(files.filter((f) => f.startsWith("og/")).sort()).not.toContain("og/geheimer-entwurf.png");
    expect(files.filter((f) => f.startsWith("og/"))).toHaveLength(
      files.filter((f) => /^artikel\/[^/]+\/index\.html$/.test(f)).length,
    );
  });

  it("builds every page type", () => {
    for (const file of [
      "index.html",
      "seite/2/index.html",
      "artikel/neuer-name/index.html",
      "artikel/sonderzeichen-im-titel/index.html",
      "themen/index.html",
      "themen/vertraege/index.html",
      "archiv/index.html",
      "404.html",
      "impressum/index.html",
      "datenschutz/index.html",
      "abonnieren/index.html",
      "rss.xml",
      "atom.xml",
      "feed.json",
      "sitemap-index.xml",
      "robots.txt",
      "favicon.svg",
    ]) {
      expect(files, file).toContain(file);
    }
  });

  it("shows drafts and future posts nowhere: pages, feeds, sitemap, emails, images", () => {
    const leaks = files
      .filter((f) => /\.(html|xml|json|txt)$/.test(f))
      .flatMap((f) => HIDDEN.filter((needle) => readDist(build.outDir, f).includes(needle)).map((needle) => `${f}: ${needle}`));
    expect(leaks).toEqual([]);
    expect(files.some((f) => f.includes("entwurf") || f.includes("zukunft") || f.includes("kuenftig"))).toBe(false);
    // Beside the site, the emails: drafts and future posts get none; the edition due
    // within a day has its email ready to be scheduled, out of what is deployed.
    const emails = newsletterOutputDir(build.outDir);
    const notMailed = HIDDEN.filter((needle) => !/kuenftige-ausgabe|KUENFTIGE-AUSGABE|Kommende Ausgabe/i.test(needle));
    const mailLeaks = listFiles(emails).flatMap((f) =>
      notMailed.filter((needle) => readDist(emails, f).includes(needle)).map((needle) => `${f}: ${needle}`),
    );
    expect(mailLeaks).toEqual([]);
    expect(listFiles(emails)).toContain("ausgaben/kuenftige-ausgabe.html");
    expect(files.some((f) => f.startsWith("newsletter/"))).toBe(false);
  });

  it("reads a date-time without offset as Berlin time (11:30 Berlin is before a 12:00 build)", () => {
    expect(files).toContain("artikel/heute-vormittag/index.html");
    expect(readDist(build.outDir, "artikel/heute-vormittag/index.html")).toContain('datetime="2026-11-28T11:30:00+01:00"');
  });

  it("serves the post under its slug field but keeps the file name as feed id", () => {
    expect(files).not.toContain("artikel/alter-dateiname/index.html");
    const rss = parseRssFeed(readDist(build.outDir, "rss.xml"));
    const item = rss.items?.find((i) => i.title === "Umbenannter Artikel");
    expect(item?.guid).toEqual({ value: "alter-dateiname", isPermaLink: false });
    expect(item?.link).toBe("https://blog.example.de/artikel/neuer-name/");
  });

  it("links the RSS and Atom feeds to a CSS stylesheet for browsers, and the footer to a /feeds/ page that lists all three", () => {
    for (const feed of ["rss.xml", "atom.xml"]) {
      expect(readDist(build.outDir, feed).slice(0, 200), feed).toMatch(/<\?xml-stylesheet [^?]*href="\/feed\.css"\?>/);
    }
    expect(readDist(build.outDir, "feed.css")).toMatch(/rss::before, feed::before \{\s*content: "Das ist ein Feed/);
    const feeds = readDist(build.outDir, "feeds/index.html");
    for (const url of ["rss.xml", "atom.xml", "feed.json"])
      expect(feeds).toContain(`<code>https://blog.example.de/${url}</code>`);
    const home = readDist(build.outDir, "index.html");
    const footer = /<footer class="site-footer">[\s\S]*?<\/footer>/.exec(home)?.[0] ?? "";
    expect(footer).toContain('href="/feeds/"');
    expect(footer).not.toContain("rss.xml");
    // Feed readers still find the feeds themselves.
    expect(home).toContain('<link rel="alternate" type="application/rss+xml"');
  });

  it("writes an RSS feed with full content, absolute URLs, categories, language and a self link", () => {
    const rss = parseRssFeed(readDist(build.outDir, "rss.xml"));
    expect(rss.language).toBe("de");
    expect(rss.atom?.links?.[0]).toMatchObject({ rel: "self", href: "https://blog.example.de/rss.xml" });
    expect(rss.items).toHaveLength(10);
    const tricky = rss.items?.find((i) => i.guid?.value === "sonderzeichen-im-titel");
    expect(tricky?.title).toBe("Preise & <Pakete>: „Was kostet“ Qualität?");
    expect(tricky?.categories?.map((c) => c.name)).toEqual(["Preise", "Verträge"]);
    const html = tricky?.content?.encoded ?? "";
    expect(html).toContain("Rechnen Sie <strong>in Paketen</strong>");
    expect(html).toContain("<table>");
    expect(html).toContain('href="https://blog.example.de/artikel/neuer-name/"');
    for (const item of rss.items ?? []) {
      expect(
        linksIn(item.content?.encoded ?? "").filter((l) => !/^(https:|#|mailto:)/.test(l)),
        item.title,
      ).toEqual([]);
    }
    const hero = rss.items?.find((i) => i.guid?.value === "alter-dateiname")?.content?.encoded ?? "";
    expect(hero).toContain("Vertrag unterschrieben");
  });

  it("writes Atom and JSON Feed with the same items", () => {
    const atom = parseAtomFeed(readDist(build.outDir, "atom.xml"));
    const json = parseJsonFeed(readDist(build.outDir, "feed.json"));
    expect(atom.entries?.map((e) => e.id)).toEqual(json.items?.map((i) => i.id));
    const atomTricky = atom.entries?.find((e) => e.id?.endsWith(":sonderzeichen-im-titel"));
    expect(atomTricky?.title).toEqual({ value: "Preise & <Pakete>: „Was kostet“ Qualität?", type: "text" });
    expect(json.items?.find((i) => i.id === atomTricky?.id)?.content_html).toContain("<strong>in Paketen</strong>");
    expect(json.items).toHaveLength(10);
  });

  it("links the feeds from every page head", () => {
    const html = readDist(build.outDir, "artikel/neuer-name/index.html");
    expect(html).toContain('<link rel="alternate" type="application/rss+xml"');
    expect(html).toContain('type="application/atom+xml"');
    expect(html).toContain('type="application/feed+json"');
  });

  it("has no broken internal link", () => {
    expect(brokenLinks(build, "https://blog.example.de", "")).toEqual([]);
  });

  it("ships no client JavaScript outside the search page: elsewhere the only script is JSON-LD", () => {
    const scripts = files
      .filter((f) => f.endsWith(".html") && f !== "suche/index.html")
      .flatMap((f) => [...readDist(build.outDir, f).matchAll(/<script\b[^>]*>/g)].map((m) => `${f}: ${m[0]}`))
      .filter((tag) => !tag.includes('type="application/ld+json"'));
    expect(scripts).toEqual([]);
    // Pagefind's own files are the only JavaScript, and only the search page loads them.
    expect(files.filter((f) => f.endsWith(".js") && !f.startsWith("pagefind/"))).toEqual([]);
    const search = readDist(build.outDir, "suche/index.html");
    expect(search).toContain('import("/pagefind/pagefind.js")');
    expect(search).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    for (const f of files.filter((file) => file.endsWith(".html") && file !== "suche/index.html")) {
      expect(readDist(build.outDir, f), f).not.toContain("wasm-unsafe-eval");
    }
  });

  it("indexes the published articles' bodies for search, and a plain link to /suche/ in the header", () => {
    expect(files).toContain("pagefind/pagefind.js");
    expect(files.some((f) => f.startsWith("pagefind/index/"))).toBe(true);
    // Only what /suche/ loads: Pagefind's ready-made interfaces would be dead weight.
    expect(files.filter((f) => f.startsWith("pagefind/") && /\.(js|css)$/.test(f)).sort()).toEqual([
      "pagefind/pagefind-worker.js",
      "pagefind/pagefind.js",
    ]);
    expect(readDist(build.outDir, "artikel/neuer-name/index.html")).toContain('<article class="post" data-pagefind-body');
    expect(readDist(build.outDir, "index.html")).not.toContain("data-pagefind-body");
    expect(readDist(build.outDir, "index.html")).toMatch(/<nav aria-label="Hauptnavigation">[\s\S]*href="\/suche\/"/);
  });

  it("describes a post for search engines and social cards", () => {
    const html = readDist(build.outDir, "artikel/sonderzeichen-im-titel/index.html");
    expect(html).toContain('<link rel="canonical" href="https://blog.example.de/artikel/sonderzeichen-im-titel/">');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta name="twitter:card"');
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(jsonLd).toMatchObject({
      "@type": "BlogPosting",
      headline: "Preise & <Pakete>: „Was kostet“ Qualität?",
      datePublished: "2026-11-20T00:00:00+01:00",
      dateModified: "2026-11-25T00:00:00+01:00",
    });
    expect(html).toContain("20. November 2026");
    expect(html).toContain("Aktualisiert am");
    expect(html).toMatch(/\d+\sMin\. Lesezeit/);
  });

  it("lists only published URLs in the sitemap and points robots.txt at it", () => {
    const sitemap = readDist(build.outDir, "sitemap-0.xml");
    expect(sitemap).toContain("https://blog.example.de/artikel/neuer-name/");
    expect(sitemap).not.toContain("/newsletter/");
    for (const signupPage of ["/bestaetigen/", "/danke/", "/link-abgelaufen/"]) expect(sitemap).not.toContain(signupPage);
    expect(readDist(build.outDir, "robots.txt")).toContain("Sitemap: https://blog.example.de/sitemap-index.xml");
  });

  it("pages the home listing and archives by year", () => {
    expect(readDist(build.outDir, "index.html")).toContain('href="/seite/2/"');
    const archive = readDist(build.outDir, "archiv/index.html");
    expect(archive.indexOf(">2026<")).toBeLessThan(archive.indexOf(">2025<"));
  });

  describe("newsletter editions", () => {
    /** The post links of an edition page's featured cards, in order. */
    const featured = (id: string) => {
      const html = readDist(build.outDir, `ausgaben/${id}/index.html`);
      const section = /<section class="featured"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
      return { section, links: [...section.matchAll(/<h3><a href="([^"]+)"/g)].map((m) => m[1]) };
    };

    it("gives only the public editions a page: not the draft, not the one due after the build", () => {
      expect(files.filter((f) => f.startsWith("ausgaben/")).sort()).toEqual([
        "ausgaben/erste-ausgabe/index.html",
        "ausgaben/index.html",
        "ausgaben/rss.xml",
        "ausgaben/zweite-ausgabe/index.html",
      ]);
    });

    it("shows an edition's subject, send date and text with the posts' components", () => {
      const html = readDist(build.outDir, "ausgaben/erste-ausgabe/index.html");
      expect(html).toContain("<h1>Erste Ausgabe: Preise &amp; &lt;Pakete&gt;</h1>");
      expect(html).toContain('<time datetime="2026-11-21T08:00:00+01:00">21. November 2026</time>');
      expect(html).toMatch(
        /<aside class="box box-tip"[^>]*><p class="box-title">Tipp der Woche<\/p><p>Rechnen Sie <strong>in Paketen<\/strong>/,
      );
      expect(html).toContain('<meta name="description" content="Was diese Woche neu ist.">');
      expect(html).not.toContain("noindex");
    });

    it("links a listed edition's cards to its posts in list order, with the hero image where a post has one", () => {
      const { section, links } = featured("zweite-ausgabe");
      // alter-dateiname is served under its slug; heute-vormittag is newer but listed second, and goes out without newsletter.
      expect(links).toEqual(["/artikel/neuer-name/", "/artikel/heute-vormittag/"]);
      expect(section).toMatch(/<img [^>]*alt="Ein blaues Rechteck als Platzhalterbild"/);
      expect(section).toContain("Die URL kommt aus dem slug-Feld, die ID bleibt der Dateiname.");
    });

    it("features with posts: auto the newsletter posts of the 7 days before the first edition", () => {
      // sonderzeichen-im-titel (20 Nov) is in; alter-dateiname (10 Nov) is older than a week.
      expect(featured("erste-ausgabe").links).toEqual(["/artikel/sonderzeichen-im-titel/"]);
    });

    it("lists the public editions newest first in /ausgaben/, with their feed and the signup page", () => {
      const html = readDist(build.outDir, "ausgaben/index.html");
      const list = /<ul class="post-list">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
      expect([...list.matchAll(/<h2><a href="([^"]+)"/g)].map((m) => m[1])).toEqual([
        "/ausgaben/zweite-ausgabe/",
        "/ausgaben/erste-ausgabe/",
      ]);
      expect(list).toContain("Was diese Woche neu ist.");
      expect(html).toContain('href="/ausgaben/rss.xml"');
      expect(html).toContain('href="/abonnieren/"');
      for (const page of ["ausgaben/index.html", "ausgaben/zweite-ausgabe/index.html"])
        expect(readDist(build.outDir, page), page).toContain(
          '<link rel="alternate" type="application/rss+xml" title="Rundbrief (RSS-Feed der Ausgaben)" href="/ausgaben/rss.xml">',
        );
      const footer = /<footer class="site-footer">[\s\S]*?<\/footer>/.exec(readDist(build.outDir, "index.html"))?.[0] ?? "";
      expect(footer).toContain('href="/ausgaben/"');
      expect(readDist(build.outDir, "feeds/index.html")).toContain("<code>https://blog.example.de/ausgaben/rss.xml</code>");
    });

    it("writes the editions' own RSS feed with full text and featured posts, newest first", () => {
      const rss = parseRssFeed(readDist(build.outDir, "ausgaben/rss.xml"));
      expect(rss.title).toBe("Rundbrief: Newsletter-Ausgaben");
      expect(rss.link).toBe("https://blog.example.de/ausgaben/");
      expect(rss.atom?.links?.[0]).toMatchObject({ rel: "self", href: "https://blog.example.de/ausgaben/rss.xml" });
      expect(rss.items?.map((item) => item.guid)).toEqual([
        { value: "zweite-ausgabe", isPermaLink: false },
        { value: "erste-ausgabe", isPermaLink: false },
      ]);
      const first = rss.items?.[1];
      expect(first?.title).toBe("Erste Ausgabe: Preise & <Pakete>");
      expect(first?.link).toBe("https://blog.example.de/ausgaben/erste-ausgabe/");
      expect(first?.description).toBe("Was diese Woche neu ist.");
      expect(new Date(first?.pubDate ?? "").toISOString()).toBe("2026-11-21T07:00:00.000Z");
      const html = first?.content?.encoded ?? "";
      expect(html).toContain("<strong>in Paketen</strong>");
      expect(html).toContain('href="https://blog.example.de/artikel/neuer-name/"');
      expect(html).toContain('<li><a href="https://blog.example.de/artikel/sonderzeichen-im-titel/">Preise &amp; &lt;Pakete&gt;');
      // Without a preheader the subject is the summary.
      expect(rss.items?.[0]?.description).toBe("Zweite Ausgabe");
    });

    it("puts the public editions in the sitemap", () => {
      const sitemap = readDist(build.outDir, "sitemap-0.xml");
      for (const path of ["/ausgaben/", "/ausgaben/erste-ausgabe/", "/ausgaben/zweite-ausgabe/"])
        expect(sitemap).toContain(`<loc>https://blog.example.de${path}</loc>`);
    });
  });
});

describe("a blog without editions", () => {
  it("builds a friendly empty /ausgaben/ and an empty editions feed, without a word about the missing folder", async () => {
    const build = await buildSite(FIXTURE, {
      BUILD_NOW: NOW,
      RUNDBRIEF_EDITIONS_DIR: join(PROJECT_ROOT, "tests/fixtures/gibt-es-nicht"),
    });
    const output = build.stdout + build.stderr;
    expect(build.code, output).toBe(0);
    expect(readDist(build.outDir, "ausgaben/index.html")).toContain("Noch ist keine Ausgabe erschienen.");
    expect(parseRssFeed(readDist(build.outDir, "ausgaben/rss.xml")).items ?? []).toEqual([]);
    expect(output).not.toContain("[WARN]");
    expect(output).not.toMatch(/does not exist|No files found/);
  });
});

describe("a bad edition", () => {
  const cases = [
    [
      "without subject",
      "---\nsendAt: 2026-11-21 08:00\n---\nText\n",
      /editions → kaputte-ausgabe data does not match collection schema\.\s+subject: fehlt \(Pflichtfeld, Text\)\./,
    ],
    [
      "with a date but no time",
      "---\nsubject: S\nsendAt: 2026-11-21\n---\nText\n",
      / {2}sendAt: „2026-11-21“ hat keine Uhrzeit\. Eine Ausgabe braucht den Zeitpunkt des Versands/,
    ],
    [
      "listing a post that does not exist",
      "---\nsubject: S\nsendAt: 2026-11-21 08:00\nposts: [gibt-es-nicht]\n---\nText\n",
      /kaputte-ausgabe\.mdx: ungültiges Frontmatter\n {2}- posts: „gibt-es-nicht“: Einen Artikel mit dieser ID gibt es nicht\./,
    ],
  ] as const;

  it.each(cases)("%s fails the build with a German message naming file and field", async (_name, source, message) => {
    const scratch = join(PROJECT_ROOT, "node_modules/.cache/rundbrief-builds");
    mkdirSync(scratch, { recursive: true });
    const dir = mkdtempSync(join(scratch, "editions-"));
    writeFileSync(join(dir, "kaputte-ausgabe.mdx"), source);
    const build = await buildSite(FIXTURE, { BUILD_NOW: NOW, RUNDBRIEF_EDITIONS_DIR: dir });
    const output = (build.stdout + build.stderr).replace(ANSI, "");
    expect(build.code, output).not.toBe(0);
    expect(output).toMatch(message);
    expect(output).toContain("kaputte-ausgabe.mdx");
  });
});

describe("site build under a base path", () => {
  it("keeps every internal link, feed and canonical URL inside /blog/", async () => {
    const build = await buildSite(FIXTURE, {
      BUILD_NOW: NOW,
      SITE_URL: "https://user.github.io/blog/",
      RUNDBRIEF_EDITIONS_DIR: EDITIONS,
    });
    expect(build.code, build.stderr + build.stdout).toBe(0);
    const emails = listFiles(newsletterOutputDir(build.outDir)).filter((f) => f.endsWith(".html"));
    expect(emails.length).toBeGreaterThan(0);
    expect(brokenLinks(build, "https://user.github.io", "/blog")).toEqual([]);
    // The share image under the base path, once, and really there.
    const post = readDist(build.outDir, "artikel/neuer-name/index.html");
    expect(post).toContain('<meta property="og:image" content="https://user.github.io/blog/og/neuer-name.png">');
    expect(listFiles(build.outDir)).toContain("og/neuer-name.png");
    const rss = parseRssFeed(readDist(build.outDir, "rss.xml"));
    expect(rss.items?.every((i) => i.link?.startsWith("https://user.github.io/blog/artikel/"))).toBe(true);
    expect(readDist(build.outDir, "index.html")).toContain('<link rel="canonical" href="https://user.github.io/blog/">');
  });
});

describe("secrets and the build", () => {
  it("keeps every build secret out of the build's environment, its output and dist/", async () => {
    const secret = "re_test_SECRET_must_not_leak_4711";
    expect(BUILD_SECRETS).toEqual(["RESEND_API_KEY", "SUBSCRIBE_SECRET"]);
    const secrets = Object.fromEntries(BUILD_SECRETS.map((name) => [name, `${secret}_${name}`]));
    const build = await buildSite(FIXTURE, { BUILD_NOW: NOW, ...secrets }, [CLI, "build", "--site-only", "--verbose"]);
    const output = build.stdout + build.stderr;
    expect(build.code, output).toBe(0);
    expect(output).toContain("Complete!");
    expect(output).not.toContain(secret);
    const leaks = listFiles(build.outDir).filter((f) => readDist(build.outDir, f).includes(secret));
    expect(leaks).toEqual([]);
    expect(output).not.toContain("noch einmal ohne Begrenzung");
  });
});

describe("the build's heap limit", () => {
  it("runs the build again without the limit when it was too small, and says how to avoid that", async () => {
    const build = await buildSite(FIXTURE, { BUILD_NOW: NOW, RUNDBRIEF_BUILD_HEAP_MB: "48", NODE_OPTIONS: "" }, [
      CLI,
      "build",
      "--site-only",
    ]);
    const output = build.stdout + build.stderr;
    expect(build.code, output).toBe(0);
    expect(output).toContain("JavaScript heap out of memory");
    expect(output).toContain(
      "Der Build brauchte mehr als 48 MiB JavaScript-Speicher und läuft jetzt noch einmal ohne Begrenzung.",
    );
    expect(output).toContain("RUNDBRIEF_BUILD_HEAP_MB");
    expect(listFiles(build.outDir)).toContain("rss.xml");
  });

  it("stops with a clear message for a value that is not whole MiB", async () => {
    const build = await buildSite(FIXTURE, { BUILD_NOW: NOW, RUNDBRIEF_BUILD_HEAP_MB: "2GB" }, [CLI, "build", "--site-only"]);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain("RUNDBRIEF_BUILD_HEAP_MB „2GB“ ist keine ganze Zahl ≥ 0.");
  });
});
