/**
 * The subscribe handler's only door to Resend: the confirmation mail and the contact,
 * on the shared caller (src/lib/resend-call.ts) with the patience of a web request: a
 * few seconds of 429 waits, reads and the idempotent send retried twice, creates never.
 */
import { Resend } from "resend";
import { emailPayload, type EmailMessage } from "../email-message.ts";
import { createResendCaller, type CallResult, type Retry, type SdkReply } from "../resend-call.ts";

/** A Resend error reduced to what the handler decides on and logs. */
export interface PortError {
  name: string;
  message: string;
  statusCode: number | null;
}

/** Success with a value, or the Resend error. */
export type PortResult<T> = { ok: true; value: T } | { ok: false; error: PortError };

/** A contact as the handler needs it; property values flattened to strings. */
export interface StoredContact {
  id: string;
  unsubscribed: boolean;
  properties: Record<string, string>;
}

/** A transactional mail (the confirmation mail). */
export type OutgoingEmail = EmailMessage;

/** The Resend operations the subscribe flow uses; tests substitute an in-memory version. */
export interface SubscribePort {
  /** POST /emails with an Idempotency-Key. */
  sendEmail(email: OutgoingEmail, idempotencyKey: string): Promise<PortResult<{ id: string }>>;
  /** The contact, or null when Resend does not know the address. */
  getContact(email: string): Promise<PortResult<StoredContact | null>>;
  /** Creates a subscribed contact with properties, already in the segment. */
  createContact(input: {
    email: string;
    properties: Record<string, string>;
    segmentId: string;
  }): Promise<PortResult<{ id: string }>>;
  /** Marks an existing contact subscribed and writes properties. */
  updateContact(input: { email: string; properties: Record<string, string> }): Promise<PortResult<{ id: string }>>;
  /** Writes properties on an existing contact without touching its subscription. */
  setProperties(email: string, properties: Record<string, string>): Promise<PortResult<{ id: string }>>;
  /** Unsubscribes a contact from everything; null when Resend does not know the address. */
  unsubscribe(email: string): Promise<PortResult<{ id: string } | null>>;
  /** Adds an existing contact to a segment. */
  addToSegment(email: string, segmentId: string): Promise<PortResult<null>>;
  /** Creates those of the given string contact properties the account lacks (Resend refuses unknown keys); returns the created keys. */
  ensureContactProperties(keys: readonly string[]): Promise<PortResult<{ created: string[] }>>;
}

/** Connection and pacing settings. */
export interface ResendPortOptions {
  apiKey: string;
  /** Another API server (the tests' fake); default: RESEND_BASE_URL or Resend's. */
  baseUrl?: string | undefined;
  /** Least time between two requests of this instance; 500 ms keeps under 2 requests/s. */
  minIntervalMs?: number;
  /** Longest `retry-after` worth waiting for inside one web request. */
  maxRetryWaitMs?: number;
}

/** Builds the port on the real SDK. */
export function createResendPort({
  apiKey,
  baseUrl,
  minIntervalMs = 500,
  maxRetryWaitMs = 5_000,
}: ResendPortOptions): SubscribePort {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  const caller = createResendCaller({
    minIntervalMs,
    timeoutMs: 10_000,
    maxAttempts: 3,
    maxRateLimitWaits: 2,
    maxRetryAfterMs: maxRetryWaitMs,
  });
  const call = async <T>(
    retry: Retry,
    operation: string,
    request: (signal: AbortSignal) => Promise<SdkReply<T>>,
  ): Promise<PortResult<T>> => reduce(await caller.call(retry, operation, request));

  return {
    sendEmail(email, idempotencyKey) {
      // The Idempotency-Key makes a repeated send safe, so it is retried like a read.
      return call("read", "POST /emails", (signal) => resend.emails.send(emailPayload(email), { idempotencyKey, signal }));
    },

    async getContact(email) {
      const result = await caller.call(
        "read",
        "GET /contacts/{email}",
        (signal) => resend.contacts.get({ email }, { signal }) as Promise<SdkReply<RawContact>>,
      );
      if (!result.ok) {
        const unknown = result.failure.kind === "not-found";
        return unknown ? { ok: true, value: null } : reduce(result);
      }
      return { ok: true, value: flattenContact(result.value) };
    },

    createContact({ email, properties, segmentId }) {
      return call("once", "POST /contacts", (signal) =>
        resend.contacts.create({ email, unsubscribed: false, properties, segments: [{ id: segmentId }] }, { signal }),
      );
    },

    updateContact({ email, properties }) {
      return call("once", "PATCH /contacts/{email}", (signal) =>
        resend.contacts.update({ email, unsubscribed: false, properties }, { signal }),
      );
    },

    setProperties(email, properties) {
      // Writing the same values twice changes nothing, so it is retried like a read: a mark
      // that is lost after its mail went out would let a second one out a day later.
      return call("read", "PATCH /contacts/{email}", (signal) => resend.contacts.update({ email, properties }, { signal }));
    },

    async unsubscribe(email) {
      // Setting the same flag twice changes nothing, so it is retried like a read.
      const result = await caller.call("read", "PATCH /contacts/{email}", (signal) =>
        resend.contacts.update({ email, unsubscribed: true }, { signal }),
      );
      if (!result.ok) return result.failure.kind === "not-found" ? { ok: true, value: null } : reduce(result);
      return { ok: true, value: result.value };
    },

    async addToSegment(email, segmentId) {
      const result = await call("once", "POST /contacts/{email}/segments", (signal) =>
        resend.contacts.segments.add({ email, segmentId }, { signal }),
      );
      return result.ok ? { ok: true, value: null } : result;
    },

    async ensureContactProperties(keys) {
      const listed = await call("read", "GET /contact-properties", (signal) =>
        resend.contactProperties.list({ limit: 100 }, { signal }),
      );
      if (!listed.ok) return listed;
      const existing = new Set(listed.value.data.map((property) => property.key));
      const missing = keys.filter((name) => !existing.has(name));
      for (const key of missing) {
        const created = await call("once", "POST /contact-properties", (signal) =>
          resend.contactProperties.create({ key, type: "string" }, { signal }),
        );
        if (!created.ok) return created;
      }
      return { ok: true, value: { created: missing } };
    },
  };
}

/** The handler's view of a failure. */
function reduce<T>(result: CallResult<T>): PortResult<T> {
  if (result.ok) return result;
  const { name, message, statusCode } = result.failure;
  return { ok: false, error: { name, message, statusCode } };
}

interface RawContact {
  id: string;
  unsubscribed: boolean;
  properties?: Record<string, { value: string | number } | string | number | null> | null;
}

/** A contact as Resend shows it, its property values (`{ type, value }`) flattened to strings. */
export function flattenContact(raw: RawContact): StoredContact {
  const properties: Record<string, string> = {};
  for (const [key, entry] of Object.entries(raw.properties ?? {})) {
    if (entry === null || entry === undefined) continue;
    properties[key] = String(typeof entry === "object" ? entry.value : entry);
  }
  return { id: raw.id, unsubscribed: raw.unsubscribed, properties };
}
