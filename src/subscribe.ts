/**
 * The double opt-in signup for a blog's own HTTP function: `createPagesFunction(config)`
 * for Cloudflare Pages (functions/api/[[route]].ts) and `createSubscriptionHandler` for
 * any host that speaks Web-standard Request and Response. No Node built-ins.
 */
import { resolveConfig, type RundbriefUserConfig } from "./config.ts";
import { createSubscriptionHandler } from "./lib/subscribe/handler.ts";

export { createSubscriptionHandler, type HandlerOptions, type SubscriptionHandler } from "./lib/subscribe/handler.ts";

/** The part of Cloudflare's EventContext the function reads; no dependency on @cloudflare/workers-types needed. */
export interface PagesFunctionContext {
  request: Request;
  env: Record<string, unknown>;
}

/**
 * A Cloudflare Pages Function for every path under /api/, from the blog's config:
 * `export const onRequest = createPagesFunction(config);`. The handler answers 404 for
 * unknown paths and 405 with Allow for wrong methods; its rate limits live as long as
 * the function instance.
 */
export function createPagesFunction(userConfig: RundbriefUserConfig): (context: PagesFunctionContext) => Promise<Response> {
  const handler = createSubscriptionHandler(resolveConfig(userConfig));
  return ({ request, env }) => {
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) if (typeof value === "string") variables[name] = value;
    // Cloudflare sets CF-Connecting-IP itself; a client cannot forge it.
    return handler(request, variables, { address: request.headers.get("cf-connecting-ip") });
  };
}
