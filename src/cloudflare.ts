/**
 * `rundbrief/cloudflare`: the Durable Object that makes the signup's rate limits hold
 * across all instances of the Cloudflare Pages function. A Pages project cannot define
 * Durable Object classes, so a tiny Worker exports this class (see
 * examples/starter/limiter/) and the Pages project binds it as SIGNUP_LIMITER;
 * `createPagesFunction` uses the binding when it is there. No Node built-ins.
 */
export { LIMITER_BINDING, SignupLimiter, type DurableObjectStateLike } from "./lib/subscribe/durable-limiter.ts";
