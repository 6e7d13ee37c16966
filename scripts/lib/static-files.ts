/**
 * Delivering a built site from a folder the way a static host does: `/x/` and `/x` find
 * `x/index.html`, nothing outside the folder is reachable, unknown paths get the site's
 * 404.html. Shared by `npm run subscribe:serve` and the tests' local server.
 */
import { createReadStream, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { CONTENT_TYPES } from "./content-types.ts";

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
  if (target !== base && !target.startsWith(base + sep)) return null;
  const candidates = decoded.endsWith("/") ? [join(target, "index.html")] : [target, join(target, "index.html")];
  return candidates.find(isFile) ?? null;
}

/** Sends a file with its content type; only headers for HEAD. */
export function sendStaticFile(res: ServerResponse, file: string, method = "GET", status = 200): void {
  res.writeHead(status, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
  if (method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}

/** The site's 404.html from `root` when there is one, else a short German text. */
export function sendNotFound(res: ServerResponse, root: string | null, method = "GET"): void {
  const page = root ? join(root, "404.html") : null;
  if (page && isFile(page)) return sendStaticFile(res, page, method, 404);
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("Nicht gefunden.");
}
