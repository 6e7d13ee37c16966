/**
 * `rundbrief subscribe-serve`: the Node adapter for the subscribe handler, for hosts
 * without functions, local use and tests. Serves `<base>/api/*` through the handler and,
 * optionally, the built site from a folder, so the form's relative action works on one
 * port. Reads SUBSCRIBE_SECRET, RESEND_API_KEY, RESEND_SEGMENT_ID, SITE_URL, … from the
 * environment (see docs/subscribe.md). Rate limits live in this process only.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { RundbriefConfig } from "../../src/config.ts";
import { createSubscriptionHandler, type SubscriptionHandler } from "../../src/lib/subscribe/handler.ts";
import { SIGNUP_ASSETS_FILE } from "../../src/lib/subscribe/assets.ts";
import { DEFAULT_SUBSCRIBE_PATH, PAGES } from "../../src/lib/routes.ts";
import { resolveSiteLocation, withBase } from "../../src/lib/site-url.ts";
import { loadConfig } from "../lib/load-config.ts";
import { EXIT, parseCommandArgs, type Command } from "../lib/cli-io.ts";
import { hostHeaders, sendNotFound, sendStaticFile, staticFilePath } from "../lib/static-files.ts";

/** Where and what to serve. */
export interface SubscribeServerOptions {
  /** The blog's validated configuration. */
  config: RundbriefConfig;
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  /** Folder with the built site (dist/); without it only the API is served. */
  staticDir?: string | null;
  /** Another handler instance (tests use fresh limits per server). */
  handler?: SubscriptionHandler;
  /** Shorter or longer timeouts than SERVER_TIMEOUTS (tests). */
  timeouts?: Partial<ServerTimeouts>;
}

/** How long a client may take; a form post needs seconds, so slow clients cannot hold connections for Node's minutes. */
export interface ServerTimeouts {
  /** Until the request's headers are complete. */
  headersMs: number;
  /** Until the whole request, body included, has arrived. */
  requestMs: number;
  /** An idle kept-alive connection. */
  keepAliveMs: number;
}

/** The defaults for every server this command starts. */
export const SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

/** Methods fetch's Request refuses to carry; they get a 405 like any other method the handler does not take. */
const UNSUPPORTED_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * The request target as a URL on this server, or null for anything but a plain path
 * ("//[", "http://[", "*", a protocol-relative "//other.host/"): those get a 400.
 */
export function requestUrl(target: string | undefined, origin: string): URL | null {
  // "/\\host" is "//host" to the URL parser.
  if (!target?.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return null;
  try {
    return new URL(target, origin);
  } catch {
    return null;
  }
}

function sendPlain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(text);
}

/** A running server. */
export interface SubscribeServer {
  /** Origin, e.g. http://127.0.0.1:8787 */
  url: string;
  close(): Promise<void>;
}

