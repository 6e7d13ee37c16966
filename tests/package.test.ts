/**
 * The package as a user gets it: `npm pack` at the root, the starter copied to a folder
 * outside this repository, the tarball installed there offline (into a hard-linked copy
 * of this repository's node_modules, then pruned to what the starter needs), and then
 * the starter's own commands: build, check, and the newsletter against the fake Resend.
 * A missing `files` entry, a wrong `exports` path or an import that reaches outside the
 * package fails here, because nothing but the tarball and the starter is in that folder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignupAssets } from "../src/lib/subscribe/assets.ts";
import { CURRENT_CONSENT_VERSION } from "../src/lib/subscribe/consent.ts";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseRssFeed } from "feedsmith";
import { PROJECT_ROOT } from "./support/build-site.ts";
import { NODE_PATH, installStarter, npmOffline, packPackage } from "./support/starter.ts";
import { NODE_BUILTIN_IMPORT, bundlePagesFunction, compileLimiterWorker } from "./support/pages-function.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend } from "./fake-resend/server.ts";

const NOW = "2026-12-02T12:00:00+01:00";
const POST_ID = "aenderungswuensche-freundlich-begrenzen";

let work: string;
let blog: string;
let tarball: string;
let packedFiles: string[];
let fake: FakeResend;

/** `rundbrief <args>` as the starter runs it: the installed package's bin, in the blog's folder (async: the fake Resend lives in this process). */
function rundbrief(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(blog, "node_modules/.bin/rundbrief"), ...args], {
    cwd: blog,
    env: {
      PATH: NODE_PATH,
      HOME: process.env.HOME ?? tmpdir(),
      ASTRO_TELEMETRY_DISABLED: "1",
      FORCE_COLOR: "0",
      BUILD_NOW: NOW,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string; output: string }>((done) =>
    child.on("close", (code) => done({ code, stdout, stderr, output: stdout + stderr })),
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "rundbrief-package-"));
  ({ tarball, files: packedFiles } = packPackage(PROJECT_ROOT, work));
  blog = join(work, "mein-blog");
  installStarter(PROJECT_ROOT, blog, tarball);
  fake = await startFakeResend();
}, 300_000);

afterAll(async () => {
  await fake?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("carries the engine and its built Node entries, and nothing of the demo", () => {
    for (const file of [
      "package.json",
      "lib/cli.js",
      "lib/index.js",
      "lib/config.js",
      "src/index.ts",
      "src/content.ts",
      "src/subscribe.ts",
      "lib/cloudflare.js",
      "src/cloudflare.ts",
      "consent/index.json",
      "consent/2026-11-28.md",
    ])
      expect(packedFiles).toContain(file);
    expect(packedFiles.some((file) => file.startsWith("src/routes/artikel/"))).toBe(true);
    const demo = packedFiles.filter(
      (file) =>
        /^(content|tests|examples|docs|public|functions|\.github|\.changeset)\//.test(file) ||
        /^scripts\/bench/.test(file) ||
        /\.test\.ts$/.test(file) ||
        ["rundbrief.config.ts", "astro.config.mjs", "src/content.config.ts", "tsconfig.json"].includes(file),
    );
    expect(demo).toEqual([]);
  });

  it("installs into the starter with nothing but Astro and Rundbrief as its dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(blog, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["astro", "rundbrief"]);
    expect(existsSync(join(blog, "package-lock.json"))).toBe(true);
    // Pruned to the starter's needs: the engine's test tools are gone.
    for (const tool of ["vitest", "eslint", "feedsmith"]) expect(existsSync(join(blog, "node_modules", tool))).toBe(false);
  });

  it("meets its peer range: the starter's Astro is one the package supports", () => {
    // npm ls exits non-zero for a missing or invalid peer dependency.
    expect(npmOffline(["ls", "astro", "--omit=dev"], blog)).toMatch(/rundbrief@[\d.]+\n[\s\S]*astro@7\.3\.\d+ deduped/);
  });
});

