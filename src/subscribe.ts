/**
 * The double opt-in signup for a blog's own HTTP function: `createPagesFunction(config)`
 * for Cloudflare Pages (functions/api/[[route]].ts) and `createSubscriptionHandler(config)`
 * for any host that speaks Web-standard Request and Response. No Node built-ins.
 */
import { resolveConfig, type RundbriefUserConfig } from "./config.ts";
import { fetchSignupAssets } from "./lib/subscribe/assets.ts";
import type { SubscribeConfig } from "./lib/subscribe/config.ts";
import {
  createDurableObjectLimiters,
  isDurableObjectNamespace,
  LIMITER_BINDING,
  type DurableObjectNamespaceLike,
} from "./lib/subscribe/durable-limiter.ts";
import {
  createSubscriptionHandler as createHandler,
  type HandlerOptions,
  type SubscriptionHandler,
} from "./lib/subscribe/handler.ts";
import { DEFAULT_LIMITS } from "./lib/subscribe/limits.ts";

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
 * unknown paths and 405 with Allow for wrong methods. With a Durable Object bound as
 * SIGNUP_LIMITER (the `SignupLimiter` from `rundbrief/cloudflare`) the rate limits hold
 * across all instances; without it each instance counts in memory, and the log says so once.
 * It reads the built site's anmeldung.json through Pages' ASSETS binding (no request
 * leaves the deployment), or from the site's URL where there is none.
 */
export function createPagesFunction(
  userConfig: RundbriefUserConfig,
  options: HandlerOptions = {},
): (context: PagesFunctionContext) => Promise<Response> {
  const site = resolveConfig(userConfig);
  const log = options.log ?? ((line: string) => console.error(line));
  let assets: AssetsBinding | null = null;
  const loadAssets =
    options.loadAssets ??
    ((config: SubscribeConfig) => fetchSignupAssets(config.siteUrl, assets ? (request) => assets!.fetch(request) : undefined));
  // One handler per limiter binding (the runtime hands every request the same object) and
  // one for an environment without it, so the in-memory counters outlive the request.
  const shared = new WeakMap<DurableObjectNamespaceLike, SubscriptionHandler>();
  let local: SubscriptionHandler | undefined;

  const handlerFor = (env: Record<string, unknown>): SubscriptionHandler => {
    const binding = env[LIMITER_BINDING];
    if (isDurableObjectNamespace(binding)) {
      let handler = shared.get(binding);
      if (!handler) {
        const limiters = createDurableObjectLimiters(binding, {
          limits: options.limits ?? DEFAULT_LIMITS,
          secret: () => (typeof env.SUBSCRIBE_SECRET === "string" ? env.SUBSCRIBE_SECRET : undefined),
          log,
        });
        handler = createHandler(site, { ...options, log, loadAssets, limiters });
        shared.set(binding, handler);
      }
      return handler;
    }
    if (!local) {
      log(
        binding === undefined
          ? `[subscribe] Kein Durable Object ${LIMITER_BINDING} gebunden: Die Anmeldelimits gelten pro Instanz (Einrichtung: docs/subscribe.md).`
          : `[subscribe] ${LIMITER_BINDING} ist keine Durable-Object-Bindung: Die Anmeldelimits gelten pro Instanz (Einrichtung: docs/subscribe.md).`,
      );
      local = createHandler(site, { ...options, log, loadAssets });
    }
    return local;
  };

  return ({ request, env }) => {
    if (isAssetsBinding(env.ASSETS)) assets = env.ASSETS;
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) if (typeof value === "string") variables[name] = value;
    // Cloudflare sets CF-Connecting-IP itself; a client cannot forge it.
    return handlerFor(env)(request, variables, { address: request.headers.get("cf-connecting-ip") });
  };
}
