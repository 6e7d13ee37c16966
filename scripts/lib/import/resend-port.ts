/**
 * The import's door to Resend, on the shared paced, retrying caller
 * (src/lib/resend-call.ts) with the CLI's patience: the account's contacts (listed 100 at
 * a time), one contact, its properties and segment, the bulk contact import
 * (`POST /contacts/imports`) and the re-confirmation mail (`POST /emails` with an
 * Idempotency-Key). Creates are never retried blindly; a lost answer comes back as
 * `effect: "unknown"` and the import tells the user to run it again (which is safe).
 *
 * The bulk import is a beta at Resend, "only available to a limited number of users":
 * an account without it gets 403/404/405 (or a `restricted`/not-available error), which
 * bulkImportUnavailable recognises so the import can create the contacts one by one.
 */
import { Resend } from "resend";
import { emailPayload, type EmailMessage } from "../../../src/lib/email-message.ts";
import { createCommandCaller } from "../../../src/lib/newsletter/resend-port.ts";
import { type CallerOptions, type CallResult, type ResendFailure, type SdkReply } from "../../../src/lib/resend-call.ts";
import { flattenContact } from "../../../src/lib/subscribe/resend-port.ts";

/** A contact as a list shows it (no properties). */
export interface ListedContact {
  email: string;
  unsubscribed: boolean;
}

/** A contact with its properties. */
export interface ImportContact {
  unsubscribed: boolean;
  properties: Record<string, string>;
}

/** A bulk import as Resend reports it. */
export interface BulkImport {
  id: string;
  status: "queued" | "in_progress" | "completed" | "failed";
  counts: { total: number; created: number; updated: number; skipped: number; failed: number } | null;
}

/** The operations the import uses; unit tests substitute an in-memory version. */
export interface ImportPort {
  /** Every contact of the account, or of one segment; `onPage` hears the running count. */
  listContacts(segmentId: string | null, onPage?: (count: number) => void): Promise<CallResult<ListedContact[]>>;
  getContact(email: string): Promise<CallResult<ImportContact | null>>;
  /** Creates those string properties the account lacks; returns their keys. */
  ensureProperties(keys: readonly string[]): Promise<CallResult<string[]>>;
  /** Imports that Resend has not finished yet (none when the account has no bulk import). */
  runningImports(): Promise<CallResult<BulkImport[]>>;
  /** Starts a bulk import of `csv` (header `email` plus property keys), new contacts only (`on_conflict: skip`). */
  startImport(csv: string, propertyKeys: readonly string[], segmentId: string): Promise<CallResult<{ id: string }>>;
  getImport(id: string): Promise<CallResult<BulkImport>>;
  /** Creates a contact, in `segments` (default: outside every segment). */
  createContact(input: {
    email: string;
    unsubscribed: boolean;
    properties: Record<string, string>;
    segments?: readonly string[];
  }): Promise<CallResult<{ id: string }>>;
  /** Writes properties only; the subscription stays as it is. */
  setProperties(email: string, properties: Record<string, string>): Promise<CallResult<{ id: string }>>;
  addToSegment(email: string, segmentId: string): Promise<CallResult<null>>;
  sendEmail(email: EmailMessage, idempotencyKey: string): Promise<CallResult<{ id: string }>>;
  requestCount(): number;
}

/**
 * True when Resend refuses the bulk contact import for this account (the beta is not
 * enabled): 403, 404 or 405 on its routes, or an error that names a restriction. Every
 * other call of a run comes first, so a wrong key has failed before this is asked.
 */
export function bulkImportUnavailable(failure: ResendFailure): boolean {
  if (failure.statusCode === 403 || failure.statusCode === 404 || failure.statusCode === 405) return true;
  return /restricted|not[_ ]available|not[_ ]enabled|limited number/i.test(`${failure.name} ${failure.message}`);
}

/** Where Resend is, and tuning (see CallerOptions). */
export type ImportPortOptions = Partial<CallerOptions> & { apiKey: string; baseUrl?: string | null };

const PAGE_SIZE = 100;

interface RawContact {
  id: string;
  email: string;
  unsubscribed: boolean;
  properties?: Record<string, { value: string | number } | string | number | null> | null;
}

