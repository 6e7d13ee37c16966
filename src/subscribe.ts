/**
 * The double opt-in signup for a blog's own HTTP function: `createPagesFunction(config)`
 * for Cloudflare Pages (functions/api/[[route]].ts) and `createSubscriptionHandler(config)`
 * for any host that speaks Web-standard Request and Response. No Node built-ins.
 */
import { resolveConfig, type RundbriefUserConfig } from "./config.ts";
import { fetchSignupAssets } from "./lib/subscribe/assets.ts";
import {
  createSubscriptionHandler as createHandler,
  type HandlerOptions,
  type SubscriptionHandler,
} from "./lib/subscribe/handler.ts";

export type { ClientInfo, HandlerOptions, SubscriptionHandler } from "./lib/subscribe/handler.ts";

/**
 * The signup handler for a blog's config (validated here, once): call it with each
 * `Request`, the platform's environment and the client's IP. Its rate limits live as
 * long as the returned function.
 */
export function createSubscriptionHandler(userConfig: RundbriefUserConfig, options: HandlerOptions = {}): SubscriptionHandler {
  return createHandler(resolveConfig(userConfig), options);
}

/** The part of Cloudflare's EventContext the function reads; no dependency on @cloudflare/workers-types needed. */
export interface PagesFunctionContext {
  request: Request;
  env: Record<string, unknown>;
}

/** Pages' binding to the deployment's own static files. */
interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

const isAssetsBinding = (value: unknown): value is AssetsBinding =>
  typeof value === "object" && value !== null && typeof (value as AssetsBinding).fetch === "function";

/**
 * A Cloudflare Pages Function for every path under /api/, from the blog's config:
 * `export const onRequest = createPagesFunction(config);`. The handler answers 404 for
 * unknown paths and 405 with Allow for wrong methods. It reads the built site's
 * anmeldung.json through Pages' ASSETS binding (no request leaves the deployment), or
 * from the site's URL where there is none.
 */
export function createPagesFunction(userConfig: RundbriefUserConfig): (context: PagesFunctionContext) => Promise<Response> {
  let assets: AssetsBinding | null = null;
  const handler = createSubscriptionHandler(userConfig, {
    loadAssets: (config) => fetchSignupAssets(config.siteUrl, assets ? (request) => assets!.fetch(request) : undefined),
  });
  return ({ request, env }) => {
    if (isAssetsBinding(env.ASSETS)) assets = env.ASSETS;
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) if (typeof value === "string") variables[name] = value;
    // Cloudflare sets CF-Connecting-IP itself; a client cannot forge it.
    return handler(request, variables, { address: request.headers.get("cf-connecting-ip") });
  };
}
