/**
 * Delivering a built site from a folder the way a static host does: `/x/` and `/x` find
 * `x/index.html`, nothing outside the folder is reachable, unknown paths get the site's
 * 404.html, and the headers of the site's `_headers` file apply (as on Cloudflare Pages
 * and Netlify; the file itself is not served). Shared by `rundbrief subscribe-serve` and
 * the tests' local server.
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { headersForPath, parseHeadersFile, type HeaderRule } from "../../src/lib/security-headers.ts";
import { CONTENT_TYPES } from "./content-types.ts";

/** Files a static host reads as configuration and never serves. */
const HOST_CONFIG_FILES = new Set(["/_headers", "/_redirects"]);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file a URL path (query and fragment ignored) names inside `root`, or null. */
export function staticFilePath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split("#")[0]!.split("?")[0]!);
  } catch {
    return null;
  }
  const base = resolve(root);
  const target = resolve(base, `.${decoded.startsWith("/") ? decoded : `/${decoded}`}`);
  // By the file it names, so //_headers or /%2F_headers cannot reach it either.
  if ([...HOST_CONFIG_FILES].some((name) => target === join(base, name))) return null;
  if (target !== base && !target.startsWith(base + sep)) return null;
  const candidates = decoded.endsWith("/") ? [join(target, "index.html")] : [target, join(target, "index.html")];
  return candidates.find(isFile) ?? null;
}

const rulesByRoot = new Map<string, { mtimeMs: number; rules: HeaderRule[] }>();

/** The headers `root/_headers` gives a URL path (read again when the file changes). */
export function hostHeaders(root: string, urlPath: string): Record<string, string> {
  const file = join(root, "_headers");
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return {};
  }
  let cached = rulesByRoot.get(root);
  if (!cached || cached.mtimeMs !== mtimeMs) {
    cached = { mtimeMs, rules: parseHeadersFile(readFileSync(file, "utf8")) };
    rulesByRoot.set(root, cached);
  }
  return headersForPath(cached.rules, urlPath);
}

/** Sends a file with its content type (and `extra` headers); only headers for HEAD. */
export function sendStaticFile(
  res: ServerResponse,
  file: string,
  method = "GET",
  status = 200,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...extra, "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
  if (method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}

/** The site's 404.html from `root` when there is one, else a short German text. */
export function sendNotFound(res: ServerResponse, root: string | null, method = "GET"): void {
  const page = root ? join(root, "404.html") : null;
  if (root && page && isFile(page)) return sendStaticFile(res, page, method, 404, hostHeaders(root, "/404.html"));
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("Nicht gefunden.");
}
