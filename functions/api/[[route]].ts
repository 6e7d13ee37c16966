/**
 * Cloudflare Pages Function for every path under /api/: hands the request unchanged to
 * the shared subscribe handler. Cloudflare picks up the functions/ folder when the
 * project is deployed with `npx wrangler pages deploy dist` (or a Pages Git build with
 * output folder dist); see docs/subscribe.md.
 */
import { handleSubscription } from "../../src/lib/subscribe/handler.ts";

/** The part of Cloudflare's EventContext this function reads; no dependency on @cloudflare/workers-types needed. */
interface PagesFunctionContext {
  request: Request;
  env: Record<string, unknown>;
}

/** All methods: the handler itself answers 404 for unknown paths and 405 with Allow for wrong methods. */
export function onRequest({ request, env }: PagesFunctionContext): Promise<Response> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string") variables[name] = value;
  // Cloudflare sets CF-Connecting-IP itself; a client cannot forge it.
  return handleSubscription(request, variables, { address: request.headers.get("cf-connecting-ip") });
}
