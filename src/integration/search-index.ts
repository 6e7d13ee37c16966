/**
 * The full-text search index: Pagefind reads the finished post pages in dist/ after the
 * build (so only what is really published can be found) and writes dist/pagefind/, which
 * the /suche/ page loads. Only the article bodies marked `data-pagefind-body` count;
 * stemming follows each page's `lang`.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as pagefind from "pagefind";

/**
 * Set by `rundbrief build` to a file path: the integration then writes the output folder's
 * path there instead of indexing, and the CLI indexes once Astro's process has ended.
 */
export const SEARCH_INDEX_HANDOFF = "RUNDBRIEF_SEARCH_INDEX_HANDOFF";

/** What the build log hears. */
interface Logger {
  info(message: string): void;
}

/** Whether any post page under `dir` carries the mark only published posts get. */
function hasMarkedPage(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((slug) => {
    const page = join(dir, slug, "index.html");
    return existsSync(page) && readFileSync(page, "utf8").includes("data-pagefind-body");
  });
}

/**
 * Pagefind always writes its ready-made search interfaces too (about 430 KB); /suche/ has
 * its own, so they would only be dead weight on the host.
 */
const UNUSED_UI_FILE = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;

/** Indexes the post pages in `dir` and writes the index to `dir/pagefind/`; returns the page count. */
export async function writeSearchIndex(dir: string, logger: Logger): Promise<number> {
  const started = performance.now();
  const { index, errors } = await pagefind.createIndex({});
  try {
    if (!index) throw new Error(`Suchindex: Pagefind ließ sich nicht starten: ${errors.join("; ")}`);
    // Pagefind indexes whole pages when none is marked: a preview with drafts only must not.
    if (!hasMarkedPage(join(dir, "artikel"))) {
      logger.info("Suchindex: keine veröffentlichten Artikel, nichts zu indizieren");
      return 0;
    }
    const added = await index.addDirectory({ path: dir, glob: "artikel/**/index.html" });
    if (added.errors.length > 0) throw new Error(`Suchindex: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: join(dir, "pagefind") });
    if (written.errors.length > 0) throw new Error(`Suchindex: ${written.errors.join("; ")}`);
    const outDir = join(dir, "pagefind");
    for (const file of readdirSync(outDir)) if (UNUSED_UI_FILE.test(file)) rmSync(join(outDir, file));
    logger.info(`Suchindex: ${added.page_count} Artikel in pagefind/ (${Math.round(performance.now() - started)} ms)`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
