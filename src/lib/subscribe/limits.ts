/**
 * Fixed-window request counters. The ones here live in memory, as long as one server
 * instance (one Node process, one serverless isolate): a cheap brake on floods, not a
 * global quota. Memory stays bounded: expired windows are dropped and the oldest keys
 * go first when `maxKeys` is reached. Counters shared by all instances implement the same
 * `RateLimiter` (on Cloudflare: durable-limiter.ts), which is why `take` is async.
 */

/** How many requests one key may make per window. */
export interface RateLimit {
  limit: number;
  windowMs: number;
  /** Upper bound on tracked keys; defaults to 10 000. */
  maxKeys?: number;
}

/** Whether a request may go ahead, and if not, when the key may try again. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A counter per key (an address, an IP); `now` is epoch milliseconds, passed in for testability. */
export interface RateLimiter {
  take(key: string, now: number): Promise<RateDecision>;
}

/** The handler's three counters, one per entry of `SubscribeLimits` that counts requests. */
export interface SubscribeLimiters {
  subscribePerIp: RateLimiter;
  subscribePerAddress: RateLimiter;
  confirmPerIp: RateLimiter;
}

/** One key's current window: when it began and how many requests it has counted. */
export interface RateWindow {
  start: number;
  count: number;
}

/**
 * Counts one request against a key's window (undefined: none yet): the window to keep
 * and whether the request may go ahead. The one rule behind every limiter.
 */
export function countRequest(
  window: RateWindow | undefined,
  { limit, windowMs }: Pick<RateLimit, "limit" | "windowMs">,
  now: number,
): { window: RateWindow; decision: RateDecision } {
  if (!window || now - window.start >= windowMs) return { window: { start: now, count: 1 }, decision: { allowed: true } };
  if (window.count < limit) return { window: { start: window.start, count: window.count + 1 }, decision: { allowed: true } };
  return {
    window,
    decision: { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) },
  };
}

/** Creates an in-memory limiter; each call of `take` counts one request. */
export function createRateLimiter({ limit, windowMs, maxKeys = 10_000 }: RateLimit): RateLimiter {
  const windows = new Map<string, RateWindow>();

  const forget = (now: number) => {
    for (const [key, window] of windows) {
      if (now - window.start >= windowMs) windows.delete(key);
    }
    while (windows.size >= maxKeys) {
      const oldest = windows.keys().next();
      if (oldest.done) break;
      windows.delete(oldest.value);
    }
  };

  return {
    take(key, now) {
      let current = windows.get(key);
      if (current && now - current.start >= windowMs) {
        // A new window goes to the end of the insertion order, where the newest keys are.
        windows.delete(key);
        current = undefined;
      }
      if (!current && windows.size >= maxKeys) forget(now);
      const { window, decision } = countRequest(current, { limit, windowMs }, now);
      windows.set(key, window);
      return Promise.resolve(decision);
    },
  };
}

/** The limits the handler applies; tests pass tighter or looser ones. */
export interface SubscribeLimits {
  /** Subscribe requests per client IP; beyond it the reader sees a 429 page. */
  subscribePerIp: RateLimit;
  /** Confirmation mails per address; beyond it the handler pretends success and sends nothing. */
  subscribePerAddress: RateLimit;
  /** Confirm requests per client IP (each valid one costs Resend calls). */
  confirmPerIp: RateLimit;
  /** Largest accepted form body in bytes. */
  maxBodyBytes: number;
}

/** Generous for people (offices share an IP), tight for scripts. */
export const DEFAULT_LIMITS: SubscribeLimits = {
  subscribePerIp: { limit: 10, windowMs: 10 * 60 * 1000 },
  subscribePerAddress: { limit: 3, windowMs: 60 * 60 * 1000 },
  confirmPerIp: { limit: 30, windowMs: 10 * 60 * 1000 },
  maxBodyBytes: 4 * 1024,
};