/** Creates the port on the real SDK. */
export function createImportPort(options: ImportPortOptions): ImportPort {
  const sdk = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  // A minute per request: uploading a bulk import of 5,000 rows takes longer than a read.
  const { call, requestCount } = createCommandCaller({ ...options, timeoutMs: options.timeoutMs ?? 60_000 });
  const toImport = (raw: { id: string; status: BulkImport["status"]; counts?: BulkImport["counts"] }): BulkImport => ({
    id: raw.id,
    status: raw.status,
    counts: raw.counts ?? null,
  });

  return {
    async listContacts(segmentId, onPage) {
      const all: ListedContact[] = [];
      const seen = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const query = { limit: PAGE_SIZE, ...(after ? { after } : {}), ...(segmentId ? { segmentId } : {}) };
        const page = await call(
          "read",
          segmentId ? "GET /segments/{id}/contacts" : "GET /contacts",
          (signal) => sdk.contacts.list(query, { signal }) as Promise<SdkReply<{ data: RawContact[]; has_more: boolean }>>,
        );
        if (!page.ok) return page;
        for (const contact of page.value.data)
          all.push({ email: contact.email.toLowerCase(), unsubscribed: contact.unsubscribed === true });
        onPage?.(all.length);
        const last = page.value.data.at(-1);
        if (!page.value.has_more || !last || seen.has(last.id)) break;
        seen.add(last.id);
        after = last.id;
      }
      return { ok: true, value: all };
    },

    async getContact(email) {
      const result = await call(
        "read",
        "GET /contacts/{id}",
        (signal) => sdk.contacts.get({ email }, { signal }) as Promise<SdkReply<RawContact>>,
      );
      if (!result.ok) return result.failure.kind === "not-found" ? { ok: true, value: null } : result;
      const flat = flattenContact(result.value);
      return { ok: true, value: { unsubscribed: flat.unsubscribed, properties: flat.properties } };
    },

    async ensureProperties(keys) {
      const existing = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const page = await call("read", "GET /contact-properties", (signal) =>
          sdk.contactProperties.list(after ? { limit: PAGE_SIZE, after } : { limit: PAGE_SIZE }, { signal }),
        );
        if (!page.ok) return page;
        for (const property of page.value.data) existing.add(property.key);
        const last = page.value.data.at(-1);
        if (!page.value.has_more || !last || last.id === after) break;
        after = last.id;
      }
      const missing = keys.filter((key) => !existing.has(key));
      for (const key of missing) {
        const created = await call("once", "POST /contact-properties", (signal) =>
          sdk.contactProperties.create({ key, type: "string" }, { signal }),
        );
        // Created meanwhile by someone else (409) is as good as created.
        if (!created.ok && created.failure.kind !== "conflict") return created;
      }
      return { ok: true, value: missing };
    },

    async runningImports() {
      const running: BulkImport[] = [];
      for (const status of ["queued", "in_progress"] as const) {
        const page = await call("read", "GET /contacts/imports", (signal) =>
          sdk.contacts.imports.list({ status, limit: PAGE_SIZE }, { signal }),
        );
        if (!page.ok && bulkImportUnavailable(page.failure)) return { ok: true, value: [] };
        if (!page.ok) return page;
        running.push(...page.value.data.map(toImport));
      }
      return { ok: true, value: running };
    },

    startImport(csv, propertyKeys, segmentId) {
      return call("once", "POST /contacts/imports", (signal) =>
        sdk.contacts.imports.create(
          {
            file: new Blob([csv], { type: "text/csv" }),
            columnMap: {
              email: "email",
              properties: Object.fromEntries(propertyKeys.map((key) => [key, { column: key, type: "string" as const }])),
            },
            onConflict: "skip",
            segments: [{ id: segmentId }],
          },
          { signal },
        ),
      );
    },

    async getImport(id) {
      const result = await call("read", "GET /contacts/imports/{id}", (signal) => sdk.contacts.imports.get(id, { signal }));
      return result.ok ? { ok: true, value: toImport(result.value) } : result;
    },

    createContact({ email, unsubscribed, properties, segments }) {
      const inSegments = segments && segments.length > 0 ? { segments: segments.map((id) => ({ id })) } : {};
      return call("once", "POST /contacts", (signal) =>
        sdk.contacts.create({ email, unsubscribed, properties, ...inSegments }, { signal }),
      );
    },

    setProperties(email, properties) {
      // Writing the same values twice changes nothing, so a lost answer is retried like a read.
      return call("read", "PATCH /contacts/{id}", (signal) => sdk.contacts.update({ email, properties }, { signal }));
    },

    async addToSegment(email, segmentId) {
      const result = await call("read", "POST /contacts/{id}/segments/{segment_id}", (signal) =>
        sdk.contacts.segments.add({ email, segmentId }, { signal }),
      );
      return result.ok ? { ok: true, value: null } : result;
    },

    sendEmail(email, idempotencyKey) {
      // The Idempotency-Key makes a repeated send within Resend's 24 hours one mail, so it is retried like a read.
      return call("read", "POST /emails", (signal) => sdk.emails.send(emailPayload(email), { idempotencyKey, signal }));
    },

    requestCount,
  };
}
