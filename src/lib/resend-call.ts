/**
 * How Rundbrief calls Resend, shared by the newsletter CLI and the signup function: the
 * official SDK answers `{ data, error }` and never throws; this turns that into typed
 * results, paces request starts under the account's rate limit, waits out 429s as
 * `retry-after` says, retries reads and idempotent writes on 5xx and network errors with
 * bounded backoff, and never retries a create or a send blindly: when their answer is
 * lost it reports `effect: "unknown"` so the caller looks again before deciding. The two
 * callers differ only in patience (a CLI run may wait minutes, a web request seconds).
 */

/** What went wrong, in the categories callers react to differently. */
export type FailureKind = "auth" | "validation" | "not-found" | "conflict" | "rate-limit" | "quota" | "server" | "network";

/** A failed call with everything needed to explain it and decide what to do next. */
export interface ResendFailure {
  kind: FailureKind;
  /** HTTP status, or null when no answer arrived (network error, timeout). */
  statusCode: number | null;
  /** Resend's error name, e.g. "validation_error". */
  name: string;
  /** Resend's message, unchanged. */
  message: string;
  /** The request field Resend's message names (e.g. "from"), if any. */
  field: string | null;
  /** "not-applied": certainly no effect (4xx, 429). "unknown": the answer was lost (5xx, network, timeout). */
  effect: "not-applied" | "unknown";
  /** The call, e.g. "POST /broadcasts". */
  operation: string;
}

/** Either the value or the failure; nothing here throws for API problems. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: ResendFailure };

/** "read": retried on 5xx and network errors (reads, updates, sends with an Idempotency-Key). "once": never retried blindly. */
export type Retry = "read" | "once";

/** Time, injectable so pacing and backoff are testable without waiting. */
export interface CallClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Pacing and patience. */
export interface CallerOptions {
  /** Gap between request starts. */
  minIntervalMs: number;
  /** Per-request timeout; a timeout counts as a lost answer. */
  timeoutMs: number;
  /** Attempts for "read" calls on 5xx/network errors. */
  maxAttempts: number;
  /** How many 429s in a row one call waits out before giving up. */
  maxRateLimitWaits: number;
  /** Longest `retry-after` worth waiting; anything longer fails as "rate-limit". */
  maxRetryAfterMs: number;
  clock?: CallClock | undefined;
}

/** The error part of an SDK reply. */
export interface SdkError {
  message: string;
  statusCode: number | null;
  name: string;
}

/** What every SDK method resolves to. */
export interface SdkReply<T> {
  data: T | null;
  error: SdkError | null;
  headers: Record<string, string> | null;
}

/** Makes paced, retried calls; one per port, so pacing spans all its calls. */
export interface ResendCaller {
  call<T>(retry: Retry, operation: string, request: (signal: AbortSignal) => Promise<SdkReply<T>>): Promise<CallResult<T>>;
  /** HTTP requests made so far, retries included. */
  requestCount(): number;
}

const MAX_BACKOFF_MS = 10_000;

const systemClock: CallClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const AUTH_NAMES = new Set(["missing_api_key", "invalid_api_key", "restricted_api_key", "invalid_access"]);

/** Sorts an SDK error into the kinds callers distinguish. */
export function classifyResendError(error: SdkError): FailureKind {
  const status = error.statusCode;
  if (status === null) return "network";
  if (status === 429) return /quota/.test(error.name) ? "quota" : "rate-limit";
  if (status >= 500) return "server";
  if (AUTH_NAMES.has(error.name) || status === 401 || /api key/i.test(error.message)) return "auth";
  if (status === 403) return error.name === "validation_error" || error.name === "invalid_from_address" ? "validation" : "auth";
  // Only Resend's own not_found means "no such resource"; a 404 for a route the API does not
  // have (a malformed path) must never read as "unknown contact".
  if (status === 404) return error.name === "not_found" ? "not-found" : "validation";
  if (status === 409) return "conflict";
  return "validation";
}

/** The request field a Resend message names: `from` in "Invalid `from` field", or from for domain problems. */
export function fieldOfResendMessage(message: string, name = ""): string | null {
  const quoted = /`([a-z_]+)`/.exec(message);
  if (quoted?.[1]) return quoted[1];
  if (name === "invalid_from_address" || /domain is not verified|from address/i.test(message)) return "from";
  return null;
}

/** How long a 429 asks to wait: `retry-after` (seconds or HTTP date), else `ratelimit-reset`; null if neither. */
export function retryAfterMs(headers: Record<string, string> | null, now: number): number | null {
  if (!headers) return null;
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers["ratelimit-reset"]);
  return Number.isFinite(reset) && reset >= 0 ? reset * 1000 : null;
}

/** The failure for an SDK error of `operation`. */
function failureOf(operation: string, error: SdkError): ResendFailure {
  const kind = classifyResendError(error);
  return {
    kind,
    statusCode: error.statusCode,
    name: error.name,
    message: error.message,
    field: fieldOfResendMessage(error.message, error.name),
    effect: kind === "server" || kind === "network" ? "unknown" : "not-applied",
    operation,
  };
}

/** Creates a caller with its own pacing slot and request count. */
export function createResendCaller(options: CallerOptions): ResendCaller {
  const clock = options.clock ?? systemClock;
  const backoffBase = Math.max(100, 2 * options.minIntervalMs);
  let nextSlot = 0;
  let requests = 0;

  async function pace(): Promise<void> {
    const now = clock.now();
    const wait = nextSlot - now;
    nextSlot = Math.max(now, nextSlot) + options.minIntervalMs;
    if (wait > 0) await clock.sleep(wait);
  }

  return {
    async call(retry, operation, request) {
      let attempts = 0;
      let rateLimitWaits = 0;
      for (;;) {
        await pace();
        requests += 1;
        attempts += 1;
        const reply = await request(AbortSignal.timeout(options.timeoutMs));
        if (!reply.error) {
          if (reply.data === null) {
            return {
              ok: false,
              failure: failureOf(operation, { statusCode: null, name: "application_error", message: "Leere Antwort." }),
            };
          }
          return { ok: true, value: reply.data };
        }
        const failure = failureOf(operation, reply.error);
        if (failure.kind === "rate-limit" && rateLimitWaits < options.maxRateLimitWaits) {
          const wait = retryAfterMs(reply.headers, clock.now()) ?? 1000;
          if (wait <= options.maxRetryAfterMs) {
            rateLimitWaits += 1;
            attempts -= 1;
            nextSlot = Math.max(nextSlot, clock.now() + wait);
            continue;
          }
        }
        const transient = failure.kind === "server" || failure.kind === "network";
        if (transient && retry === "read" && attempts < options.maxAttempts) {
          await clock.sleep(Math.min(MAX_BACKOFF_MS, backoffBase * 2 ** (attempts - 1)));
          continue;
        }
        return { ok: false, failure };
      }
    },
    requestCount: () => requests,
  };
}
