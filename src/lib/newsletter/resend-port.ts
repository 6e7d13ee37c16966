/**
 * The newsletter CLI's door to Resend: broadcasts (list, read, create, update, send,
 * remove) and single test emails, on the shared caller (src/lib/resend-call.ts) with a
 * CLI's patience: minutes of 429 waits, five attempts for reads and idempotent writes.
 */
import { Resend } from "resend";
import { parseResendTime, type ExistingBroadcast } from "./broadcast.ts";
import { emailPayload, type EmailMessage } from "../email-message.ts";
import {
  createResendCaller,
  type CallerOptions,
  type CallResult,
  type ResendCaller,
  type ResendFailure,
} from "../resend-call.ts";

/** What the port's methods resolve to. */
export type PortResult<T> = CallResult<T>;

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

/** A broadcast from GET /broadcasts/{id}: like a listed one, plus what it would send. */
export type BroadcastDetail = ExistingBroadcast & {
  subject: string | null;
  previewText: string | null;
  html: string | null;
  text: string | null;
  from: string | null;
  replyTo: string[];
};

/** The port's interface, so orchestration can be tested against an in-memory double. */
export interface ResendPort {
  /** All broadcasts, newest first, following pages until one reaches `stopBefore` (null: to the end). */
  listBroadcasts(stopBefore: Date | null): Promise<PortResult<ExistingBroadcast[]>>;
  getBroadcast(id: string): Promise<PortResult<BroadcastDetail>>;
  /** Never retried on 5xx/network: a lost answer comes back as effect "unknown". */
  createBroadcast(content: BroadcastContent): Promise<PortResult<{ id: string }>>;
  updateBroadcast(id: string, content: BroadcastContent): Promise<PortResult<{ id: string }>>;
  /**
   * Sends the draft at `scheduledAt` (Resend's scheduled_at; null: at once). Never retried
   * on 5xx/network: a lost answer comes back as effect "unknown".
   */
  sendBroadcast(id: string, scheduledAt: Date | null): Promise<PortResult<{ id: string }>>;
  /**
   * Returns a scheduled broadcast to draft. Called only outside the safety margin before
   * its send time: on a queued broadcast Resend would stop a send halfway.
   */
  cancelBroadcast(id: string): Promise<PortResult<{ id: string }>>;
  removeBroadcast(id: string): Promise<PortResult<{ id: string }>>;
  /** Retried like a read: the Idempotency-Key makes a repeat harmless. */
  sendEmail(email: SingleEmail, idempotencyKey: string): Promise<PortResult<{ id: string }>>;
  /** HTTP requests made so far, retries included. */
  requestCount(): number;
}

/** The part of the SDK the port uses (a real `Resend` instance, or a stub in unit tests). */
export type ResendSdk = Pick<Resend, "broadcasts" | "emails">;

/** Where Resend is, and tuning (see CallerOptions); the defaults give a CLI run minutes of patience. */
export type ResendPortOptions = Partial<CallerOptions> & {
  apiKey: string;
  /** RESEND_BASE_URL; the SDK's default (https://api.resend.com) when unset. */
  baseUrl?: string;
  sdk?: ResendSdk;
};

/** Default pacing: Resend allows 2 requests/s per team; 550 ms keeps under it with some slack. */
export const DEFAULT_MIN_INTERVAL_MS = 550;

/**
 * The caller of a command (the sender, `rundbrief subscribers`): paced under Resend's rate
 * limit and patient for minutes, as nobody waits on it in a browser. Unset options take
 * these defaults.
 */
export function createCommandCaller(options: Partial<CallerOptions>): ResendCaller {
  return createResendCaller({
    minIntervalMs: options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 5,
    maxRateLimitWaits: options.maxRateLimitWaits ?? 30,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    clock: options.clock,
  });
}
const PAGE_SIZE = 100;

interface ListedBroadcast {
  id: string;
  name: string;
  status: string;
  created_at: string;
  scheduled_at: string | null;
  sent_at: string | null;
  segment_id?: string | null;
  audience_id?: string | null;
  subject?: string | null;
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
    segmentId: item.segment_id ?? item.audience_id ?? null,
  };
  if (item.subject !== undefined) broadcast.subject = item.subject;
  return broadcast;
}

/** Creates the port around the real SDK (or an injected one). */
export function createResendPort(options: ResendPortOptions): ResendPort {
  const sdk: ResendSdk = options.sdk ?? new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const { call, requestCount } = createCommandCaller(options);
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
      const raw = result.value as typeof result.value & { reply_to?: string[] | string | null };
      return {
        ok: true,
        value: {
          ...detail,
          subject: raw.subject ?? null,
          previewText: raw.preview_text ?? null,
          html: raw.html ?? null,
          text: raw.text ?? null,
          from: raw.from ?? null,
          replyTo: Array.isArray(raw.reply_to) ? raw.reply_to : raw.reply_to ? [raw.reply_to] : [],
        },
      };
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

    async sendBroadcast(id, scheduledAt) {
      const options = scheduledAt ? { scheduledAt: scheduledAt.toISOString() } : undefined;
      const result = await call("once", "POST /broadcasts/{id}/send", (signal) => broadcasts.send(id, options, { signal }));
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    async cancelBroadcast(id) {
      // Cancelling a scheduled broadcast twice fails the second time: never retried blindly.
      const result = await call("once", "POST /broadcasts/{id}/cancel", (signal) => broadcasts.cancel(id, { signal }));
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    async removeBroadcast(id) {
      const result = await call("read", "DELETE /broadcasts/{id}", (signal) => broadcasts.remove(id, { signal }));
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    async sendEmail(email, idempotencyKey) {
      const result = await call("read", "POST /emails", (signal) =>
        sdk.emails.send(emailPayload(email), { idempotencyKey, signal }),
      );
      return result.ok ? { ok: true, value: { id: result.value.id } } : result;
    },

    requestCount,
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
