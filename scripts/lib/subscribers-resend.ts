/**
 * `rundbrief subscribers`' door to Resend: the newsletter's segment, its contacts (listed
 * page by page, read one by one) and deleting one, on the shared caller
 * (src/lib/resend-call.ts) with the sender's patience: minutes of 429 waits, five
 * attempts for reads and the delete (deleting twice deletes once).
 */
import { Resend } from "resend";
import { parseResendTime } from "../../src/lib/newsletter/broadcast.ts";
import { DEFAULT_MIN_INTERVAL_MS } from "../../src/lib/newsletter/resend-port.ts";
import { createResendCaller, type CallerOptions, type CallResult, type SdkReply } from "../../src/lib/resend-call.ts";
import { flattenContact } from "../../src/lib/subscribe/resend-port.ts";

/** A contact of the segment as the subscribers command shows it. */
export interface SubscriberContact {
  id: string;
  email: string;
  unsubscribed: boolean;
  /** created_at as ISO UTC (Resend's own format as it came when unreadable); null when missing. */
  createdAt: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Property values as strings; null when the answer carried none (Resend's list shows no properties). */
  properties: Record<string, string> | null;
}

/** A segment's id and name. */
export interface SegmentInfo {
  id: string;
  name: string;
}

/** The operations `rundbrief subscribers` uses; unit tests substitute an in-memory version. */
export interface SubscribersPort {
  /** The segment; a failure of kind "not-found" when Resend has no such segment. */
  getSegment(id: string): Promise<CallResult<SegmentInfo>>;
  /** The contact by id or address, with its properties; null when Resend does not know it. */
  getContact(idOrEmail: string): Promise<CallResult<SubscriberContact | null>>;
  /** Ids of the segments a contact is in. */
  contactSegments(contactId: string): Promise<CallResult<string[]>>;
  /** Every contact of the segment, newest first, page by page; `onPage` hears the running count. */
  listSegmentContacts(segmentId: string, onPage?: (count: number) => void): Promise<CallResult<SubscriberContact[]>>;
  /** Deletes the contact; "gone" when Resend no longer knows it (deleted meanwhile). */
  removeContact(id: string): Promise<CallResult<"removed" | "gone">>;
  /** HTTP requests made so far, retries included. */
  requestCount(): number;
}

/** The part of the SDK the port uses. */
export type ContactsSdk = Pick<Resend, "contacts" | "segments">;

/** Where Resend is, and tuning (see CallerOptions). */
export type SubscribersPortOptions = Partial<CallerOptions> & {
  apiKey: string;
  baseUrl?: string | null;
  sdk?: ContactsSdk;
};

/** Resend's largest page. */
export const PAGE_SIZE = 100;

interface ListedContact {
  id: string;
  email: string;
  unsubscribed: boolean;
  created_at?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  properties?: Record<string, { value: string | number } | string | number | null> | null;
}

/** A contact from a list or GET answer. */
export function toSubscriberContact(raw: ListedContact): SubscriberContact {
  const created = raw.created_at ? parseResendTime(raw.created_at) : null;
  return {
    id: raw.id,
    email: raw.email,
    unsubscribed: raw.unsubscribed === true,
    createdAt: created ? created.toISOString() : (raw.created_at ?? null),
    firstName: raw.first_name || null,
    lastName: raw.last_name || null,
    properties:
      raw.properties && typeof raw.properties === "object"
        ? flattenContact({ id: raw.id, unsubscribed: raw.unsubscribed, properties: raw.properties }).properties
        : null,
  };
}

/** Creates the port around the real SDK (or an injected one). */
export function createSubscribersPort(options: SubscribersPortOptions): SubscribersPort {
  const sdk: ContactsSdk = options.sdk ?? new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const { call, requestCount } = createResendCaller({
    minIntervalMs: options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 5,
    maxRateLimitWaits: options.maxRateLimitWaits ?? 30,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    clock: options.clock,
  });

  return {
    async getSegment(id) {
      const result = await call("read", "GET /segments/{id}", (signal) => sdk.segments.get(id, { signal }));
      return result.ok ? { ok: true, value: { id: result.value.id, name: result.value.name } } : result;
    },

    async getContact(idOrEmail) {
      const result = await call(
        "read",
        "GET /contacts/{id}",
        (signal) => sdk.contacts.get(idOrEmail, { signal }) as Promise<SdkReply<ListedContact>>,
      );
      if (!result.ok) return result.failure.kind === "not-found" ? { ok: true, value: null } : result;
      return { ok: true, value: toSubscriberContact(result.value) };
    },

    async contactSegments(contactId) {
      const ids: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await call("read", "GET /contacts/{id}/segments", (signal) =>
          sdk.contacts.segments.list(after ? { contactId, limit: PAGE_SIZE, after } : { contactId, limit: PAGE_SIZE }, {
            signal,
          }),
        );
        if (!page.ok) return page;
        const items = page.value.data;
        ids.push(...items.map((segment) => segment.id));
        const last = items.at(-1);
        if (!page.value.has_more || !last || last.id === after) break;
        after = last.id;
      }
      return { ok: true, value: ids };
    },

    async listSegmentContacts(segmentId, onPage) {
      const all: SubscriberContact[] = [];
      const cursors = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const page = await call(
          "read",
          "GET /segments/{id}/contacts",
          (signal) =>
            sdk.contacts.list(after ? { segmentId, limit: PAGE_SIZE, after } : { segmentId, limit: PAGE_SIZE }, {
              signal,
            }) as Promise<SdkReply<{ data: ListedContact[]; has_more: boolean }>>,
        );
        if (!page.ok) return page;
        all.push(...page.value.data.map(toSubscriberContact));
        onPage?.(all.length);
        const last = page.value.data.at(-1);
        if (!page.value.has_more || !last) break;
        if (cursors.has(last.id)) {
          return {
            ok: false,
            failure: {
              kind: "server",
              statusCode: null,
              name: "unreadable_response",
              message: `Unerwartete Antwort: Cursor ${last.id} wiederholt sich.`,
              field: null,
              effect: "not-applied",
              operation: "GET /segments/{id}/contacts",
            },
          };
        }
        cursors.add(last.id);
        after = last.id;
      }
      return { ok: true, value: all };
    },

    async removeContact(id) {
      // Deleting is idempotent (a repeat finds nothing), so a lost answer is retried like a read.
      const result = await call("read", "DELETE /contacts/{id}", (signal) => sdk.contacts.remove(id, { signal }));
      if (result.ok) return { ok: true, value: "removed" };
      return result.failure.kind === "not-found" ? { ok: true, value: "gone" } : result;
    },

    requestCount,
  };
}
