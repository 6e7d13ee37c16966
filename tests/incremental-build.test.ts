/**
 * Incremental builds of a fixture site in one cache folder: cold, warm without a change,
 * warm after one post's title changed, and a build of that content without a cache to
 * compare with. What Astro rendered or restored is read from its own per-page log lines.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { pageOutcomes } from "../scripts/bench/astro-log.ts";
import { newsletterOutputDir } from "../src/lib/routes.ts";
import { buildSite, PROJECT_ROOT } from "./support/build-site.ts";
import { listFiles } from "./support/dist.ts";

const FIXTURE = join(PROJECT_ROOT, "tests/fixtures/site-posts");
const EDITIONS = join(PROJECT_ROOT, "tests/fixtures/site-editions");
const CHANGED_POST = "sonderzeichen-im-titel.mdx";
/** A part of the changed post's title that no escaping alters, before and after. */
const OLD_TITLE = "Was kostet“ Qualität";
const NEW_TITLE = "Preisgespräche ohne Rabattschlacht";

/** The pages that carry a cache key: posts, further listing pages, tag pages, edition pages. */
const isKeyed = (path: string) => /^\/(?:artikel|seite|themen|ausgaben)\/[^/]+\/index\.html$/.test(path);

/** Every file a build wrote, the site's and the emails' (as newsletter/…), by path. */
function filesOf(outDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of listFiles(outDir)) files.set(file, readFileSync(join(outDir, file)));
  const emails = newsletterOutputDir(outDir);
  for (const file of listFiles(emails)) files.set(`newsletter/${file}`, readFileSync(join(emails, file)));
  return files;
}

/** The text of a file as a reader or a search sees it: Pagefind's fragments are gzipped JSON. */
function textOf(path: string, bytes: Buffer): string | null {
  if (path.endsWith(".pf_fragment")) return gunzipSync(bytes).toString("utf8");
  return /\.(html|xml|json|txt)$/.test(path) ? bytes.toString("utf8") : null;
}

function filesShowing(files: Map<string, Buffer>, text: string): string[] {
  return [...files].filter(([path, bytes]) => textOf(path, bytes)?.includes(text)).map(([path]) => path);
}

/** Paths whose bytes differ between two builds, or that only one of them wrote. */
function differingFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): string[] {
  const paths = new Set([...actual.keys(), ...expected.keys()]);
  return [...paths].filter((path) => !actual.get(path)?.equals(expected.get(path) ?? Buffer.alloc(0))).sort();
}

/** Astro's output paths of the keyed pages that show `text` in `files`. */
function keyedPagesShowing(files: Map<string, Buffer>, text: string): string[] {
  return filesShowing(files, text)
    .map((path) => `/${path}`)
    .filter(isKeyed)
    .sort();
}

describe("incremental builds", () => {
  const builds = {} as Record<"cold" | "unchanged" | "changed" | "uncached", { stdout: string; files: Map<string, Buffer> }>;

  beforeAll(async () => {
    const content = mkdtempSync(join(tmpdir(), "incremental-posts-"));
    cpSync(FIXTURE, content, { recursive: true });
    const env = {
      BUILD_NOW: "2026-11-28T12:00:00+01:00",
      SITE_URL: "https://blog.example.de",
      RUNDBRIEF_EDITIONS_DIR: EDITIONS,
      RUNDBRIEF_CACHE_DIR: mkdtempSync(join(tmpdir(), "incremental-cache-")),
      // One output folder, as a blog builds into dist/ every time: Astro's image module
      // names it, so a page's module graph differs from one output folder to another.
      RUNDBRIEF_OUT_DIR: join(mkdtempSync(join(PROJECT_ROOT, "node_modules/.cache/incremental-")), "dist"),
    };
    const build = async (name: keyof typeof builds, extra: Record<string, string> = {}) => {
      const result = await buildSite(content, { ...env, ...extra });
      expect(result.code, result.stderr).toBe(0);
      builds[name] = { stdout: result.stdout, files: filesOf(env.RUNDBRIEF_OUT_DIR) };
    };
    await build("cold");
    await build("unchanged");
    const post = join(content, CHANGED_POST);
    writeFileSync(post, readFileSync(post, "utf8").replace(/^title: .*$/m, `title: "${NEW_TITLE}"`));
    await build("changed");
    await build("uncached", { RUNDBRIEF_CACHE_DIR: mkdtempSync(join(tmpdir(), "incremental-cache-")) });
  });

  it("renders every page when the cache folder holds no pages yet", () => {
    const { rendered, restored } = pageOutcomes(builds.cold.stdout);
    expect(restored).toEqual([]);
    expect(rendered.filter(isKeyed).length).toBeGreaterThan(10);
  });

  it("restores every keyed page when nothing changed, renders the rest and writes the same site", () => {
    const before = pageOutcomes(builds.cold.stdout).rendered;
    const { rendered, restored } = pageOutcomes(builds.unchanged.stdout);
    expect(restored.sort()).toEqual(before.filter(isKeyed).sort());
    expect(rendered.sort()).toEqual(before.filter((path) => !isKeyed(path)).sort());
    expect(differingFiles(builds.unchanged.files, builds.cold.files)).toEqual([]);
  });

  it("after one title changed renders again exactly the keyed pages that show it, and nothing shows the old title", () => {
    const before = builds.unchanged.files;
    const after = builds.changed.files;
    const { rendered } = pageOutcomes(builds.changed.stdout);
    expect(rendered.filter(isKeyed).sort()).toEqual(keyedPagesShowing(before, OLD_TITLE));
    // Its page, its neighbours', the related posts', its tags', a listing page.
    expect(rendered.filter(isKeyed).length).toBeGreaterThanOrEqual(4);

    expect(filesShowing(after, OLD_TITLE)).toEqual([]);
    const showing = filesShowing(after, NEW_TITLE);
    // Pagefind names its fragments by their content: those are checked below.
    for (const path of filesShowing(before, OLD_TITLE).filter((file) => !file.startsWith("pagefind/")))
      expect(showing).toContain(path);
    // Pages, all three feeds, the post's email (HTML and text), its search entry.
    for (const path of [
      "rss.xml",
      "atom.xml",
      "feed.json",
      "archiv/index.html",
      "newsletter/sonderzeichen-im-titel.html",
      "newsletter/sonderzeichen-im-titel.txt",
    ])
      expect(showing).toContain(path);
    expect(showing.some((path) => path.startsWith("pagefind/fragment/"))).toBe(true);
  });

  it("writes byte for byte the site and emails a build without a cache writes", () => {
    expect(pageOutcomes(builds.uncached.stdout).restored).toEqual([]);
    expect(differingFiles(builds.changed.files, builds.uncached.files)).toEqual([]);
  });
});
