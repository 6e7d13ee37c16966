/**
 * Serves a dist/ folder on 127.0.0.1 like a static host: directory index, 404.html, and
 * an optional handler for paths the files do not cover (e.g. /api/* in signup tests).
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { hostHeaders, sendNotFound, sendStaticFile, staticFilePath } from "../../scripts/lib/static-files.ts";

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Starts the server on a free loopback port; `base` is the site's base path ("" or "/blog").
 * `dir` may be a function when the folder is only known after the port (build with SITE_URL).
 * With `tls` it speaks HTTPS.
 */
export async function serveDist(
  dir: string | (() => string),
  options: {
    base?: string;
    fallback?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
    tls?: { key: string; cert: string };
  } = {},
): Promise<StaticServer> {
  const base = options.base ?? "";
  const requests: string[] = [];
  const root = typeof dir === "string" ? () => dir : dir;
  const listener: RequestListener = async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push(path);
    const dir = root();
    const inside = path === base || path.startsWith(`${base}/`);
    const file =
      inside && (req.method === "GET" || req.method === "HEAD") ? staticFilePath(dir, path.slice(base.length) || "/") : null;
    if (file) return sendStaticFile(res, file, req.method, 200, hostHeaders(dir, path.slice(base.length) || "/"));
    if (options.fallback && (await options.fallback(req, res))) return;
    sendNotFound(res, dir, req.method);
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
