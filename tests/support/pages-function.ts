/**
 * A Cloudflare Pages Function bundled the way Wrangler bundles it (esbuild, workerd
 * conditions, no Node built-ins): imported into Node (bundlePagesFunction), or compiled
 * into the Worker Pages deploys and run in workerd through miniflare (startPagesRuntime).
 * The demo's and the starter's function are tested through the same bundle step.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { PROJECT_ROOT } from "./build-site.ts";

/** The function's entry as Pages calls it. */
export type OnRequest = (context: { request: Request; env: Record<string, unknown> }) => Promise<Response>;

/** Bundles `entry` (resolving packages from `projectDir`) into `outDir`; the bundle's text, its errors and its onRequest. */
export async function bundlePagesFunction(
  entry: string,
  projectDir: string,
  outDir: string,
): Promise<{ errors: unknown[]; text: string; onRequest: OnRequest }> {
  const outfile = join(outDir, "function.mjs");
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: projectDir,
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    outfile,
    write: true,
    logLevel: "silent",
  });
  const { onRequest } = (await import(pathToFileURL(outfile).href)) as { onRequest: OnRequest };
  return { errors: result.errors, text: readFileSync(outfile, "utf8"), onRequest };
}

/** Whether a bundle still imports a Node built-in (Pages runs without nodejs_compat). */
export const NODE_BUILTIN_IMPORT = /from\s*["']node:|require\(["']node:/;

/**
 * The Worker module Wrangler makes of a Pages project's functions/ folder: each file is a
 * route (`[name]` one path segment, `[[name]]` any number, `index` the folder itself), its
 * `onRequest` or `onRequest<Method>` exports the handlers, called with Pages' EventContext;
 * every other path, and a handler's `next()`, go to the static assets (env.ASSETS).
 * Middleware (`_middleware.ts`) and `_routes.json` are left out: the blogs have neither.
 */
function pagesRouterSource(functionsDir: string): string {
  const files = listFiles(functionsDir).filter((file) => /\.(ts|js|mjs)$/.test(file) && !/(^|\/)_/.test(file));
  const imports: string[] = [];
  const routes: string[] = [];
  files.forEach((file, index) => {
    const segments = file.replace(/\.(ts|js|mjs)$/, "").split("/");
    if (segments.at(-1) === "index") segments.pop();
    const pattern = segments
      .map((segment) => {
        const rest = /^\[\[(\w+)\]\]$/.exec(segment);
        if (rest) return `(?:/(?<${rest[1]}>.*))?`;
        const one = /^\[(\w+)\]$/.exec(segment);
        return one ? `/(?<${one[1]}>[^/]+)` : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
      })
      .join("");
    const rest = segments.filter((segment) => segment.startsWith("[[")).map((segment) => segment.slice(2, -2));
    imports.push(`import * as route${index} from ${JSON.stringify(join(functionsDir, file))};`);
    routes.push(
      `{ module: route${index}, pattern: new RegExp(${JSON.stringify(`^${pattern}/?$`)}), rest: ${JSON.stringify(rest)}, path: ${JSON.stringify("/" + segments.join("/"))} }`,
    );
  });
  return `${imports.join("\n")}
const routes = [${routes.join(",\n")}];
export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    const method = request.method.charAt(0) + request.method.slice(1).toLowerCase();
    for (const route of routes) {
      const match = route.pattern.exec(pathname);
      const handler = match && (route.module["onRequest" + method] ?? route.module.onRequest);
      if (!handler) continue;
      const params = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) {
        params[name] = route.rest.includes(name) ? (value ? value.split("/") : []) : value;
      }
      return handler({
        request,
        env,
        params,
        data: {},
        functionPath: route.path,
        waitUntil: (promise) => ctx.waitUntil(promise),
        passThroughOnException: () => ctx.passThroughOnException(),
        next: (input, init) => env.ASSETS.fetch(input === undefined ? request : new Request(input, init)),
      });
    }
    return env.ASSETS.fetch(request);
  },
};
`;
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/** Bundles a Worker module from source text, resolving its imports (and packages) from `resolveDir`. */
async function bundleWorker(contents: string, resolveDir: string): Promise<{ errors: unknown[]; text: string }> {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile: "worker.js", loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    write: false,
    logLevel: "silent",
  });
  return { errors: result.errors, text: result.outputFiles[0]!.text };
}

/** A project's functions/ folder compiled into one Worker module, as `wrangler pages deploy` uploads it. */
export function compilePagesWorker(projectDir: string): Promise<{ errors: unknown[]; text: string }> {
  return bundleWorker(pagesRouterSource(join(projectDir, "functions")), projectDir);
}

/**
 * The limiter Worker of a blog (the starter's limiter/ folder), compiled as `wrangler
 * deploy` compiles it, with its name and compatibility date from its wrangler.toml.
 * `resolveDir` is where `rundbrief/cloudflare` resolves: the package root here (the
 * package's own export), an installed blog in the package test.
 */
