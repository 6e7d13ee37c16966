/**
 * Authors can read their drafts: the same draft and future post, and the same draft and
 * unsent newsletter edition, render with a banner and noindex in the dev server and in a
 * build that asks for them (a PR preview), and stay out of every list, feed, sitemap and
 * newsletter. The production build never contains them (tests/site-build.test.ts checks
 * every file of it for these posts and editions).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, PROJECT_ROOT, type BuildResult } from "./support/build-site.ts";
import { listFiles, readDist } from "./support/dist.ts";

const FIXTURE = join(PROJECT_ROOT, "tests/fixtures/site-posts");
const EDITIONS = join(PROJECT_ROOT, "tests/fixtures/site-editions");
const NOW = "2026-11-28T12:00:00+01:00";
const DRAFT = { path: "/artikel/geheimer-entwurf/", body: "GEHEIMER-ENTWURF-INHALT", banner: "Entwurf – nicht veröffentlicht" };
const FUTURE = { path: "/artikel/zukunftsmusik/", body: "ZUKUNFTS-INHALT", banner: "Geplant für 1. März 2027" };
const DRAFT_EDITION = {
  path: "/ausgaben/entwurf-ausgabe/",
  body: "ENTWURF-AUSGABE-INHALT",
  banner: "Entwurf – nicht veröffentlicht. Diese Ausgabe sehen nur Sie",
};
const FUTURE_EDITION = {
  path: "/ausgaben/kuenftige-ausgabe/",
  body: "KUENFTIGE-AUSGABE-INHALT",
  banner: "Geplant für 28. November 2026, 12:30\u00a0Uhr – noch nicht verschickt.",
};

/** Colour codes in the dev server's output. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("drafts in the dev server", () => {
  let dev: ChildProcess;
  let origin: string;
  let log = "";

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const work = mkdtempSync(join(PROJECT_ROOT, "node_modules/.cache/rundbrief-dev-"));
    dev = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, "node_modules/astro/bin/astro.mjs"),
        "dev",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--ignore-lock",
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          // As an author's shell has it: without what vitest adds (NODE_ENV=test, BASE_URL, VITEST*).
          ...Object.fromEntries(
            Object.entries(process.env).filter(([key]) => !/^(VITEST|BASE_URL$|MODE$|DEV$|PROD$|SSR$|NODE_ENV$)/.test(key)),
          ),
          RUNDBRIEF_CONTENT_DIR: FIXTURE,
          RUNDBRIEF_EDITIONS_DIR: EDITIONS,
          RUNDBRIEF_CACHE_DIR: join(work, "cache"),
          BUILD_NOW: NOW,
          ASTRO_TELEMETRY_DISABLED: "1",
          FORCE_COLOR: "0",
          RESEND_API_KEY: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    dev.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    dev.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 90_000;
    for (;;) {
      // Vite moves to another port when the asked one is taken meanwhile: read where it listens.
      const listening = /Local\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(log.replace(ANSI, ""));
      if (listening?.[1]) origin = listening[1];
      try {
        const answer = await fetch(`${origin}/`, { signal: AbortSignal.timeout(5000) });
        if (answer.ok) break;
        log += `\n[test] GET / answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`;
      } catch (error) {
        // not listening yet
        log += `\n[test] ${String(error)} ${String((error as { cause?: unknown }).cause)}`;
      }
      if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`astro dev did not start at ${origin}:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  });

  afterAll(() => {
    dev?.kill("SIGTERM");
  });

  it.each([
    ["a draft", DRAFT],
    ["a future post", FUTURE],
    ["a draft edition", DRAFT_EDITION],
    ["an edition not yet sent", FUTURE_EDITION],
  ])("shows %s at its address with a banner and noindex", async (_case, post) => {
    const answer = await fetch(origin + post.path);
    const html = await answer.text();
    expect(answer.status, log).toBe(200);
    expect(html).toContain(post.body);
    expect(html).toContain(post.banner);
    expect(html).toContain('<meta name="robots" content="noindex"');
  });

  it("keeps them out of the lists and feeds even there", async () => {
    for (const path of ["/", "/archiv/", "/themen/", "/rss.xml", "/feed.json", "/ausgaben/", "/ausgaben/rss.xml"]) {
      const text = await (await fetch(origin + path)).text();
      for (const id of ["geheimer-entwurf", "zukunftsmusik", "entwurf-ausgabe", "kuenftige-ausgabe"])
        expect(text, path).not.toContain(id);
    }
  });

  it("shows a published post without a banner", async () => {
    const html = await (await fetch(`${origin}/artikel/neuer-name/`)).text();
    expect(html).not.toContain('class="status-banner"');
    expect(html).not.toContain('content="noindex"');
  });
});

describe("drafts in a preview build (RUNDBRIEF_SHOW_DRAFTS=1)", () => {
  let build: BuildResult;

  beforeAll(async () => {
    build = await buildSite(FIXTURE, {
      BUILD_NOW: NOW,
      SITE_URL: "https://vorschau.example.de",
      RUNDBRIEF_SHOW_DRAFTS: "1",
      RUNDBRIEF_EDITIONS_DIR: EDITIONS,
    });
    expect(build.code, build.stderr + build.stdout).toBe(0);
  });

  it.each([
    ["the draft", DRAFT],
    ["the future post", FUTURE],
    ["the draft edition", DRAFT_EDITION],
    ["the edition not yet sent", FUTURE_EDITION],
  ])("renders %s with its banner and noindex", (_case, post) => {
    const html = readDist(build.outDir, `${post.path.slice(1)}index.html`);
    expect(html).toContain(post.body);
    expect(html).toContain(post.banner);
    expect(html).toContain('<meta name="robots" content="noindex"');
  });

  it("lists them nowhere: no other page, feed or newsletter file names them, and there is no sitemap", () => {
    const files = listFiles(build.outDir).filter((file) => /\.(html|xml|json|txt)$/.test(file));
    const own = [
      "artikel/geheimer-entwurf/",
      "artikel/zukunftsmusik/",
      "ausgaben/entwurf-ausgabe/",
      "ausgaben/kuenftige-ausgabe/",
    ];
    const naming = files
      .filter((file) => !own.some((page) => file.startsWith(page)))
      .filter((file) =>
        /geheimer-entwurf|zukunftsmusik|entwurf-ausgabe|kuenftige-ausgabe/.test(readFileSync(join(build.outDir, file), "utf8")),
      );
    expect(naming).toEqual([]);
    expect(existsSync(join(build.outDir, "sitemap-index.xml"))).toBe(false);
  });

  it("leaves them out of the search index: their bodies are not marked for Pagefind", () => {
    expect(readDist(build.outDir, "artikel/geheimer-entwurf/index.html")).not.toContain("data-pagefind-body");
    expect(readDist(build.outDir, "artikel/neuer-name/index.html")).toContain("data-pagefind-body");
  });
});

describe("a preview build with drafts only", () => {
  it("writes no search index, so Pagefind never indexes a draft page whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rundbrief-drafts-only-"));
    cpSync(join(FIXTURE, "geheimer-entwurf.mdx"), join(dir, "geheimer-entwurf.mdx"));
    cpSync(join(FIXTURE, "images"), join(dir, "images"), { recursive: true });
    const build = await buildSite(dir, { BUILD_NOW: NOW, SITE_URL: "https://vorschau.example.de", RUNDBRIEF_SHOW_DRAFTS: "1" });
    expect(build.code, build.stderr + build.stdout).toBe(0);
    expect(readDist(build.outDir, "artikel/geheimer-entwurf/index.html")).toContain(DRAFT.banner);
    expect(existsSync(join(build.outDir, "pagefind"))).toBe(false);
  });
});
