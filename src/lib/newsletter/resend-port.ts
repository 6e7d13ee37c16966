/**
 * The one place that talks to Resend. It wraps the official SDK (which returns
 * `{ data, error }` and never throws) into typed results, paces requests under the
 * account's rate limit, waits out 429s as told by `retry-after`, retries reads and
 * idempotent writes on 5xx and network errors with bounded backoff, and never retries a
 * create or a send blindly: when their answer is lost it reports `effect: "unknown"` so
 * the caller looks again before deciding.
 */
import { Resend } from "resend";
import { parseResendTime, type ExistingBroadcast } from "./broadcast.ts";
import type { EmailMessage } from "../email-message.ts";

/** What went wrong, in the categories the CLI reacts to differently. */
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

/** Either the value or the failure; the port never throws for API problems. */
export type PortResult<T> = { ok: true; value: T } | { ok: false; failure: ResendFailure };

/** Everything a broadcast carries when Rundbrief creates or updates it. */
export interface BroadcastContent {
  name: string;
  segmentId: string;
  from: string;
  replyTo: string[];
  subject: string;
  previewText: string;
  html: string;
  text: string;
}

/** The SDK's create/update payload for a broadcast's content. */
function broadcastFields(content: BroadcastContent) {
  return {
    name: content.name,
    segmentId: content.segmentId,
    from: content.from,
    subject: content.subject,
    previewText: content.previewText,
    html: content.html,
    text: content.text,
    ...(content.replyTo.length > 0 ? { replyTo: content.replyTo } : {}),
  };
}

/** A single email through POST /emails (used for `--test`). */
export type SingleEmail = EmailMessage;

/** A broadcast from GET /broadcasts/{id}: like a listed one, plus its subject. */
export type BroadcastDetail = ExistingBroadcast & { subject: string | null };

/** The port's interface, so orchestration can be tested against an in-memory double. */
export interface ResendPort {
  /** All broadcasts, newest first, following pages until one reaches `stopBefore` (null: to the end). */
  listBroadcasts(stopBefore: Date | null): Promise<PortResult<ExistingBroadcast[]>>;
  getBroadcast(id: string): Promise<PortResult<BroadcastDetail>>;
  /** Never retried on 5xx/network: a lost answer comes back as effect "unknown". */
  createBroadcast(content: BroadcastContent): Promise<PortResult<{ id: string }>>;
  updateBroadcast(id: string, content: BroadcastContent): Promise<PortResult<{ id: string }>>;
  /** Never retried on 5xx/network: a lost answer comes back as effect "unknown". */
  sendBroadcast(id: string): Promise<PortResult<{ id: string }>>;
  removeBroadcast(id: string): Promise<PortResult<{ id: string }>>;
  /** Retried like a read: the Idempotency-Key makes a repeat harmless. */
  sendEmail(email: SingleEmail, idempotencyKey: string): Promise<PortResult<{ id: string }>>;
  /** HTTP requests made so far, retries included. */
  requestCount(): number;
}

/** The part of the SDK the port uses (a real `Resend` instance, or a stub in unit tests). */
export type ResendSdk = Pick<Resend, "broadcasts" | "emails">;

/** Time, injectable so pacing and backoff are testable without waiting. */
export interface PortClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Tuning; defaults match Resend's documented limits. */
export interface ResendPortOptions {
  apiKey: string;
  /** RESEND_BASE_URL; the SDK's default (https://api.resend.com) when unset. */
  baseUrl?: string;
  /** Gap between request starts; 550 ms keeps under 2 requests/s with some slack. */
  minIntervalMs?: number;
  /** Per-request timeout; a timeout counts as a lost answer. */
  timeoutMs?: number;
  /** Attempts for reads and idempotent writes on 5xx/network errors. */
  maxAttempts?: number;
  /** How many 429s in a row one call waits out before giving up. */
  maxRateLimitWaits?: number;
  /** Longest `retry-after` the port waits; anything longer fails as "rate-limit". */
  maxRetryAfterMs?: number;
  sdk?: ResendSdk;
  clock?: PortClock;
}

/** Default pacing: Resend allows 2 requests/s per team. */
export const DEFAULT_MIN_INTERVAL_MS = 550;
const PAGE_SIZE = 100;
const MAX_BACKOFF_MS = 10_000;

type Retry = "read" | "once";

interface SdkError {
  message: string;
  statusCode: number | null;
  name: string;
}

interface SdkReply<T> {
  data: T | null;
  error: SdkError | null;
  headers: Record<string, string> | null;
}

interface ListedBroadcast {
  id: string;
  name: string;
  status: string;
  created_at: string;
  scheduled_at: string | null;
  sent_at: string | null;
  subject?: string | null;
}

const systemClock: PortClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const AUTH_NAMES = new Set(["missing_api_key", "invalid_api_key", "restricted_api_key", "invalid_access"]);