describe("the starter, built with the installed package", () => {
  let build: Awaited<ReturnType<typeof rundbrief>>;
  beforeAll(async () => {
    build = await rundbrief(["build"], { SITE_URL: "https://blog.example.de", RESEND_API_KEY: "" });
  }, 300_000);

  it("builds site, feeds and emails, then plans the newsletter without sending", () => {
    expect(build.code, build.output).toBe(0);
    const dist = join(blog, "dist");
    expect(existsSync(join(dist, "index.html"))).toBe(true);
    expect(existsSync(join(dist, `artikel/${POST_ID}/index.html`))).toBe(true);
    expect(readFileSync(join(dist, `artikel/${POST_ID}/index.html`), "utf8")).toContain("Änderungswünsche freundlich begrenzen");
    const rss = parseRssFeed(readFileSync(join(dist, "rss.xml"), "utf8"));
    expect(rss.items?.map((item) => item.guid?.value).sort()).toEqual([POST_ID, "willkommen"]);
    const manifest = JSON.parse(readFileSync(join(`${dist}-newsletter`, "manifest.json"), "utf8")) as {
      campaigns: { id: string }[];
    };
    // newsletter.since is 2026-12-01: the welcome post from November is never mailed.
    expect(manifest.campaigns.map((post) => post.id)).toEqual([POST_ID]);
    expect(build.output).toContain("Nur Plan – nichts versendet.");
    // No content/editions/ yet: an empty editions archive, and not a word about the folder.
    expect(readFileSync(join(dist, "ausgaben/index.html"), "utf8")).toContain("Noch ist keine Ausgabe erschienen.");
    expect(build.output).not.toMatch(/does not exist|No files found|is empty/);
    // The signup function's data: the package's consent texts (the starter has no folder of
    // its own) and the starter's welcome mail, rendered with its post as a card.
    const signup = JSON.parse(readFileSync(join(dist, "anmeldung.json"), "utf8")) as SignupAssets;
    expect(signup.consent.current.version).toBe(CURRENT_CONSENT_VERSION);
    expect(signup.welcome?.subject).toBe("Willkommen beim Newsletter");
    expect(signup.welcome?.html).toContain("Änderungswünsche freundlich begrenzen");
    expect(signup.welcome?.html).toContain("{{{RESEND_UNSUBSCRIBE_URL}}}");
  });

  it("indexes for search once Astro has finished, and copies the share images into dist/og/", () => {
    const dist = join(blog, "dist");
    expect(existsSync(join(dist, "pagefind/pagefind.js"))).toBe(true);
    // `rundbrief build` runs Pagefind after Astro's process, so the two never hold memory at once.
    expect(build.output.indexOf("Suchindex: 2 Artikel in pagefind/")).toBeGreaterThan(build.output.indexOf("Complete!"));
    expect(
      readFileSync(join(dist, `og/${POST_ID}.png`))
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    expect(build.output).toMatch(/Teilen-Bilder: 2 in og\/ \(\d neu gezeichnet/);
    expect(existsSync(join(dist, "_rundbrief"))).toBe(false);
  });

  it("checks the posts, and names the file and field of a broken one", async () => {
    expect((await rundbrief(["check"])).stdout).toContain("2 Artikel geprüft, alles in Ordnung");
    const broken = join(blog, "content/posts/kaputt.mdx");
    writeFileSync(broken, "---\ntitle: Kaputt\npubDate: 31.02.2026\n---\nText\n");
    try {
      const check = await rundbrief(["check"]);
      expect(check.code).toBe(1);
      expect(check.stderr).toContain("content/posts/kaputt.mdx: ungültiges Frontmatter");
      expect(check.stderr).toContain("pubDate: „31.02.2026“ ist kein gültiges Datum");
    } finally {
      rmSync(broken);
    }
  });

  it("sends the new post once through the fake Resend, and a rerun sends nothing", async () => {
    const env = {
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      RESEND_SEGMENT_ID: SEGMENT_ID,
      RESEND_MIN_INTERVAL_MS: "0",
    };
    const first = await rundbrief(["newsletter", "--send", "--no-wait-live"], env);
    expect(first.code, first.output).toBe(0);
    const second = await rundbrief(["newsletter", "--send", "--no-wait-live"], env);
    expect(second.code, second.output).toBe(0);
    const sent = fake.broadcastsNamed(`post:${POST_ID}`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).not.toBe("draft");
    expect(fake.broadcasts()).toHaveLength(1);
    expect(first.output + second.output).not.toContain(fake.apiKey);
  });

  it("answers in German with its help and refuses an unknown command with exit 2", async () => {
    expect((await rundbrief(["--help"])).stdout).toContain("Verwendung: rundbrief <Befehl>");
    expect((await rundbrief(["veröffentlichen"])).code).toBe(2);
  });

  it("installs again from its own lockfile offline, without dev tools", async () => {
    rmSync(join(blog, "node_modules"), { recursive: true, force: true });
    npmOffline(["ci", "--omit=dev"], blog);
    expect(readdirSync(join(blog, "node_modules"))).toContain("rundbrief");
    expect(existsSync(join(blog, "node_modules/playwright-core"))).toBe(false);
    expect((await rundbrief(["check"])).code).toBe(0);
  }, 300_000);
});

describe("the starter's signup function, bundled as Cloudflare bundles it", () => {
  it("bundles from the installed package without Node built-ins and answers in German", async () => {
    const { errors, text, onRequest } = await bundlePagesFunction(join(blog, "functions/api/[[route]].ts"), blog, work);
    expect(errors).toEqual([]);
    expect(text).not.toMatch(NODE_BUILTIN_IMPORT);
    const response = await onRequest({ request: new Request("https://blog.example.de/api/subscribe"), env: {} });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("Die Anmeldung ist gerade nicht verfügbar");
  });

  it("has a limiter Worker that bundles from the installed package, without Node built-ins", async () => {
    const limiter = await compileLimiterWorker(join(blog, "limiter"), blog);
    expect(limiter.errors).toEqual([]);
    expect(limiter.text).toMatch(/export \{[^}]*\bSignupLimiter\b/);
    expect(limiter.text).not.toMatch(NODE_BUILTIN_IMPORT);
    expect(limiter.name).toBe("rundbrief-signup-limiter");
  });
});

describe("a blog's own components, texts and fields, through the installed package", () => {
  const config = () => join(blog, "rundbrief.config.ts");
  const contentConfig = () => join(blog, "src/content.config.ts");
  let original: { config: string; contentConfig: string };

  beforeAll(() => {
    original = { config: readFileSync(config(), "utf8"), contentConfig: readFileSync(contentConfig(), "utf8") };
  });
  afterAll(() => {
    writeFileSync(config(), original.config);
    writeFileSync(contentConfig(), original.contentConfig);
    rmSync(join(blog, "src/Fusszeile.astro"), { force: true });
  });

  it("renders the blog's Footer and texts in place of the built-in ones, and validates its extra field", async () => {
    writeFileSync(
      join(blog, "src/Fusszeile.astro"),
      [
        "---",
        'import { PAGES, href, siteConfig, t } from "rundbrief/runtime";',
        'import FormattedDate from "rundbrief/components/FormattedDate.astro";',
        "---",
        '<footer class="eigene-fusszeile">Eigene Fußzeile von {siteConfig.title}, <a href={href(PAGES.imprint)}>{t.imprint}</a>, Stand <FormattedDate date={new Date("2026-12-01T12:00:00Z")} /></footer>',
        "",
      ].join("\n"),
    );
    writeFileSync(
      config(),
      original.config.replace(
        "export default defineConfig({",
        'export default defineConfig({\n  components: { Footer: "./src/Fusszeile.astro" },\n  strings: { ctaTitle: "Neues per E-Mail" },',
      ),
    );
    writeFileSync(
      contentConfig(),
      original.contentConfig
        .replace(
          'import { defineCollection } from "astro:content";',
          'import { defineCollection } from "astro:content";\nimport { z } from "astro/zod";',
        )
        .replace("schema: postSchema", "schema: postSchema.extend({ lesedauer: z.number().optional() })"),
    );
    const build = await rundbrief(["build", "--site-only"], { SITE_URL: "https://blog.example.de" });
    expect(build.code, build.output).toBe(0);
    const page = readFileSync(join(blog, `dist/artikel/${POST_ID}/index.html`), "utf8");
    expect(page).toContain(
      '<footer class="eigene-fusszeile">Eigene Fußzeile von Mein Blog, <a href="/impressum/">Impressum</a>, Stand',
    );
    expect(page).toMatch(/<time datetime="2026-12-01[^"]*">1\. Dezember 2026<\/time><\/footer>/);
    expect(page).not.toContain('class="site-footer"');
    // Its own Footer could show posts no cache key knows of: no page is restored from the cache.
    expect(build.output).toContain("Inkrementelle Builds aus: Eigene Komponenten");
    expect(build.output).not.toContain("(restored)");
    expect(page).toContain("Neues per E-Mail");
    expect(page).not.toContain("Neue Artikel per E‑Mail");

    const post = join(blog, "content/posts/willkommen.mdx");
    const text = readFileSync(post, "utf8");
    // A valid extra field: the build takes it, check names it as unknown to the CLI but passes, due still reads the post.
    writeFileSync(post, text.replace("tags: [In eigener Sache]", "tags: [In eigener Sache]\nlesedauer: 3"));
    expect((await rundbrief(["build", "--site-only"])).code).toBe(0);
    const check = await rundbrief(["check"]);
    expect(check.code, check.output).toBe(0);
    expect(check.stderr).toContain(
      "content/posts/willkommen.mdx: Feld „lesedauer“ kennt Rundbrief nicht. Stammt es aus postSchema.extend",
    );
    const due = await rundbrief(["due", "--previous", "success"]);
    expect(due.stdout).not.toContain("Nicht lesbar");
    writeFileSync(post, text.replace("tags: [In eigener Sache]", "tags: [In eigener Sache]\nlesedauer: drei"));
    try {
      const broken = await rundbrief(["build", "--site-only"]);
      expect(broken.code).not.toBe(0);
      expect(broken.output).toContain("lesedauer");
    } finally {
      writeFileSync(post, text);
    }
  }, 300_000);

  it("builds an older blog whose content config has no editions, and says how to add them once it has some", async () => {
    const editions = join(blog, "content/editions");
    mkdirSync(editions, { recursive: true });
    writeFileSync(join(editions, "woche-49.mdx"), "---\nsubject: Woche 49\nsendAt: 2026-11-30 07:30\n---\n\nText\n");
    writeFileSync(
      contentConfig(),
      [
        'import { defineCollection } from "astro:content";',
        'import { postSchema, postsLoader } from "rundbrief/content";',
        "",
        "export const collections = { posts: defineCollection({ loader: postsLoader(), schema: postSchema }) };",
        "",
      ].join("\n"),
    );
    try {
      const build = await rundbrief(["build", "--site-only"]);
      expect(build.code, build.output).toBe(0);
      expect(build.output).toContain(
        "content/editions/ enthält Newsletter-Ausgaben, aber src/content.config.ts hat keine Sammlung „editions“. Bitte ergänzen: editions: defineCollection({ loader: editionsLoader(), schema: editionSchema })",
      );
      expect(existsSync(join(blog, "dist/ausgaben/index.html"))).toBe(true);
      expect(existsSync(join(blog, "dist/ausgaben/woche-49"))).toBe(false);
    } finally {
      writeFileSync(contentConfig(), original.contentConfig);
      rmSync(editions, { recursive: true, force: true });
    }
  }, 300_000);

  it("stops build and commands with a German message that names a bad option", async () => {
    writeFileSync(config(), original.config.replace('from: "Mein Blog <brief@example.de>"', 'from: "Mein Blog"'));
    const check = await rundbrief(["check"]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain("rundbrief.config.ts: ungültige Rundbrief-Konfiguration");
    expect(check.stderr).toContain('newsletter.from: ist "Mein Blog"; erwartet: Absender wie „Name <brief@example.de>“');
    const build = await rundbrief(["build", "--site-only"]);
    expect(build.code).not.toBe(0);
    expect(build.output).toContain('newsletter.from: ist "Mein Blog"');
    writeFileSync(config(), original.config);
  }, 300_000);
});
