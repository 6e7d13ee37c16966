/**
 * A fake Resend API on 127.0.0.1 for tests and benchmarks. Every request is checked
 * against Resend's public OpenAPI spec (openapi.ts, the vendored openapi/resend.yaml):
 * an unknown path, method, parameter or body field is recorded as a spec violation, which
 * fails the test that caused it (tests/support/spec-guard.ts), and answered the way a
 * strict API would (404 for an unknown route, 405 with `Allow`, 422 for the rest).
 *
 * Behaviour follows the spec and Resend's docs for broadcasts, segments, contacts and
 * emails: Bearer auth (401 missing or sending-only key, 403 invalid key),
 * `{statusCode, name, message}` errors, cursor pagination (newest first), draft →
 * scheduled → queued → sent, contact properties as `{ type, value }`, idempotency keys
 * per endpoint for 24 hours with 409 for a changed or concurrent request, a 2 requests/s
 * rate limit with 429 and `retry-after`/`ratelimit-*` headers, and scriptable faults
 * (status codes, delays, dropped or hanging connections, before or after the effect).
 *
 * Point the SDK at it with RESEND_BASE_URL=<fake.url>.
 */
import { randomUUID } from "node:crypto";
import { parseCsv } from "../support/csv.ts";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { resendSpec } from "./openapi.ts";

/** A scripted misbehaviour for requests that match `route` (e.g. "POST /broadcasts/:id/send"). */
export interface Fault {
  route: string;
  /**
   * status: answer with `status`; drop: close the connection; hang: never answer; delay:
   * answer late; gate: hold the first `times` matching requests until all of them have
   * arrived, then handle them normally (makes races between two clients deterministic).
   */
  kind: "status" | "drop" | "hang" | "delay" | "gate";
  /** For kind "status" (default 500). */
  status?: number;
  /** For kind "delay". */
  delayMs?: number;
  /** For a 429: the `retry-after` value in seconds (default 1). */
  retryAfterSeconds?: number;
  /** "before" (default): the request has no effect; "after": the effect takes place, then the fault. */
  effect?: "before" | "after";
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** How many matching requests pass untouched first (default 0). */
  skip?: number;
}

/** Settings for one fake; all optional. */
export interface FakeResendOptions {
  /** The only accepted full-access API key (default "re_fake_0123456789"). */
  apiKey?: string;
  /** A key restricted to sending (POST /emails, /emails/batch); elsewhere it gets 401 restricted_api_key. */
  sendingKey?: string;
  /** Check every request against the vendored OpenAPI spec (default true). */
  spec?: boolean;
  /** The clock for scheduling and idempotency expiry (default Date.now); the rate limiter keeps real time. */
  now?: () => number;
  /** Sliding-window limit; null turns it off. Default: Resend's 2 requests per 1000 ms. */
  rateLimit?: { requests: number; windowMs: number } | null;
  /** Sender domains that count as verified (default ["example.de"]). */
  verifiedDomains?: string[];
  /** How long a queued broadcast takes to become sent (default 20 ms). */
  deliverAfterMs?: number;
  /** Segments that exist from the start (default: one named "Newsletter" with id SEGMENT_ID). */
  segments?: Array<{ id?: string; name: string }>;
  /**
   * Whether the account has Resend's contact imports, a beta "only available to a limited
   * number of users" (default true); without, their routes answer 403.
   */
  contactImports?: boolean;
}

/** The id of the default segment, so tests can pass it as RESEND_SEGMENT_ID. */
export const SEGMENT_ID = "5a1e4c1e-0000-4000-8000-00000000a11e";

/** A broadcast as the fake stores it. */
export interface FakeBroadcast {
  id: string;
  name: string;
  segment_id: string | null;
  audience_id: string | null;
  from: string | null;
  subject: string | null;
  reply_to: string[] | null;
  preview_text: string | null;
  html: string | null;
  text: string | null;
  topic_id: string | null;
  /** Resend's broadcast statuses (its docs; the spec lists none). */
  status: "draft" | "scheduled" | "queued" | "sent" | "canceled";
  created_at: string;
  scheduled_at: string | null;
  sent_at: string | null;
  /** Addresses it went to (segment members at send time, minus unsubscribed). */
  recipients: string[];
  createdMs: number;
  queuedMs: number | null;
  seq: number;
}

/** A contact as the fake stores it. */
export interface FakeContact {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  unsubscribed: boolean;
  properties: Record<string, unknown>;
  created_at: string;
  segmentIds: Set<string>;
  seq: number;
}

/** An email accepted by POST /emails, captured for inspection. */
export interface FakeEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  reply_to: string[] | null;
  cc: string[] | null;
  bcc: string[] | null;
  headers: Record<string, string> | null;
  tags: Array<{ name: string; value: string }> | null;
  idempotencyKey: string | null;
  created_at: string;
}

/** A request the vendored OpenAPI spec does not allow. */
export interface SpecViolation {
  /** e.g. "POST /contacts" as sent. */
  request: string;
  problems: string[];
}

/** Violations not yet taken by a test, of every fake in this process. */
const pendingViolations: Array<SpecViolation & { fake: FakeResend }> = [];

/**
 * Takes (and forgets) the spec violations of all fakes since the last call; the test
 * setup fails a test that leaves any behind.
 */
export function takeSpecViolations(): SpecViolation[] {
  return pendingViolations.splice(0).map(({ request, problems }) => ({ request, problems }));
}

/** How long Resend keeps an idempotency key. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** One request as the fake saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Normalised, e.g. "GET /broadcasts" or "POST /broadcasts/:id/send". */
  route: string;
  /** The spec operation it matched, e.g. "POST /broadcasts/{id}/send"; null for an unknown route or with the spec off. */
  operation: string | null;
  status: number | "dropped" | "hung";
  /** True when the rate limiter (not a scripted fault) answered 429. */
  rateLimited: boolean;
  at: number;
}

/** Seed data for a broadcast that existed before the test (defaults: sent, created now). */
export interface BroadcastSeed {
  name: string;
  status?: FakeBroadcast["status"];
  createdAt?: Date;
  subject?: string;
  segmentId?: string;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface ApiErrorBody {
  statusCode: number;
  name: string;
  message: string;
}

const EMAIL = /^[^\s@<>,"]+@[^\s@<>,"]+\.[a-zA-Z]{2,}$/;
const NAMED_EMAIL = /^[^<>]*<([^\s@<>,"]+@[^\s@<>,"]+\.[a-zA-Z]{2,})>$/;

/** Resend writes timestamps like `2023-10-06 22:59:55.977+00`. */
function resendTime(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "+00");
}

function apiError(statusCode: number, name: string, message: string): Reply {
  const body: ApiErrorBody = { statusCode, name, message };
  return { status: statusCode, body };
}

const ERROR_NAMES: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  502: "bad_gateway",
  503: "service_unavailable",
};