/** Sorts an SDK error into the kinds the CLI distinguishes. */
export function classifyResendError(error: SdkError): FailureKind {
  const status = error.statusCode;
  if (status === null) return "network";
  if (status === 429) return /quota/.test(error.name) ? "quota" : "rate-limit";
  if (status >= 500) return "server";
  if (AUTH_NAMES.has(error.name) || status === 401 || /api key/i.test(error.message)) return "auth";
  if (status === 403) return error.name === "validation_error" || error.name === "invalid_from_address" ? "validation" : "auth";
  if (status === 404) return "not-found";
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

function toExisting(item: ListedBroadcast): ExistingBroadcast | null {
  const createdAt = parseResendTime(item.created_at);
  if (!createdAt) return null;
  const broadcast: ExistingBroadcast = {
    id: item.id,
    name: item.name ?? "",
    status: item.status,
    createdAt,
    scheduledAt: parseResendTime(item.scheduled_at),
    sentAt: parseResendTime(item.sent_at),
  };
  if (item.subject !== undefined) broadcast.subject = item.subject;
  return broadcast;
}

/** Creates the port around the real SDK (or an injected one). */
export function createResendPort(options: ResendPortOptions): ResendPort {
  const sdk: ResendSdk = options.sdk ?? new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const clock = options.clock ?? systemClock;
  const minInterval = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxRateLimitWaits = options.maxRateLimitWaits ?? 30;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const backoffBase = Math.max(100, 2 * minInterval);
  let nextSlot = 0;
  let requests = 0;

  async function pace(): Promise<void> {
    const now = clock.now();
    const wait = nextSlot - now;
    nextSlot = Math.max(now, nextSlot) + minInterval;
    if (wait > 0) await clock.sleep(wait);
  }

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

  async function call<T>(
    retry: Retry,
    operation: string,
    request: (signal: AbortSignal) => Promise<SdkReply<T>>,
  ): Promise<PortResult<T>> {
    let attempts = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await pace();
      requests += 1;
      attempts += 1;
      const reply = await request(AbortSignal.timeout(timeoutMs));
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
      if (failure.kind === "rate-limit" && rateLimitWaits < maxRateLimitWaits) {
        const wait = retryAfterMs(reply.headers, clock.now()) ?? 1000;
        if (wait <= maxRetryAfterMs) {
          rateLimitWaits += 1;
          attempts -= 1;
          nextSlot = Math.max(nextSlot, clock.now() + wait);
          continue;
        }
      }
      const transient = failure.kind === "server" || failure.kind === "network";
      if (transient && retry === "read" && attempts < maxAttempts) {
        await clock.sleep(Math.min(MAX_BACKOFF_MS, backoffBase * 2 ** (attempts - 1)));
        continue;
      }
      return { ok: false, failure };
    }
  }

  const broadcasts = sdk.broadcasts;
  return {
    async listBroadcasts(stopBefore) {
      const all: ExistingBroadcast[] = [];
      const cursors = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const page = await call("read", "GET /broadcasts", (signal) =>
          broadcasts.list(after ? { limit: PAGE_SIZE, after } : { limit: PAGE_SIZE }, { signal }),
        );
        if (!page.ok) return page;
        const items: ExistingBroadcast[] = [];
        for (const raw of page.value.data as ListedBroadcast[]) {
          const item = toExisting(raw);
          if (!item) return { ok: false, failure: unreadable("GET /broadcasts", `created_at „${raw.created_at}“ von ${raw.id}`) };
          items.push(item);
        }
        all.push(...items);
        const last = items.at(-1);
        if (!page.value.has_more || !last) break;
        if (stopBefore && last.createdAt.getTime() < stopBefore.getTime()) break;
        if (cursors.has(last.id))
          return { ok: false, failure: unreadable("GET /broadcasts", `Cursor ${last.id} wiederholt sich`) };
        cursors.add(last.id);
        after = last.id;
      }
      return { ok: true, value: all };
    },

    async getBroadcast(id) {
      const result = await call("read", "GET /broadcasts/{id}", (signal) => broadcasts.get(id, { signal }));
      if (!result.ok) return result;
      const detail = toExisting(result.value);
      if (!detail) return { ok: false, failure: unreadable("GET /broadcasts/{id}", `created_at von ${id}`) };
      return { ok: true, value: { ...detail, subject: result.value.subject ?? null } };
    },

    async createBroadcast(content) {
      const result = await call("once", "POST /broadcasts", (signal) => broadcasts.create(broadcastFields(content), { signal }));
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    async updateBroadcast(id, content) {
      const result = await call("read", "PATCH /broadcasts/{id}", (signal) =>
        broadcasts.update(id, broadcastFields(content), { signal }),
      );
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    async sendBroadcast(id) {
      const result = await call("once", "POST /broadcasts/{id}/send", (signal) => broadcasts.send(id, undefined, { signal }));
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    async removeBroadcast(id) {
      const result = await call("read", "DELETE /broadcasts/{id}", (signal) => broadcasts.remove(id, { signal }));
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    async sendEmail(email, idempotencyKey) {
      const result = await call("read", "POST /emails", (signal) =>
        sdk.emails.send(
          {
            from: email.from,
            to: email.to,
            subject: email.subject,
            html: email.html,
            text: email.text,
            ...(email.replyTo.length > 0 ? { replyTo: email.replyTo } : {}),
          },
          { idempotencyKey, signal },
        ),
      );
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    requestCount: () => requests,
  };
}

function unreadable(operation: string, what: string): ResendFailure {
  return {
    kind: "server",
    statusCode: null,
    name: "unreadable_response",
    message: `Unerwartete Antwort: ${what}.`,
    field: null,
    effect: "not-applied",
    operation,
  };
}