export async function compileLimiterWorker(
  dir = join(PROJECT_ROOT, "examples/starter/limiter"),
  resolveDir = PROJECT_ROOT,
): Promise<{ errors: unknown[]; text: string; name: string; compatibilityDate: string }> {
  const toml = readFileSync(join(dir, "wrangler.toml"), "utf8");
  const setting = (key: string) => new RegExp(`^${key} = "([^"]+)"`, "m").exec(toml)?.[1] ?? "";
  const bundle = await bundleWorker(readFileSync(join(dir, "worker.ts"), "utf8"), resolveDir);
  return { ...bundle, name: setting("name"), compatibilityDate: setting("compatibility_date") };
}

/** How the function's environment gets SIGNUP_LIMITER: the shipped Durable Object, one that always fails, or none. */
export type LimiterSetup = "durable-object" | "broken" | "none";

export interface PagesRuntimeOptions {
  /** The compiled Pages Worker (compilePagesWorker). */
  script: string;
  /** Variables and secrets of the Pages project. */
  vars: Record<string, string>;
  limiter?: LimiterSetup;
  /** Function instances: each a Worker of its own, with its own isolate and memory (default 1). */
  instances?: number;
  /** Folder env.ASSETS serves (the built dist/); without it every asset is a 404. */
  assetsDir?: string;
}

/** The running function: fetch through one of its instances, read what it logged. */
export interface PagesRuntime {
  /** A request to instance `instance` (default 0); redirects are returned, not followed. */
  fetch(url: string, init?: RequestInit & { instance?: number }): Promise<Response>;
  /** Every line the Workers wrote to stdout or stderr so far. */
  logs(): string[];
  dispose(): Promise<void>;
}

interface WorkerFetcher {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

const BROKEN_LIMITER = `export class SignupLimiter { fetch() { throw new Error("Zähler kaputt"); } }
export default { fetch: () => new Response(null, { status: 404 }) };`;

/**
 * Runs the compiled Pages Worker in workerd through miniflare, with the project's vars,
 * env.ASSETS and, if asked, the limiter Worker that owns the SignupLimiter Durable Object
 * (bound by script name, as the Pages project binds the deployed one). Everything stays on
 * this machine: workerd comes from the npm package, fetches go to 127.0.0.1.
 */
export async function startPagesRuntime(options: PagesRuntimeOptions): Promise<PagesRuntime> {
  const { Miniflare, Response: MiniflareResponse } = await import("miniflare");
  const limiter = await compileLimiterWorker();
  if (limiter.errors.length > 0) throw new Error(`Limiter-Worker lässt sich nicht bauen: ${JSON.stringify(limiter.errors)}`);
  const setup = options.limiter ?? "none";
  const names = Array.from({ length: options.instances ?? 1 }, (_, index) => `pages-${index}`);
  const lines: string[] = [];
  const collect = (stream: Readable) =>
    stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));

  const assets = async (request: { url: string }) => {
    const path = decodeURIComponent(new URL(request.url).pathname);
    const file = options.assetsDir && join(options.assetsDir, path.endsWith("/") ? `${path}index.html` : path);
    if (file && file.startsWith(options.assetsDir!) && existsSync(file) && statSync(file).isFile())
      return new MiniflareResponse(readFileSync(file), { headers: { "content-type": contentType(file) } });
    return new MiniflareResponse("Nicht gefunden", { status: 404 });
  };

  const mf = new Miniflare({
    workers: [
      ...names.map((name) => ({
        name,
        // Listed, not scanned: the Resend SDK keeps an optional `import("@react-email/render")`
        // that Wrangler leaves in the bundle too, and workerd only resolves it if it runs.
        modules: [{ type: "ESModule" as const, path: "functions.js", contents: options.script }],
        compatibilityDate: limiter.compatibilityDate,
        bindings: options.vars,
        serviceBindings: { ASSETS: assets },
        ...(setup === "none"
          ? {}
          : { durableObjects: { SIGNUP_LIMITER: { className: "SignupLimiter", scriptName: limiter.name } } }),
      })),
      {
        name: limiter.name,
        modules: [
          { type: "ESModule" as const, path: "limiter.js", contents: setup === "broken" ? BROKEN_LIMITER : limiter.text },
        ],
        compatibilityDate: limiter.compatibilityDate,
        durableObjects: { SIGNUP_LIMITER: { className: "SignupLimiter", useSQLite: true } },
      },
    ],
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      collect(stdout);
      collect(stderr);
    },
  });
  await mf.ready;

  return {
    async fetch(url, { instance = 0, ...init } = {}) {
      // Typed with @cloudflare/workers-types, which this project does not install.
      const worker = (await mf.getWorker(names[instance]!)) as unknown as WorkerFetcher;
      return worker.fetch(url, { redirect: "manual", ...init });
    },
    logs: () => [...lines],
    dispose: () => mf.dispose(),
  };
}

function contentType(file: string): string {
  const types: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".xml": "application/xml",
  };
  return types[extname(file)] ?? "application/octet-stream";
}