/** Known routes; the first pattern that matches names the route for counting and faults. */
const ROUTES: Array<[RegExp, string]> = [
  [/^\/broadcasts$/, "/broadcasts"],
  [/^\/broadcasts\/[^/]+$/, "/broadcasts/:id"],
  [/^\/broadcasts\/[^/]+\/send$/, "/broadcasts/:id/send"],
  [/^\/broadcasts\/[^/]+\/cancel$/, "/broadcasts/:id/cancel"],
  [/^\/segments$/, "/segments"],
  [/^\/segments\/[^/]+$/, "/segments/:id"],
  [/^\/segments\/[^/]+\/contacts$/, "/segments/:id/contacts"],
  [/^\/contacts$/, "/contacts"],
  [/^\/contacts\/imports$/, "/contacts/imports"],
  [/^\/contacts\/imports\/[^/]+$/, "/contacts/imports/:id"],
  [/^\/contacts\/[^/]+$/, "/contacts/:id"],
  [/^\/contacts\/[^/]+\/segments$/, "/contacts/:id/segments"],
  [/^\/contacts\/[^/]+\/segments\/[^/]+$/, "/contacts/:id/segments/:segmentId"],
  [/^\/contact-properties$/, "/contact-properties"],
  [/^\/contact-properties\/[^/]+$/, "/contact-properties/:id"],
  [/^\/emails$/, "/emails"],
  [/^\/emails\/batch$/, "/emails/batch"],
  [/^\/emails\/[^/]+$/, "/emails/:id"],
];

function routeOf(method: string, path: string): string {
  const match = ROUTES.find(([pattern]) => pattern.test(path));
  return `${method} ${match ? match[1] : path}`;
}

/** Reads a sender like `Name <a@b.de>` or `a@b.de`; null when malformed. */
function senderAddress(from: string): string | null {
  const named = NAMED_EMAIL.exec(from.trim());
  if (named) return named[1] ?? null;
  return EMAIL.test(from.trim()) ? from.trim() : null;
}

function asAddressList(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return null;
}

/** Segment ids from `["id"]` (OpenAPI) or `[{ id }]` (SDK v6); null when malformed. */
function segmentIdsOf(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  const ids = value.map((entry: unknown) =>
    typeof entry === "string"
      ? entry
      : entry && typeof entry === "object" && typeof (entry as { id?: unknown }).id === "string"
        ? (entry as { id: string }).id
        : null,
  );
  return ids.every((id) => id !== null) ? (ids as string[]) : null;
}

/** A segment as the API shows it. */
function segmentView(segment: { id: string; name: string; created_at: string }) {
  return { id: segment.id, name: segment.name, created_at: segment.created_at };
}

/** A broadcast as GET /broadcasts/{id} shows it (without the fake's bookkeeping). */
function broadcastView(b: FakeBroadcast) {
  return {
    id: b.id,
    name: b.name,
    audience_id: b.audience_id,
    segment_id: b.segment_id,
    from: b.from,
    subject: b.subject,
    reply_to: b.reply_to,
    preview_text: b.preview_text,
    status: b.status,
    created_at: b.created_at,
    scheduled_at: b.scheduled_at,
    sent_at: b.sent_at,
    topic_id: b.topic_id,
    html: b.html,
    text: b.text,
  };
}