/** Starts the server; port 0 picks a free one. */
export async function startSubscribeServer(options: SubscribeServerOptions): Promise<SubscribeServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? "127.0.0.1";
  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;
  // With the built site at hand, its anmeldung.json is read from disk; else from the site's URL.
  const handler =
    options.handler ??
    createSubscriptionHandler(
      options.config,
      staticRoot
        ? { loadAssets: async () => JSON.parse(await readFile(resolve(staticRoot, SIGNUP_ASSETS_FILE), "utf8")) as unknown }
        : {},
    );
  const apiPrefix = withBase(resolveSiteLocation(options.config, env).base, PAGES.api);
  let origin = "";

  const timeouts = { ...SERVER_TIMEOUTS, ...options.timeouts };
  const serverOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // How often Node looks for connections past those limits (its default is 30 s).
    connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
  };
  const server = createServer(serverOptions, (req, res) => {
    const url = requestUrl(req.url, origin || "http://localhost");
    if (!url) {
      sendPlain(res, 400, "Ungültige Anfrage: Die Adresse der Anfrage ist kein gültiger Pfad.");
      return;
    }
    const path = url.pathname;
    const isApi = path.startsWith(apiPrefix);
    if (isApi && UNSUPPORTED_METHODS.has(req.method ?? "")) {
      sendPlain(res, 405, "Diese Adresse nimmt nur das Anmeldeformular, den Bestätigungslink oder den Abmeldelink entgegen.", {
        allow: "GET, POST",
      });
      return;
    }
    const work = isApi
      ? serveApi(req, res, url)
      : staticRoot
        ? serveStatic(staticRoot, path, req, res)
        : Promise.resolve(sendNotFound(res, null));
    work.catch((error: unknown) => {
      // A client that went away (or was cut off by the timeouts) is no server error.
      if (req.destroyed) {
        console.error(`[subscribe-serve] ${req.method} ${path}: Anfrage abgebrochen, bevor sie vollständig war.`);
        return;
      }
      console.error(`[subscribe-serve] ${req.method} ${path}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendPlain(res, 500, "Interner Fehler.");
      else res.end();
    });
  });

  async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new Request(url, {
      method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
      duplex: "half",
    } as RequestInit);
    const response = await handler(request, env, { address: req.socket.remoteAddress ?? null });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body && method !== "HEAD") Readable.fromWeb(response.body as NodeReadableStream).pipe(res);
    else res.end();
    if (hasBody && !req.readableEnded) req.resume();
  }

  await new Promise<void>((ready) => server.listen(options.port ?? 8787, host, ready));
  const address = server.address() as AddressInfo;
  origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}

async function serveStatic(root: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    res.end("Nur GET und HEAD.");
    return;
  }
  const file = staticFilePath(root, path);
  if (file) sendStaticFile(res, file, req.method, 200, hostHeaders(root, path));
  else sendNotFound(res, root, req.method);
}

const HELP = `Verwendung: rundbrief subscribe-serve [--port 8787] [--host 127.0.0.1] [--static dist | --no-static]

Startet die Anmelde-Funktion (Double-Opt-in) als Node-Server unter <Basis-Pfad>/api/ und
liefert, wenn vorhanden, die gebaute Website aus dist/ mit aus. Braucht SUBSCRIBE_SECRET,
RESEND_API_KEY, RESEND_SEGMENT_ID und SITE_URL (siehe README, „Newsletter-Anmeldung“).`;

/** `rundbrief subscribe-serve`: runs until SIGINT or SIGTERM. */
export const subscribeServeCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    const parsed = parseCommandArgs(
      {
        args: argv,
        options: {
          port: { type: "string", default: env.PORT ?? "8787" },
          host: { type: "string", default: "127.0.0.1" },
          static: { type: "string" },
          "no-static": { type: "boolean", default: false },
        },
      },
      HELP,
      io,
    );
    if (!parsed) return EXIT.usage;
    const { values } = parsed;
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(`--port „${values.port}“ ist keine Portnummer (0–65535).`);
      return EXIT.usage;
    }
    const dist = resolve(cwd, "dist");
    const staticDir = values["no-static"] ? null : values.static ? resolve(cwd, values.static) : existsSync(dist) ? dist : null;
    if (staticDir && !existsSync(staticDir)) {
      io.err(
        `--static „${values.static}“ existiert nicht. Erst \`rundbrief build --site-only\` ausführen oder den Ordner angeben.`,
      );
      return EXIT.usage;
    }
    const config = await loadConfig(cwd);
    const server = await startSubscribeServer({ config, env, port, host: values.host, staticDir });
    const api = withBase(resolveSiteLocation(config, env).base, DEFAULT_SUBSCRIBE_PATH);
    io.out(`Anmeldung läuft auf ${server.url}${api}${staticDir ? ` (Website aus ${staticDir})` : ""}. Beenden mit Strg+C.`);
    await new Promise<void>((stopped) => {
      const stop = () => void server.close().then(stopped);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return EXIT.done;
  },
};
