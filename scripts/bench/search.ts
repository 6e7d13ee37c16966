/**
 * What the search costs a reader: the files Pagefind wrote into dist/pagefind/, and what
 * one real search on /suche/ downloads in Chromium (the page, its script, Pagefind's
 * JavaScript and WebAssembly, and the index chunks and fragments that search needs).
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { launchBrowser } from "../lib/browser.ts";
import { serveDist } from "../../tests/support/static-server.ts";

/** The kinds of file a search loads. */
export type SearchFileKind = "page" | "javascript" | "webassembly" | "index";

/** One search as a reader runs it. */
export interface SearchDownload {
  query: string;
  /** Results listed on the page (at most 20 are shown). */
  listed: number;
  requests: number;
  /** Bytes as served (Pagefind's index and WebAssembly files are gzipped by Pagefind itself). */
  bytesByKind: Record<SearchFileKind, number>;
  /** The JavaScript again, gzipped at level 9, as a host that compresses would send it. */
  javascriptGzipBytes: number;
}

/** dist/pagefind/ on disk. */
export interface SearchFiles {
  files: number;
  bytes: number;
  /** Index chunks (index/*.pf_index) and page fragments (fragment/*.pf_fragment). */
  indexChunks: number;
  fragments: number;
}

export interface SearchWeights {
  files: SearchFiles;
  download: SearchDownload;
}

function kindOf(path: string): SearchFileKind {
  if (path.endsWith(".js")) return "javascript";
  if (path.endsWith(".pagefind")) return "webassembly";
  if (/\.pf_\w+$|pagefind-entry\.json$/.test(path)) return "index";
  return "page";
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Counts and sizes of what Pagefind wrote. */
export function weighSearchFiles(distDir: string): SearchFiles {
  const root = join(distDir, "pagefind");
  const files = walk(root).map((file) => relative(root, file));
  return {
    files: files.length,
    bytes: files.reduce((sum, file) => sum + statSync(join(root, file)).size, 0),
    indexChunks: files.filter((file) => file.endsWith(".pf_index")).length,
    fragments: files.filter((file) => file.endsWith(".pf_fragment")).length,
  };
}

/** Opens /suche/?q=<query> in Chromium and adds up every response until the results are listed. */
export async function measureSearchDownload(distDir: string, query: string): Promise<SearchDownload> {
  const server = await serveDist(distDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const bytesByKind: Record<SearchFileKind, number> = { page: 0, javascript: 0, webassembly: 0, index: 0 };
    let javascriptGzipBytes = 0;
    let requests = 0;
    const bodies: Array<Promise<void>> = [];
    page.on("response", (response) => {
      requests++;
      bodies.push(
        response.body().then(
          (body) => {
            const kind = kindOf(new URL(response.url()).pathname);
            bytesByKind[kind] += body.length;
            if (kind === "javascript") javascriptGzipBytes += gzipSync(body, { level: 9 }).length;
          },
          () => undefined,
        ),
      );
    });
    await page.goto(`${server.origin}/suche/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.querySelectorAll(".search-results li").length > 0, undefined, {
      timeout: 30_000,
    });
    await page.waitForLoadState("networkidle");
    const listed = await page.locator(".search-results li").count();
    await Promise.all(bodies);
    return { query, listed, requests, bytesByKind, javascriptGzipBytes };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Both: the files, and one search for `query`. */
export async function weighSearch(distDir: string, query: string): Promise<SearchWeights> {
  return { files: weighSearchFiles(distDir), download: await measureSearchDownload(distDir, query) };
}