function isReply(value: FakeBroadcast | Reply): value is Reply {
  return typeof value.status === "number";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A running fake; see startFakeResend. */
export class FakeResend extends EventEmitter {
  readonly url: string;
  readonly apiKey: string;
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly options: Required<Omit<FakeResendOptions, "segments" | "rateLimit" | "sendingKey" | "now">> & {
    rateLimit: FakeResendOptions["rateLimit"];
    sendingKey: string | null;
  };
  private readonly now: () => number;
  private readonly broadcastStore = new Map<string, FakeBroadcast>();
  private readonly contactStore = new Map<string, FakeContact>();
  /** Contact ids by address, so lookups stay fast with tens of thousands of contacts. */
  private readonly contactIdsByEmail = new Map<string, string>();
  private readonly segmentStore = new Map<string, { id: string; name: string; created_at: string; seq: number }>();
  private readonly emailStore: FakeEmail[] = [];
  /** Contact properties the account has defined, by key; contacts may only use these. */
  private readonly propertyStore = new Map<
    string,
    { id: string; key: string; type: string; fallback_value: unknown; created_at: string; seq: number }
  >();
  /** By endpoint and key; `reply` is null while the first request is still being handled. */
  private readonly importStore = new Map<
    string,
    {
      object: "contact_import";
      id: string;
      status: string;
      created_at: string;
      completed_at: string | null;
      counts: { total: number; created: number; updated: number; skipped: number; failed: number };
      seq: number;
    }
  >();
  private readonly idempotency = new Map<string, { bodyJson: string; reply: Reply | null; at: number }>();
  /** Every spec violation this fake has seen (also those a test has taken). */
  readonly specViolations: SpecViolation[] = [];
  private readonly faults: Array<Fault & { hits: number; seen: number; waiting: Array<() => void> }> = [];
  private readonly accepted: number[] = [];
  private seq = 0;

  constructor(server: Server, url: string, options: FakeResendOptions) {
    super();
    this.server = server;
    this.url = url;
    this.apiKey = options.apiKey ?? "re_fake_0123456789";
    this.options = {
      apiKey: this.apiKey,
      rateLimit: options.rateLimit === undefined ? { requests: 2, windowMs: 1000 } : options.rateLimit,
      verifiedDomains: options.verifiedDomains ?? ["example.de"],
      deliverAfterMs: options.deliverAfterMs ?? 20,
      sendingKey: options.sendingKey ?? null,
      spec: options.spec ?? true,
      contactImports: options.contactImports ?? true,
    };
    this.now = options.now ?? Date.now;
    for (const segment of options.segments ?? [{ id: SEGMENT_ID, name: "Newsletter" }]) this.addSegment(segment.name, segment.id);
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.write(res, apiError(500, "internal_server_error", String(error)));
      });
    });
  }

  /** Stops listening and cuts every open (also hanging) connection. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Takes this fake's spec violations that no test has taken yet (a test that expects some asserts on them). */
  takeSpecViolations(): SpecViolation[] {
    const mine: SpecViolation[] = [];
    for (let i = pendingViolations.length - 1; i >= 0; i--) {
      const entry = pendingViolations[i]!;
      if (entry.fake !== this) continue;
      pendingViolations.splice(i, 1);
      mine.unshift({ request: entry.request, problems: entry.problems });
    }
    return mine;
  }

  /** Adds a fault; faults for the same route apply in the order they were added. */
  fault(fault: Fault): this {
    this.faults.push({ ...fault, hits: 0, seen: 0, waiting: [] });
    return this;
  }

  /** Removes all faults that have not fired yet. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests seen for a route ("POST /broadcasts") or for all routes; rate-limited and failed ones included. */
  calls(route?: string): number {
    return route ? this.requests.filter((r) => r.route === route).length : this.requests.length;
  }

  /** Requests for a route (or all) that got past the rate limiter: what the API actually handled. */
  acceptedCalls(route?: string): number {
    return this.requests.filter((r) => !r.rateLimited && (!route || r.route === route)).length;
  }

  /** Requests per route, e.g. `{ "GET /broadcasts": 1 }`. */
  callsByRoute(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.requests) counts[r.route] = (counts[r.route] ?? 0) + 1;
    return counts;
  }

  /** Forgets the request log (not the data). */
  resetCalls(): void {
    this.requests.length = 0;
  }

  /** All broadcasts, newest first, with statuses brought up to date. */
  broadcasts(): FakeBroadcast[] {
    return this.sortedBroadcasts();
  }

  /** Broadcasts with a name (e.g. "post:abc"). */
  broadcastsNamed(name: string): FakeBroadcast[] {
    return this.sortedBroadcasts().filter((b) => b.name === name);
  }

  /** Adds broadcasts that existed before the test. */
  seedBroadcasts(seeds: BroadcastSeed[]): FakeBroadcast[] {
    return seeds.map((seed) => {
      const createdAt = seed.createdAt ?? new Date();
      const status = seed.status ?? "sent";
      const broadcast = this.newBroadcast(
        {
          name: seed.name,
          segment_id: seed.segmentId ?? [...this.segmentStore.keys()][0] ?? null,
          from: "Rundbrief <brief@example.de>",
          subject: seed.subject ?? seed.name,
        },
        createdAt,
      );
      broadcast.status = status;
      if (status === "sent") broadcast.sent_at = resendTime(createdAt);
      if (status === "queued") broadcast.queuedMs = Number.POSITIVE_INFINITY;
      if (status === "scheduled") broadcast.scheduled_at = resendTime(new Date(this.now() + 24 * 60 * 60 * 1000));
      return broadcast;
    });
  }

  /** Creates a segment and returns its id. */
  addSegment(name: string, id: string = randomUUID()): string {
    this.segmentStore.set(id, { id, name, created_at: resendTime(new Date()), seq: ++this.seq });
    return id;
  }

  /** Adds a contact (optionally to segments, with property values) and returns it. */
  addContact(
    email: string,
    options: { segments?: string[]; unsubscribed?: boolean; properties?: Record<string, unknown> } = {},
  ): FakeContact {
    const contact: FakeContact = {
      id: randomUUID(),
      email: email.toLowerCase(),
      first_name: null,
      last_name: null,
      unsubscribed: options.unsubscribed ?? false,
      properties: { ...options.properties },
      created_at: resendTime(new Date()),
      segmentIds: new Set(options.segments ?? []),
      seq: ++this.seq,
    };
    this.contactStore.set(contact.id, contact);
    this.contactIdsByEmail.set(contact.email, contact.id);
    return contact;
  }

  /**
   * What `email` receives of a broadcast that went out to it: subject, HTML and text with
   * Resend's merge tags filled in as its docs describe them: `{{{RESEND_UNSUBSCRIBE_URL}}}`
   * becomes the contact's unsubscribe link, `{{{contact.<field>}}}` (optionally
   * `|fallback`) the contact's field or property. Null when it did not go to that address.
   */
  receivedBy(broadcast: FakeBroadcast, email: string): { subject: string; html: string; text: string } | null {
    const contact = this.contacts().find((c) => c.email === email);
    if (!contact || !broadcast.recipients.includes(email)) return null;
    const fields: Record<string, unknown> = {
      ...contact.properties,
      email: contact.email,
      first_name: contact.first_name,
      last_name: contact.last_name,
    };
    const expand = (text: string | null) =>
      (text ?? "").replace(
        /\{\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|([^}]*))?\}\}\}/g,
        (tag, name: string, fallback: string | undefined) => {
          if (name === "RESEND_UNSUBSCRIBE_URL") return `${this.url}/unsubscribe/${contact.id}`;
          if (!name.startsWith("contact.")) return tag;
          const value = fields[name.slice("contact.".length)];
          return value === null || value === undefined || value === "" ? (fallback ?? "") : String(value);
        },
      );
    return { subject: expand(broadcast.subject), html: expand(broadcast.html), text: expand(broadcast.text) };
  }

  /** All contacts. */
  contacts(): FakeContact[] {
    return [...this.contactStore.values()];
  }

  /** Every email accepted by POST /emails, oldest first. */
  emails(): FakeEmail[] {
    return [...this.emailStore];
  }

  /** Emails that went to one address (case-insensitive), oldest first. */
  emailsTo(address: string): FakeEmail[] {
    const wanted = address.toLowerCase();
    return this.emailStore.filter((e) => e.to.some((to) => to.toLowerCase() === wanted));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const route = routeOf(method, url.pathname);
    const record: RecordedRequest = {
      method,
      path: url.pathname + url.search,
      route,
      operation: null,
      status: 0,
      rateLimited: false,
      at: Date.now(),
    };
    this.requests.push(record);
    const rawBody = await readBody(req);
    const parsed = await parseRequestBody(rawBody, req.headers["content-type"]);

    const check = this.options.spec
      ? resendSpec().check({
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: parsed.ok ? parsed.body : undefined,
        })
      : null;
    record.operation = check?.operation ?? null;
    if (check && check.kind !== "ok") {
      const violation = { request: `${method} ${url.pathname}${url.search}`, problems: check.problems };
      this.specViolations.push(violation);
      pendingViolations.push({ ...violation, fake: this });
      this.emit("spec-violation", violation);
    }
    if (check?.kind === "unknown-path") return this.finish(res, record, unknownRoute(method, url.pathname));
    if (check?.kind === "unknown-method") {
      const reply = apiError(405, "method_not_allowed", `Method ${method} is not allowed for ${url.pathname}.`);
      reply.headers = { allow: (check.allowed ?? []).join(", ") };
      return this.finish(res, record, reply);
    }

    const denied = this.authenticate(req.headers.authorization, route);
    if (denied) return this.finish(res, record, denied);

    const limited = this.rateLimit();
    if (limited) {
      record.rateLimited = true;
      return this.finish(res, record, limited);
    }
    if (!parsed.ok) return this.finish(res, record, parsed.reply);
    const badKey = idempotencyKeyProblem(req.headers["idempotency-key"]);
    if (badKey) return this.finish(res, record, badKey);
    if (check?.kind === "invalid") {
      return this.finish(
        res,
        record,
        apiError(422, "validation_error", `The request does not match the API: ${check.problems.join("; ")}`),
      );
    }

    const idempotency = this.claimIdempotencyKey(route, req.headers["idempotency-key"], rawBody);
    if (idempotency.reply) return this.finish(res, record, idempotency.reply);

    const matched = this.matchFault(route);
    if (matched?.kind === "delay") await sleep(matched.delayMs ?? 0);
    if (matched?.kind === "gate") await this.passGate(matched);
    const fault = matched && matched.kind !== "delay" && matched.kind !== "gate" ? matched : null;
    if (fault && (fault.effect ?? "before") === "before") {
      idempotency.release();
      return this.applyFault(res, record, fault, false);
    }
    const reply = this.dispatch(method, url, parsed.body, idempotency.key);
    idempotency.settle(reply);
    if (fault) return this.applyFault(res, record, fault, true);
    return this.finish(res, record, reply);
  }

  /** 401 without a key or with a sending-only key outside sending, 403 for a key Resend does not know. */
  private authenticate(header: string | undefined, route: string): Reply | null {
    if (!header || !header.startsWith("Bearer ")) {
      return apiError(
        401,
        "missing_api_key",
        "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY",
      );
    }
    const key = header.slice("Bearer ".length);
    if (key === this.apiKey) return null;
    if (this.options.sendingKey !== null && key === this.options.sendingKey) {
      return route === "POST /emails" || route === "POST /emails/batch"
        ? null
        : apiError(401, "restricted_api_key", "This API key is restricted to only send emails.");
    }
    return apiError(403, "invalid_api_key", "API key is invalid");
  }

  /**
   * Resend's idempotency (POST /emails and /emails/batch): a key counts per endpoint for
   * 24 hours; the same key with another payload is a 409, and so is a second request
   * while the first is still being handled. Only answers below 500 are kept, so a failed
   * attempt can be retried with its key.
   */
  private claimIdempotencyKey(
    route: string,
    header: string | string[] | undefined,
    rawBody: string,
  ): { key: string | null; reply: Reply | null; release: () => void; settle: (reply: Reply) => void } {
    const none = { key: null, reply: null, release: () => {}, settle: () => {} };
    if (route !== "POST /emails" && route !== "POST /emails/batch") return none;
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined) return none;
    const slot = `${route}\n${key}`;
    const now = this.now();
    const seen = this.idempotency.get(slot);
    if (seen && now - seen.at < IDEMPOTENCY_TTL_MS) {
      if (seen.bodyJson !== rawBody) {
        return {
          ...none,
          reply: apiError(
            409,
            "invalid_idempotent_request",
            "Same idempotency key used with a different request payload. Change your idempotency key or payload.",
          ),
        };
      }
      if (seen.reply === null) {
        return {
          ...none,
          reply: apiError(
            409,
            "concurrent_idempotent_requests",
            "Same idempotency key used while original request is still in progress. Try the request again later.",
          ),
        };
      }
      return { ...none, reply: seen.reply };
    }
    const entry = { bodyJson: rawBody, reply: null as Reply | null, at: now };
    this.idempotency.set(slot, entry);
    return {
      key,
      reply: null,
      release: () => this.idempotency.delete(slot),
      settle: (reply) => {
        if (reply.status < 500) entry.reply = reply;
        else this.idempotency.delete(slot);
      },
    };
  }

  private finish(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
    record.status = reply.status;
    this.write(res, reply);
  }

  private write(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { "content-type": "application/json", ...this.rateLimitHeaders(), ...reply.headers };
    res.writeHead(reply.status, headers);
    res.end(JSON.stringify(reply.body));
  }

  private applyFault(res: ServerResponse, record: RecordedRequest, fault: Fault, effectApplied: boolean): void {
    this.emit("fault", { route: record.route, fault, effectApplied });
    if (fault.kind === "drop") {
      record.status = "dropped";
      res.socket?.destroy();
      return;
    }
    if (fault.kind === "hang") {
      record.status = "hung";
      return;
    }
    const status = fault.status ?? 500;
    const reply = apiError(
      status,
      ERROR_NAMES[status] ?? "application_error",
      status === 429
        ? "Too many requests. You can only make 2 requests per second. See rate limit response headers for more information."
        : "Internal server error. We are unable to process your request right now, please try again later.",
    );
    if (status === 429) reply.headers = { "retry-after": String(fault.retryAfterSeconds ?? 1) };
    this.finish(res, record, reply);
  }

  private passGate(gate: Fault & { waiting: Array<() => void> }): Promise<void> {
    return new Promise((resolve) => {
      gate.waiting.push(resolve);
      if (gate.waiting.length >= (gate.times ?? 1)) for (const release of gate.waiting.splice(0)) release();
    });
  }

  private matchFault(route: string): (Fault & { waiting: Array<() => void> }) | null {
    for (const fault of this.faults) {
      if (fault.route !== route || fault.hits >= (fault.times ?? 1)) continue;
      fault.seen += 1;
      if (fault.seen <= (fault.skip ?? 0)) continue;
      fault.hits += 1;
      return fault;
    }
    return null;
  }

  private rateLimit(): Reply | null {
    const limit = this.options.rateLimit;
    if (!limit) return null;
    const now = Date.now();
    while (this.accepted.length > 0 && (this.accepted[0] ?? 0) <= now - limit.windowMs) this.accepted.shift();
    if (this.accepted.length < limit.requests) {
      this.accepted.push(now);
      return null;
    }
    const waitMs = (this.accepted[0] ?? now) + limit.windowMs - now;
    const reply = apiError(
      429,
      "rate_limit_exceeded",
      `Too many requests. You can only make ${limit.requests} requests per ${limit.windowMs} ms. See rate limit response headers for more information.`,
    );
    reply.headers = { "retry-after": this.seconds(waitMs) };
    return reply;
  }

  /** Whole seconds like the real API; fractions only when the window is shorter than a second (fast tests). */
  private seconds(ms: number): string {
    const window = this.options.rateLimit?.windowMs ?? 1000;
    return window >= 1000 ? String(Math.max(1, Math.ceil(ms / 1000))) : (Math.max(ms, 1) / 1000).toFixed(3);
  }

  private rateLimitHeaders(): Record<string, string> {
    const limit = this.options.rateLimit;
    if (!limit) return {};
    const now = Date.now();
    const live = this.accepted.filter((t) => t > now - limit.windowMs);
    const resetMs = live.length > 0 ? (live[0] ?? now) + limit.windowMs - now : 0;
    return {
      "ratelimit-limit": String(limit.requests),
      "ratelimit-remaining": String(Math.max(0, limit.requests - live.length)),
      "ratelimit-reset": this.seconds(resetMs),
    };
  }

  private dispatch(
    method: string,
    url: URL,
    parsedBody: Record<string, unknown> | undefined,
    idempotencyKey: string | null,
  ): Reply {
    const body = parsedBody ?? {};
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const [resource, id, sub, subId] = parts;
    const q = url.searchParams;

    if (resource === "broadcasts") {
      if (parts.length === 1 && method === "GET") return this.listBroadcasts(q);
      if (parts.length === 1 && method === "POST") return this.createBroadcast(body);
      if (parts.length === 2 && id && method === "GET") return this.getBroadcast(id);
      if (parts.length === 2 && id && method === "PATCH") return this.updateBroadcast(id, body);
      if (parts.length === 2 && id && method === "DELETE") return this.removeBroadcast(id);
      if (parts.length === 3 && id && sub === "send" && method === "POST") return this.sendBroadcast(id, body);
      if (parts.length === 3 && id && sub === "cancel" && method === "POST") return this.cancelBroadcast(id);
    }
    if (resource === "segments") {
      if (parts.length === 1 && method === "GET")
        return this.page([...this.segmentStore.values()].sort((a, b) => b.seq - a.seq).map(segmentView), q);
      if (parts.length === 1 && method === "POST") return this.createSegment(body);
      if (parts.length === 2 && id && method === "GET") return this.getSegment(id);
      if (parts.length === 2 && id && method === "DELETE") return this.removeSegment(id);
      if (parts.length === 3 && id && sub === "contacts" && method === "GET") return this.listContacts(q, id);
    }
    if (resource === "contacts" && id === "imports") {
      if (!this.options.contactImports)
        return apiError(403, "restricted", "Contact imports are currently only available to a limited number of users.");
      if (parts.length === 2 && method === "POST") return this.createImport(body);
      if (parts.length === 2 && method === "GET") return this.page(this.listImports(q.get("status")), q);
      if (parts.length === 3 && sub && method === "GET") return this.getImport(sub);
    }
    if (resource === "contacts") {
      if (parts.length === 1 && method === "GET") return this.listContacts(q, q.get("segment_id"));
      if (parts.length === 1 && method === "POST") return this.createContact(body);
      if (parts.length === 2 && id && method === "GET") return this.getContact(id);
      if (parts.length === 2 && id && method === "PATCH") return this.updateContact(id, body);
      if (parts.length === 2 && id && method === "DELETE") return this.removeContact(id);
      if (parts.length === 3 && id && sub === "segments" && method === "GET") return this.listContactSegments(id, q);
      if (parts.length === 4 && id && sub === "segments" && subId && method === "POST")
        return this.addContactToSegment(id, subId);
      if (parts.length === 4 && id && sub === "segments" && subId && method === "DELETE")
        return this.removeContactFromSegment(id, subId);
    }
    if (resource === "contact-properties") {
      if (parts.length === 1 && method === "GET") return this.page(this.contactProperties().reverse(), q);
      if (parts.length === 1 && method === "POST") return this.createContactProperty(body);
    }
    if (resource === "emails") {
      if (parts.length === 1 && method === "POST") return this.acceptEmail(body, idempotencyKey);
      if (parts.length === 2 && id && method === "GET") return this.getEmail(id);
    }
    return unknownRoute(method, url.pathname);
  }

  // ---- broadcasts -------------------------------------------------------------------

  private newBroadcast(fields: Partial<FakeBroadcast>, createdAt: Date): FakeBroadcast {
    const broadcast: FakeBroadcast = {
      id: randomUUID(),
      name: fields.name ?? "",
      segment_id: fields.segment_id ?? null,
      audience_id: fields.audience_id ?? null,
      from: fields.from ?? null,
      subject: fields.subject ?? null,
      reply_to: fields.reply_to ?? null,
      preview_text: fields.preview_text ?? null,
      html: fields.html ?? null,
      text: fields.text ?? null,
      topic_id: fields.topic_id ?? null,
      status: "draft",
      created_at: resendTime(createdAt),
      scheduled_at: null,
      sent_at: null,
      recipients: [],
      createdMs: createdAt.getTime(),
      queuedMs: null,
      seq: ++this.seq,
    };
    this.broadcastStore.set(broadcast.id, broadcast);
    return broadcast;
  }

  /** Moves a broadcast on by the clock: scheduled → queued at its time (recipients fixed then), queued → sent. */
  private refresh(broadcast: FakeBroadcast): FakeBroadcast {
    const now = this.now();
    if (broadcast.status === "scheduled" && broadcast.scheduled_at !== null) {
      const due = Date.parse(broadcast.scheduled_at.replace(" ", "T").replace("+00", "Z"));
      if (now >= due) this.startSending(broadcast, due);
    }
    if (broadcast.status === "queued" && broadcast.queuedMs !== null && now >= broadcast.queuedMs + this.options.deliverAfterMs) {
      broadcast.status = "sent";
      broadcast.sent_at = resendTime(new Date(now));
    }
    return broadcast;
  }

  private startSending(broadcast: FakeBroadcast, at: number): void {
    broadcast.status = "queued";
    broadcast.queuedMs = at;
    broadcast.recipients = this.contacts()
      .filter((c) => !c.unsubscribed && broadcast.segment_id !== null && c.segmentIds.has(broadcast.segment_id))
      .map((c) => c.email);
  }

  private sortedBroadcasts(): FakeBroadcast[] {
    return [...this.broadcastStore.values()]
      .map((b) => this.refresh(b))
      .sort((a, b) => b.createdMs - a.createdMs || b.seq - a.seq);
  }

  private listBroadcasts(q: URLSearchParams): Reply {
    const items = this.sortedBroadcasts().map((b) => ({
      id: b.id,
      name: b.name,
      audience_id: b.audience_id,
      segment_id: b.segment_id,
      status: b.status,
      created_at: b.created_at,
      scheduled_at: b.scheduled_at,
      sent_at: b.sent_at,
      topic_id: b.topic_id,
    }));
    return this.page(items, q);
  }

  /** Cursor pagination as Resend does it: without `limit` everything, else `limit` items after/before a cursor id. */
  private page<T extends { id: string }>(items: T[], q: URLSearchParams): Reply {
    const limitRaw = q.get("limit");
    const after = q.get("after");
    const before = q.get("before");
    if (after && before) return apiError(422, "validation_error", "You can only use `after` or `before`, not both.");
    if (limitRaw === null && !after && !before) return { status: 200, body: { object: "list", has_more: false, data: items } };
    const limit = limitRaw === null ? 20 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return apiError(422, "validation_error", "The `limit` parameter must be an integer between 1 and 100.");
    }
    const cursor = after ?? before;
    let start = 0;
    let end = Math.min(items.length, limit);
    if (cursor) {
      const index = items.findIndex((item) => item.id === cursor);
      if (index === -1)
        return apiError(422, "validation_error", `The cursor \`${after ? "after" : "before"}\` is not a valid id.`);
      if (after) {
        start = index + 1;
        end = Math.min(items.length, start + limit);
      } else {
        end = index;
        start = Math.max(0, end - limit);
      }
    }
    const hasMore = before ? start > 0 : end < items.length;
    return { status: 200, body: { object: "list", has_more: hasMore, data: items.slice(start, end) } };
  }

  private validateSender(from: unknown): Reply | null {
    if (typeof from !== "string" || from.trim() === "")
      return apiError(422, "missing_required_field", "The `from` field is missing.");
    const address = senderAddress(from);
    if (!address) {
      return apiError(
        422,
        "validation_error",
        "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
      );
    }
    const domain = address.split("@")[1]?.toLowerCase() ?? "";
    if (!this.options.verifiedDomains.includes(domain)) {
      return apiError(
        403,
        "validation_error",
        `The ${domain} domain is not verified. Please, add and verify your domain on https://resend.com/domains`,
      );
    }
    return null;
  }

  private validateReplyTo(value: unknown): Reply | null {
    if (value === undefined || value === null) return null;
    const list = asAddressList(value);
    if (!list || list.some((address) => !EMAIL.test(address) && !NAMED_EMAIL.test(address))) {
      return apiError(
        422,
        "validation_error",
        "Invalid `reply_to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
      );
    }
    return null;
  }

  private createBroadcast(body: Record<string, unknown>): Reply {
    const segmentId = (body.segment_id ?? body.audience_id) as unknown;
    if (typeof segmentId !== "string" || segmentId === "")
      return apiError(422, "missing_required_field", "The `segment_id` field is missing.");
    if (!this.segmentStore.has(segmentId))
      return apiError(422, "validation_error", `The \`segment_id\` ${segmentId} does not exist.`);
    const senderProblem = this.validateSender(body.from);
    if (senderProblem) return senderProblem;
    if (typeof body.subject !== "string" || body.subject === "")
      return apiError(422, "missing_required_field", "The `subject` field is missing.");
    const replyProblem = this.validateReplyTo(body.reply_to);
    if (replyProblem) return replyProblem;
    if (body.scheduled_at !== undefined && body.send !== true) {
      return apiError(422, "validation_error", "The `scheduled_at` field can only be used if `send` is true.");
    }
    const scheduleProblem = this.scheduleProblem(body.scheduled_at);
    if (scheduleProblem) return scheduleProblem;
    const broadcast = this.newBroadcast(
      {
        name: typeof body.name === "string" ? body.name : "",
        segment_id: segmentId,
        from: body.from as string,
        subject: body.subject,
        reply_to: asAddressList(body.reply_to),
        preview_text: typeof body.preview_text === "string" ? body.preview_text : null,
        html: typeof body.html === "string" ? body.html : null,
        text: typeof body.text === "string" ? body.text : null,
        topic_id: typeof body.topic_id === "string" ? body.topic_id : null,
      },
      new Date(),
    );
    if (body.send === true) this.queue(broadcast, body.scheduled_at);
    return { status: 201, body: { id: broadcast.id, object: "broadcast" } };
  }

  private findBroadcast(id: string): FakeBroadcast | Reply {
    const broadcast = this.broadcastStore.get(id);
    return broadcast ? this.refresh(broadcast) : apiError(404, "not_found", "Broadcast not found");
  }

  private getBroadcast(id: string): Reply {
    const found = this.findBroadcast(id);
    if (isReply(found)) return found;
    return { status: 200, body: { object: "broadcast", ...broadcastView(found) } };
  }

  private updateBroadcast(id: string, body: Record<string, unknown>): Reply {
    const found = this.findBroadcast(id);
    if (isReply(found)) return found;
    const broadcast = found;
    if (broadcast.status !== "draft")
      return apiError(422, "validation_error", `Broadcast ${id} is ${broadcast.status}; only drafts can be updated.`);
    if (body.from !== undefined) {
      const senderProblem = this.validateSender(body.from);
      if (senderProblem) return senderProblem;
    }
    const replyProblem = this.validateReplyTo(body.reply_to);
    if (replyProblem) return replyProblem;
    const segmentId = body.segment_id ?? body.audience_id;
    if (segmentId !== undefined && (typeof segmentId !== "string" || !this.segmentStore.has(segmentId))) {
      return apiError(422, "validation_error", `The \`segment_id\` ${String(segmentId)} does not exist.`);
    }
    const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : undefined);
    broadcast.name = text("name") ?? broadcast.name;
    broadcast.segment_id = (segmentId as string | undefined) ?? broadcast.segment_id;
    broadcast.from = text("from") ?? broadcast.from;
    broadcast.subject = text("subject") ?? broadcast.subject;
    broadcast.reply_to = asAddressList(body.reply_to) ?? broadcast.reply_to;
    broadcast.preview_text = text("preview_text") ?? broadcast.preview_text;
    broadcast.html = text("html") ?? broadcast.html;
    broadcast.text = text("text") ?? broadcast.text;
    broadcast.topic_id = text("topic_id") ?? broadcast.topic_id;
    return { status: 200, body: { id, object: "broadcast" } };
  }

  private removeBroadcast(id: string): Reply {
    const found = this.findBroadcast(id);
    if (isReply(found)) return found;
    const broadcast = found;
    if (broadcast.status !== "draft")
      return apiError(422, "validation_error", `Broadcast ${id} is ${broadcast.status}; only drafts can be removed.`);
    this.broadcastStore.delete(id);
    return { status: 200, body: { id, object: "broadcast", deleted: true } };
  }

  /** Sends now, or schedules for `scheduledAt` when that lies ahead (Resend: status "scheduled"). */
  private queue(broadcast: FakeBroadcast, scheduledAt: unknown): void {
    const now = this.now();
    const at = typeof scheduledAt === "string" ? Date.parse(scheduledAt) : Number.NaN;
    if (!Number.isNaN(at) && at > now) {
      broadcast.status = "scheduled";
      broadcast.scheduled_at = resendTime(new Date(at));
      return;
    }
    if (!Number.isNaN(at)) broadcast.scheduled_at = resendTime(new Date(at));
    this.startSending(broadcast, now);
  }

  /** Resend reads ISO 8601 (and natural language, which Rundbrief never sends); anything else is a 422. */
  private scheduleProblem(scheduledAt: unknown): Reply | null {
    if (scheduledAt === undefined) return null;
    if (typeof scheduledAt === "string" && !Number.isNaN(Date.parse(scheduledAt))) return null;
    return apiError(422, "validation_error", "The `scheduled_at` field must be a date in ISO 8601 format.");
  }

  private sendBroadcast(id: string, body: Record<string, unknown>): Reply {
    const found = this.findBroadcast(id);
    if (isReply(found)) return found;
    const broadcast = found;
    if (broadcast.status !== "draft")
      return apiError(422, "validation_error", `Broadcast ${id} has already been sent (status ${broadcast.status}).`);
    const senderProblem = this.validateSender(broadcast.from) ?? this.scheduleProblem(body.scheduled_at);
    if (senderProblem) return senderProblem;
    this.queue(broadcast, body.scheduled_at);
    return { status: 200, body: { id } };
  }

  private cancelBroadcast(id: string): Reply {
    const found = this.findBroadcast(id);
    if (isReply(found)) return found;
    const broadcast = found;
    if (broadcast.status !== "queued" && broadcast.status !== "scheduled")
      return apiError(
        422,
        "validation_error",
        `Broadcast ${id} is ${broadcast.status}; only queued or scheduled broadcasts can be canceled.`,
      );
    // Resend's docs: scheduled → draft (nothing sent, can be rescheduled); queued → canceled.
    if (broadcast.status === "scheduled") {
      broadcast.status = "draft";
      broadcast.scheduled_at = null;
    } else {
      broadcast.status = "canceled";
    }
    return { status: 200, body: { id, object: "broadcast" } };
  }

  // ---- segments ---------------------------------------------------------------------

  private createSegment(body: Record<string, unknown>): Reply {
    if (typeof body.name !== "string" || body.name.trim() === "")
      return apiError(422, "missing_required_field", "The `name` field is missing.");
    const id = this.addSegment(body.name);
    return { status: 201, body: { id, object: "segment", name: body.name } };
  }

  private getSegment(id: string): Reply {
    const segment = this.segmentStore.get(id);
    if (!segment) return apiError(404, "not_found", "Segment not found");
    return { status: 200, body: { object: "segment", id: segment.id, name: segment.name, created_at: segment.created_at } };
  }

  private removeSegment(id: string): Reply {
    if (!this.segmentStore.delete(id)) return apiError(404, "not_found", "Segment not found");
    for (const contact of this.contactStore.values()) contact.segmentIds.delete(id);
    return { status: 200, body: { object: "segment", id, deleted: true } };
  }

  // ---- contacts ---------------------------------------------------------------------

  private findContact(idOrEmail: string): FakeContact | null {
    const byId = this.contactStore.get(idOrEmail);
    if (byId) return byId;
    const email = idOrEmail.toLowerCase();
    const id = this.contactIdsByEmail.get(email);
    return id === undefined ? null : (this.contactStore.get(id) ?? null);
  }

  private contactView(contact: FakeContact) {
    return {
      id: contact.id,
      email: contact.email,
      first_name: contact.first_name,
      last_name: contact.last_name,
      created_at: contact.created_at,
      unsubscribed: contact.unsubscribed,
      properties: this.typedProperties(contact.properties),
    };
  }

  /** Property values as the API and the SDK's types show them: `{ type, value }` by the property's definition. */
  private typedProperties(properties: Record<string, unknown>): Record<string, { type: string; value: unknown }> {
    return Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, { type: this.propertyStore.get(key)?.type ?? "string", value }]),
    );
  }

  private listContacts(q: URLSearchParams, segmentId: string | null): Reply {
    if (segmentId !== null && !this.segmentStore.has(segmentId)) return apiError(404, "not_found", "Segment not found");
    // The spec's ListContactsResponseSuccess has no `properties`: a list shows who, GET /contacts/{id} shows what.
    const items = this.contacts()
      .filter((c) => segmentId === null || c.segmentIds.has(segmentId))
      .sort((a, b) => b.seq - a.seq)
      .map((c) => ({
        id: c.id,
        email: c.email,
        first_name: c.first_name,
        last_name: c.last_name,
        created_at: c.created_at,
        unsubscribed: c.unsubscribed,
      }));
    return this.page(items, q);
  }

  /** Defined contact properties, oldest first, as the API shows them. */
  contactProperties(): { id: string; key: string; type: string; fallback_value: unknown; created_at: string }[] {
    return [...this.propertyStore.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((p) => ({ id: p.id, key: p.key, type: p.type, fallback_value: p.fallback_value, created_at: p.created_at }));
  }

  /** The property keys a contact create/update uses that the account has not defined. */
  private unknownProperties(body: Record<string, unknown>): Reply | null {
    if (body.properties === undefined || body.properties === null) return null;
    if (typeof body.properties !== "object" || Array.isArray(body.properties))
      return apiError(422, "validation_error", "The `properties` field must be an object.");
    const unknown = Object.keys(body.properties).filter((key) => !this.propertyStore.has(key));
    return unknown.length > 0
      ? apiError(422, "validation_error", `Contact property \`${unknown[0]}\` does not exist. Create it first.`)
      : null;
  }

  /** Defines a contact property (string or number) once per key. */
  private createContactProperty(body: Record<string, unknown>): Reply {
    if (typeof body.key !== "string" || !/^[A-Za-z0-9_]{1,50}$/.test(body.key))
      return apiError(422, "validation_error", "The `key` field must be 1-50 letters, digits or underscores.");
    if (body.type !== "string" && body.type !== "number")
      return apiError(422, "validation_error", "The `type` field must be `string` or `number`.");
    if (this.propertyStore.has(body.key)) return apiError(409, "conflict", `Contact property \`${body.key}\` already exists.`);
    const property = {
      id: randomUUID(),
      key: body.key,
      type: body.type,
      fallback_value: body.fallback_value ?? null,
      created_at: resendTime(new Date()),
      seq: ++this.seq,
    };
    this.propertyStore.set(property.key, property);
    return { status: 201, body: { object: "contact_property", id: property.id } };
  }

  /** Like Resend, creating an existing email succeeds and returns the existing contact (adding any new segments). */
  private createContact(body: Record<string, unknown>): Reply {
    if (typeof body.email !== "string" || body.email.trim() === "")
      return apiError(422, "missing_required_field", "The `email` field is missing.");
    if (!EMAIL.test(body.email.trim())) return apiError(422, "validation_error", "Invalid `email` field.");
    const unknownProperty = this.unknownProperties(body);
    if (unknownProperty) return unknownProperty;
    const segments = segmentIdsOf(body.segments);
    if (!segments || segments.some((s) => !this.segmentStore.has(s))) {
      return apiError(422, "validation_error", "The `segments` field must list existing segment ids.");
    }
    const existing = this.findContact(body.email.trim());
    if (existing) {
      for (const s of segments) existing.segmentIds.add(s);
      return { status: 201, body: { object: "contact", id: existing.id } };
    }
    const contact = this.addContact(body.email.trim(), { segments, unsubscribed: body.unsubscribed === true });
    contact.first_name = typeof body.first_name === "string" ? body.first_name : null;
    contact.last_name = typeof body.last_name === "string" ? body.last_name : null;
    if (body.properties && typeof body.properties === "object")
      contact.properties = { ...(body.properties as Record<string, unknown>) };
    return { status: 201, body: { object: "contact", id: contact.id } };
  }

  private getContact(idOrEmail: string): Reply {
    const contact = this.findContact(idOrEmail);
    if (!contact) return apiError(404, "not_found", "Contact not found");
    return { status: 200, body: { object: "contact", ...this.contactView(contact) } };
  }

  private updateContact(idOrEmail: string, body: Record<string, unknown>): Reply {
    const contact = this.findContact(idOrEmail);
    if (!contact) return apiError(404, "not_found", "Contact not found");
    const unknownProperty = this.unknownProperties(body);
    if (unknownProperty) return unknownProperty;
    if (typeof body.email === "string") {
      if (!EMAIL.test(body.email)) return apiError(422, "validation_error", "Invalid `email` field.");
      this.contactIdsByEmail.delete(contact.email);
      contact.email = body.email.toLowerCase();
      this.contactIdsByEmail.set(contact.email, contact.id);
    }
    if (typeof body.first_name === "string") contact.first_name = body.first_name;
    if (typeof body.last_name === "string") contact.last_name = body.last_name;
    if (typeof body.unsubscribed === "boolean") contact.unsubscribed = body.unsubscribed;
    if (body.properties && typeof body.properties === "object")
      contact.properties = { ...contact.properties, ...(body.properties as Record<string, unknown>) };
    return { status: 200, body: { object: "contact", id: contact.id } };
  }

  private removeContact(idOrEmail: string): Reply {
    const contact = this.findContact(idOrEmail);
    if (!contact) return apiError(404, "not_found", "Contact not found");
    this.contactStore.delete(contact.id);
    this.contactIdsByEmail.delete(contact.email);
    return { status: 200, body: { object: "contact", id: contact.id, deleted: true } };
  }

  private listContactSegments(idOrEmail: string, q: URLSearchParams): Reply {
    const contact = this.findContact(idOrEmail);
    if (!contact) return apiError(404, "not_found", "Contact not found");
    const items = [...contact.segmentIds]
      .map((id) => this.segmentStore.get(id))
      .filter((s) => s !== undefined)
      .sort((a, b) => b.seq - a.seq)
      .map(segmentView);
    return this.page(items, q);
  }

  private addContactToSegment(idOrEmail: string, segmentId: string): Reply {
    const contact = this.findContact(idOrEmail);
    if (!contact) return apiError(404, "not_found", "Contact not found");
    if (!this.segmentStore.has(segmentId)) return apiError(404, "not_found", "Segment not found");
    contact.segmentIds.add(segmentId);
    return { status: 200, body: { object: "contact_segment", contact_id: contact.id, segment_id: segmentId } };
  }

  private removeContactFromSegment(idOrEmail: string, segmentId: string): Reply {
    const contact = this.findContact(idOrEmail);
    if (!contact) return apiError(404, "not_found", "Contact not found");
    const deleted = contact.segmentIds.delete(segmentId);
    return { status: 200, body: { object: "contact_segment", contact_id: contact.id, segment_id: segmentId, deleted } };
  }

  // ---- contact imports --------------------------------------------------------------

  /** Contact imports, newest first, optionally of one status. */
  private listImports(status: string | null) {
    return [...this.importStore.values()]
      .filter((entry) => status === null || entry.status === status)
      .sort((a, b) => b.seq - a.seq)
      .map((entry) => importView(entry));
  }

  private getImport(id: string): Reply {
    const entry = this.importStore.get(id);
    if (!entry) return apiError(404, "not_found", "Contact import not found");
    return { status: 200, body: importView(entry) };
  }

  /**
   * POST /contacts/imports: a CSV as multipart form field `file`, `column_map` (JSON),
   * `on_conflict` (skip or upsert) and `segments` (JSON). Processed at once and reported as
   * completed; like Resend, a row whose address exists is skipped (or updated with upsert),
   * a row without a valid address fails, and a contact is unique per address.
   */
  private createImport(body: Record<string, unknown>): Reply {
    if (typeof body.file !== "string") return apiError(422, "missing_required_field", "The `file` field is missing.");
    let columnMap: { email?: string; unsubscribed?: string; properties?: Record<string, { column: string; type?: string }> };
    let segments: string[];
    try {
      columnMap = body.column_map === undefined ? {} : (JSON.parse(String(body.column_map)) as typeof columnMap);
      segments = segmentIdsOf(body.segments === undefined ? [] : JSON.parse(String(body.segments))) ?? [];
    } catch {
      return apiError(422, "validation_error", "The `column_map` and `segments` fields must be JSON.");
    }
    if (segments.some((s) => !this.segmentStore.has(s)))
      return apiError(422, "validation_error", "The `segments` field must list existing segment ids.");
    const unknown = Object.keys(columnMap.properties ?? {}).filter((key) => !this.propertyStore.has(key));
    if (unknown.length > 0)
      return apiError(422, "validation_error", `Contact property \`${unknown[0]}\` does not exist. Create it first.`);
    const rows = parseCsv(body.file);
    const header = rows.shift() ?? [];
    const column = (name: string | undefined) => (name === undefined ? -1 : header.indexOf(name));
    const emailColumn = column(columnMap.email ?? "email");
    if (emailColumn < 0) return apiError(422, "validation_error", "The CSV file has no email column.");
    const counts = { total: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
    for (const row of rows) {
      if (row.length === 1 && row[0] === "") continue;
      counts.total += 1;
      const email = (row[emailColumn] ?? "").trim();
      if (!EMAIL.test(email)) {
        counts.failed += 1;
        continue;
      }
      const properties: Record<string, unknown> = {};
      for (const [key, mapping] of Object.entries(columnMap.properties ?? {})) {
        const value = row[column(mapping.column)];
        if (value !== undefined && value !== "") properties[key] = value;
      }
      const unsubscribedValue = columnMap.unsubscribed ? row[column(columnMap.unsubscribed)] : undefined;
      const existing = this.findContact(email);
      if (existing) {
        if (body.on_conflict !== "upsert") {
          counts.skipped += 1;
          continue;
        }
        existing.properties = { ...existing.properties, ...properties };
        if (unsubscribedValue !== undefined) existing.unsubscribed = unsubscribedValue === "true";
        for (const s of segments) existing.segmentIds.add(s);
        counts.updated += 1;
        continue;
      }
      this.addContact(email, { segments, unsubscribed: unsubscribedValue === "true", properties });
      counts.created += 1;
    }
    const id = randomUUID();
    const at = resendTime(new Date(this.now()));
    this.importStore.set(id, {
      object: "contact_import",
      id,
      status: "completed",
      created_at: at,
      completed_at: at,
      counts,
      seq: ++this.seq,
    });
    return { status: 201, body: { object: "contact_import", id } };
  }

  /** The contact imports so far, oldest first (tests). */
  imports(): Array<{ id: string; status: string; counts: Record<string, number> }> {
    return [...this.importStore.values()].sort((a, b) => a.seq - b.seq);
  }

  // ---- emails -----------------------------------------------------------------------

  private acceptEmail(body: Record<string, unknown>, idempotencyKey: string | null): Reply {
    const senderProblem = this.validateSender(body.from);
    if (senderProblem) return senderProblem;
    const to = asAddressList(body.to);
    if (!to || to.length === 0) return apiError(422, "missing_required_field", "The `to` field is missing.");
    if (to.length > 50) return apiError(422, "validation_error", "The `to` field can have at most 50 addresses.");
    if (to.some((address) => !EMAIL.test(address) && !NAMED_EMAIL.test(address))) {
      return apiError(
        422,
        "validation_error",
        "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
      );
    }
    if (typeof body.subject !== "string" || body.subject === "")
      return apiError(422, "missing_required_field", "The `subject` field is missing.");
    if (typeof body.html !== "string" && typeof body.text !== "string" && body.template === undefined) {
      return apiError(422, "validation_error", "Either `html`, `text` or `template` must be provided.");
    }
    const replyProblem = this.validateReplyTo(body.reply_to);
    if (replyProblem) return replyProblem;
    const email: FakeEmail = {
      id: randomUUID(),
      from: body.from as string,
      to,
      subject: body.subject,
      html: typeof body.html === "string" ? body.html : null,
      text: typeof body.text === "string" ? body.text : null,
      reply_to: asAddressList(body.reply_to),
      cc: asAddressList(body.cc),
      bcc: asAddressList(body.bcc),
      headers: body.headers && typeof body.headers === "object" ? (body.headers as Record<string, string>) : null,
      tags: Array.isArray(body.tags) ? (body.tags as Array<{ name: string; value: string }>) : null,
      idempotencyKey,
      created_at: resendTime(new Date()),
    };
    this.emailStore.push(email);
    this.emit("email", email);
    return { status: 200, body: { id: email.id } };
  }

  private getEmail(id: string): Reply {
    const email = this.emailStore.find((e) => e.id === id);
    if (!email) return apiError(404, "not_found", "Email not found");
    const visible: Partial<FakeEmail> = { ...email };
    delete visible.idempotencyKey;
    return { status: 200, body: { object: "email", ...visible, last_event: "delivered" } };
  }
}

/** Resend's answer to a key outside 1-256 characters, before anything else is checked. */
function idempotencyKeyProblem(header: string | string[] | undefined): Reply | null {
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || (key.length >= 1 && key.length <= 256)) return null;
  return apiError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
}

