/**
 * Fixed-window request counters kept in memory. They live as long as one server
 * instance (one Node process, one serverless isolate): a cheap brake on floods, not a
 * global quota. Memory stays bounded: expired windows are dropped and the oldest keys
 * go first when `maxKeys` is reached.
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
  take(key: string, now: number): RateDecision;
}

/** Creates an in-memory limiter; each call of `take` counts one request. */
export function createRateLimiter({ limit, windowMs, maxKeys = 10_000 }: RateLimit): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();

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
      let window = windows.get(key);
      if (window && now - window.start >= windowMs) {
        windows.delete(key);
        window = undefined;
      }
      if (!window) {
        if (windows.size >= maxKeys) forget(now);
        windows.set(key, { start: now, count: 1 });
        return { allowed: true };
      }
      if (window.count < limit) {
        window.count += 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) };
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
