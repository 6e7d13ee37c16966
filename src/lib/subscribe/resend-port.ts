/**
 * The subscribe handler's only door to Resend. The SDK answers `{ data, error }` and
 * never throws; this turns that into typed results, spaces requests to stay under the
 * account's rate limit, waits out 429 `retry-after`, and retries reads (never creates)
 * on 5xx and network errors.
 */
import { Resend } from "resend";
import type { EmailMessage } from "../email-message.ts";

/** A Resend error reduced to what callers decide on. */
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
  sleep?: (ms: number) => Promise<void>;
}

type SdkResponse<T> =
  | { data: T; error: null; headers: Record<string, string> | null }
  | { data: null; error: PortError; headers: Record<string, string> | null };

const RETRIES = 2;
const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Builds the port on the real SDK. */
export function createResendPort({
  apiKey,
  baseUrl,
  minIntervalMs = 500,
  maxRetryWaitMs = 5_000,
  sleep = defaultSleep,
}: ResendPortOptions): SubscribePort {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  let nextSlot = 0;

  const paced = async () => {
    const now = Date.now();
    const wait = Math.max(0, nextSlot - now);
    nextSlot = Math.max(now, nextSlot) + minIntervalMs;
    if (wait > 0) await sleep(wait);
  };

  const call = async <T>(request: () => Promise<SdkResponse<T>>, kind: "read" | "write"): Promise<PortResult<T>> => {
    for (let attempt = 0; ; attempt += 1) {
      await paced();
      const response = await request();
      if (!response.error) return { ok: true, value: response.data };
      const { error } = response;
      const status = error.statusCode;
      const retryable = status === 429 || (kind === "read" && (status === null || status >= 500));
      if (!retryable || attempt >= RETRIES)
        return { ok: false, error: { name: error.name, message: error.message, statusCode: status } };
      const retryAfter = Number(response.headers?.["retry-after"]);
      const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 500 * 2 ** attempt;
      if (waitMs > maxRetryWaitMs) return { ok: false, error: { name: error.name, message: error.message, statusCode: status } };
      await sleep(waitMs);
    }
  };

  return {
    sendEmail(email, idempotencyKey) {
      return call(
        () =>
          resend.emails.send(
            {
              from: email.from,
              to: [email.to],
              replyTo: email.replyTo,
              subject: email.subject,
              html: email.html,
              text: email.text,
            },
            { idempotencyKey },
          ) as Promise<SdkResponse<{ id: string }>>,
        // The idempotency key makes a repeated send safe, so 5xx and network errors are retried too.
        "read",
      );
    },

    async getContact(email) {
      const result = await call(() => resend.contacts.get({ email }) as Promise<SdkResponse<RawContact>>, "read");
      if (!result.ok)
        return result.error.statusCode === 404 || result.error.name === "not_found" ? { ok: true, value: null } : result;
      return { ok: true, value: flattenContact(result.value) };
    },

    createContact({ email, properties, segmentId }) {
      return call(
        () =>
          resend.contacts.create({ email, unsubscribed: false, properties, segments: [{ id: segmentId }] }) as Promise<
            SdkResponse<{ id: string }>
          >,
        "write",
      );
    },

    updateContact({ email, properties }) {
      return call(
        () => resend.contacts.update({ email, unsubscribed: false, properties }) as Promise<SdkResponse<{ id: string }>>,
        "write",
      );
    },

    async addToSegment(email, segmentId) {
      const result = await call(
        () => resend.contacts.segments.add({ email, segmentId }) as Promise<SdkResponse<unknown>>,
        "write",
      );
      return result.ok ? { ok: true, value: null } : result;
    },

    async ensureContactProperties(keys) {
      const listed = await call(
        () => resend.contactProperties.list({ limit: 100 }) as Promise<SdkResponse<{ data: { key: string }[] }>>,
        "read",
      );
      if (!listed.ok) return listed;
      const existing = new Set(listed.value.data.map((property) => property.key));
      const missing = keys.filter((name) => !existing.has(name));
      for (const key of missing) {
        const created = await call(
          () => resend.contactProperties.create({ key, type: "string" }) as Promise<SdkResponse<unknown>>,
          "write",
        );
        if (!created.ok) return created;
      }
      return { ok: true, value: { created: missing } };
    },
  };
}

interface RawContact {
  id: string;
  unsubscribed: boolean;
  properties?: Record<string, { value: string | number } | string | number | null> | null;
}

function flattenContact(raw: RawContact): StoredContact {
  const properties: Record<string, string> = {};
  for (const [key, entry] of Object.entries(raw.properties ?? {})) {
    if (entry === null || entry === undefined) continue;
    properties[key] = String(typeof entry === "object" ? entry.value : entry);
  }
  return { id: raw.id, unsubscribed: raw.unsubscribed, properties };
}