/** A JSON object body, no body at all (undefined), or the 400 a malformed one gets. */
/** A contact import as the API shows it (without the fake's bookkeeping). */
function importView(entry: {
  object: string;
  id: string;
  status: string;
  created_at: string;
  completed_at: string | null;
  counts: object;
}) {
  return {
    object: entry.object,
    id: entry.id,
    status: entry.status,
    created_at: entry.created_at,
    completed_at: entry.completed_at,
    counts: entry.counts,
  };
}

/** A request body: multipart forms as the object of their fields (files as text), everything else as JSON. */
async function parseRequestBody(
  rawBody: string,
  contentType: string | undefined,
): Promise<{ ok: true; body: Record<string, unknown> | undefined } | { ok: false; reply: Reply }> {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) return parseBody(rawBody);
  try {
    const form = await new Response(rawBody, { headers: { "content-type": contentType } }).formData();
    const body: Record<string, unknown> = {};
    for (const [name, value] of form) body[name] = typeof value === "string" ? value : await value.text();
    return { ok: true, body };
  } catch {
    return { ok: false, reply: apiError(400, "validation_error", "The multipart body cannot be read.") };
  }
}

function parseBody(rawBody: string): { ok: true; body: Record<string, unknown> | undefined } | { ok: false; reply: Reply } {
  if (rawBody.trim() === "") return { ok: true, body: undefined };
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      return { ok: true, body: parsed as Record<string, unknown> };
    return { ok: false, reply: apiError(400, "validation_error", "The request body must be a JSON object.") };
  } catch {
    return { ok: false, reply: apiError(400, "validation_error", "The request body is not valid JSON.") };
  }
}

/**
 * A path the API does not have. Resend's error list names no code for it; the fake uses
 * its own name so that no client can take it for a missing contact or broadcast.
 */
function unknownRoute(method: string, path: string): Reply {
  return apiError(404, "route_not_found", `Route ${method} ${path} does not exist.`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

/** Starts a fake on 127.0.0.1 with a free port. Always `await fake.stop()` afterwards. */
export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const server = createServer({ keepAliveTimeout: 1000 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("Fake Resend: kein TCP-Port erhalten.");
  return new FakeResend(server, `http://127.0.0.1:${address.port}`, options);
}
