/**
 * The fake Resend server, driven through the real SDK (v6) so that it stays compatible with
 * what the newsletter CLI and the signup function send.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Resend } from "resend";
import {
  SEGMENT_ID,
  startFakeResend,
  takeSpecViolations,
  type FakeResend,
  type FakeResendOptions,
} from "./fake-resend/server.ts";

let fake: FakeResend | null = null;

async function setup(options: FakeResendOptions = {}): Promise<{ fake: FakeResend; resend: Resend }> {
  fake = await startFakeResend({ rateLimit: null, ...options });
  return { fake, resend: new Resend(fake.apiKey, { baseUrl: fake.url }) };
}

afterEach(async () => {
  await fake?.stop();
  fake = null;
});

const draft = {
  name: "post:beispiel",
  segmentId: SEGMENT_ID,
  from: "Rundbrief <brief@example.de>",
  subject: "Beispiel",
  html: "<p>Hallo {{{RESEND_UNSUBSCRIBE_URL}}}</p>",
  text: "Hallo",
};

describe("fake Resend: broadcasts", () => {
  it("creates a draft (201 {id, object}), sends it and moves it draft → queued → sent", async () => {
    const { fake, resend } = await setup({ deliverAfterMs: 30 });
    fake.addContact("leserin@example.org", { segments: [SEGMENT_ID] });
    fake.addContact("weg@example.org", { segments: [SEGMENT_ID], unsubscribed: true });

    const created = await resend.broadcasts.create(draft);
    expect(created.error).toBeNull();
    expect(created.data).toEqual({ id: expect.any(String), object: "broadcast" });
    const id = created.data!.id;

    expect((await resend.broadcasts.get(id)).data?.status).toBe("draft");
    expect((await resend.broadcasts.send(id)).data).toEqual({ id });
    expect((await resend.broadcasts.get(id)).data?.status).toBe("queued");
    await new Promise((r) => setTimeout(r, 40));
    const sent = await resend.broadcasts.get(id);
    expect(sent.data).toMatchObject({ status: "sent", name: "post:beispiel", subject: "Beispiel", segment_id: SEGMENT_ID });
    expect(sent.data?.sent_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\+00$/);
    expect(fake.broadcasts()[0]?.recipients).toEqual(["leserin@example.org"]);

    const again = await resend.broadcasts.send(id);
    expect(again.error).toMatchObject({ statusCode: 422, name: "validation_error" });
  });

  it("updates and removes only drafts", async () => {
    const { resend } = await setup();
    const id = (await resend.broadcasts.create(draft)).data!.id;
    expect((await resend.broadcasts.update(id, { subject: "Neu" })).error).toBeNull();
    expect((await resend.broadcasts.get(id)).data?.subject).toBe("Neu");
    expect((await resend.broadcasts.remove(id)).data).toEqual({ id, object: "broadcast", deleted: true });
    expect((await resend.broadcasts.get(id)).error).toMatchObject({ statusCode: 404, name: "not_found" });

    const other = (await resend.broadcasts.create(draft)).data!.id;
    await resend.broadcasts.send(other);
    expect((await resend.broadcasts.update(other, { subject: "x" })).error?.statusCode).toBe(422);
    expect((await resend.broadcasts.remove(other)).error?.statusCode).toBe(422);
  });

  it("holds a broadcast sent with a future scheduled_at as scheduled, cancels it back to draft", async () => {
    const { resend } = await setup();
    const id = (await resend.broadcasts.create(draft)).data!.id;
    await resend.broadcasts.send(id, { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await resend.broadcasts.get(id)).data).toMatchObject({ status: "scheduled", scheduled_at: expect.any(String) });
    expect((await resend.broadcasts.cancel(id)).error).toBeNull();
    expect((await resend.broadcasts.get(id)).data).toMatchObject({ status: "draft", scheduled_at: null });
    expect((await resend.broadcasts.cancel(id)).error).toMatchObject({ statusCode: 422, name: "validation_error" });
  });

  it("moves a scheduled broadcast to queued at its time and to sent after, fixing the recipients then", async () => {
    let now = Date.parse("2026-12-07T06:00:00Z");
    const { fake, resend } = await setup({ now: () => now, deliverAfterMs: 1000 });
    const id = (await resend.broadcasts.create(draft)).data!.id;
    await resend.broadcasts.send(id, { scheduledAt: "2026-12-07T06:30:00.000Z" });
    fake.addContact("spaet@example.org", { segments: [SEGMENT_ID] });
    expect((await resend.broadcasts.get(id)).data?.status).toBe("scheduled");
    now = Date.parse("2026-12-07T06:30:00Z");
    expect((await resend.broadcasts.get(id)).data?.status).toBe("queued");
    now += 1000;
    expect((await resend.broadcasts.get(id)).data).toMatchObject({ status: "sent", sent_at: "2026-12-07 06:30:01.000+00" });
    expect(fake.broadcasts()[0]?.recipients).toEqual(["spaet@example.org"]);
    expect((await resend.broadcasts.cancel(id)).error?.statusCode).toBe(422);
    const late = (await resend.broadcasts.create(draft)).data!.id;
    expect((await resend.broadcasts.send(late, { scheduledAt: "nächsten Montag" })).error).toMatchObject({
      statusCode: 422,
      message: expect.stringContaining("scheduled_at"),
    });
  });

  it.each([
    ["a malformed from", { from: "Rundbrief brief(at)example.de" }, 422, "validation_error", "`from`"],
    ["an unverified domain", { from: "Rundbrief <brief@example.com>" }, 403, "validation_error", "not verified"],
    ["a missing subject", { subject: "" }, 422, "missing_required_field", "`subject`"],
    ["an unknown segment", { segmentId: "nope" }, 422, "validation_error", "`segment_id`"],
    ["a bad reply_to", { replyTo: ["kein-mail"] }, 422, "validation_error", "`reply_to`"],
  ])("rejects %s with {statusCode, name, message}", async (_case, change, statusCode, name, text) => {
    const { resend } = await setup();
    const result = await resend.broadcasts.create({ ...draft, ...change });
    expect(result.data).toBeNull();
    expect(result.error).toMatchObject({ statusCode, name });
    expect(result.error?.message).toContain(text);
  });

  it("lists newest first with limit/after cursors and has_more, and everything without limit", async () => {
    const { fake, resend } = await setup();
    const base = Date.now() - 1_000_000;
    fake.seedBroadcasts(Array.from({ length: 250 }, (_, i) => ({ name: `alt-${i}`, createdAt: new Date(base + i * 1000) })));
    const names: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await resend.broadcasts.list(after ? { limit: 100, after } : { limit: 100 });
      expect(page.error).toBeNull();
      pages += 1;
      names.push(...page.data!.data.map((b) => b.name));
      if (!page.data!.has_more) break;
      after = page.data!.data.at(-1)!.id;
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(250);
    expect(names[0]).toBe("alt-249");
    expect(names.at(-1)).toBe("alt-0");
    expect((await resend.broadcasts.list()).data?.data).toHaveLength(250);
    expect(fake.calls("GET /broadcasts")).toBe(4);
    expect((await resend.broadcasts.list({ limit: 101 })).error?.statusCode).toBe(422);
    expect(fake.takeSpecViolations()).toEqual([
      { request: "GET /broadcasts?limit=101", problems: ["query parameter limit: must be <= 100"] },
    ]);
  });
});

describe("fake Resend: auth, rate limit and faults", () => {
  it("answers 401 to no key and to a sending-only key outside sending, 403 to a wrong key", async () => {
    const { fake } = await setup({ sendingKey: "re_sending_only" });
    const wrong = await new Resend("re_wrong", { baseUrl: fake.url }).broadcasts.list();
    expect(wrong.error).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
    const restricted = new Resend("re_sending_only", { baseUrl: fake.url });
    expect((await restricted.broadcasts.list()).error).toMatchObject({ statusCode: 401, name: "restricted_api_key" });
    const sent = await restricted.emails.send({
      from: "Rundbrief <brief@example.de>",
      to: "a@example.org",
      subject: "Hallo",
      text: "Hallo",
    });
    expect(sent.error).toBeNull();
    const none = await fetch(`${fake.url}/broadcasts`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ statusCode: 401, name: "missing_api_key" });
  });

  it("allows 2 requests per window, then 429 with retry-after and ratelimit-* headers", async () => {
    const { fake } = await setup({ rateLimit: { requests: 2, windowMs: 5000 } });
    const call = () => fetch(`${fake.url}/segments`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    const first = await call();
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    await call();
    const third = await call();
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toMatch(/^[1-5]$/);
    expect(third.headers.get("ratelimit-remaining")).toBe("0");
    expect(await third.json()).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
  });

  it("injects a status N times, before or after the effect", async () => {
    const { fake, resend } = await setup();
    fake.fault({ route: "POST /broadcasts", kind: "status", status: 500, times: 2 });
    fake.fault({ route: "POST /broadcasts", kind: "status", status: 502, effect: "after" });
    expect((await resend.broadcasts.create(draft)).error?.statusCode).toBe(500);
    expect((await resend.broadcasts.create(draft)).error?.statusCode).toBe(500);
    expect(fake.broadcasts()).toHaveLength(0);
    expect((await resend.broadcasts.create(draft)).error?.statusCode).toBe(502);
    expect(fake.broadcasts()).toHaveLength(1);
    expect((await resend.broadcasts.create(draft)).error).toBeNull();
    expect(fake.callsByRoute()).toEqual({ "POST /broadcasts": 4 });
  });

  it("drops the connection before or after the effect", async () => {
    const { fake, resend } = await setup();
    const id = (await resend.broadcasts.create(draft)).data!.id;
    fake.fault({ route: "POST /broadcasts/:id/send", kind: "drop" });
    expect((await resend.broadcasts.send(id)).error).toMatchObject({ statusCode: null });
    expect(fake.broadcasts()[0]?.status).toBe("draft");
    fake.fault({ route: "POST /broadcasts/:id/send", kind: "drop", effect: "after" });
    expect((await resend.broadcasts.send(id)).error).toMatchObject({ statusCode: null });
    expect(fake.broadcasts()[0]?.status).not.toBe("draft");
  });

  it("hangs after the effect and tells the test, then delays", async () => {
    const { fake, resend } = await setup();
    fake.fault({ route: "POST /broadcasts", kind: "hang", effect: "after" });
    const applied = new Promise((resolve) => fake.once("fault", resolve));
    const pending = resend.broadcasts.create(draft, { signal: AbortSignal.timeout(300) });
    expect(await applied).toMatchObject({ route: "POST /broadcasts", effectApplied: true });
    expect((await pending).error?.statusCode).toBeNull();
    expect(fake.broadcasts()).toHaveLength(1);

    fake.fault({ route: "GET /segments", kind: "delay", delayMs: 150 });
    const started = Date.now();
    expect((await resend.segments.list()).error).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("fake Resend: gates", () => {
  it("holds requests until the given number has arrived, then handles them all", async () => {
    const { fake, resend } = await setup();
    fake.fault({ route: "POST /broadcasts", kind: "gate", times: 2 });
    let firstDone = false;
    const first = resend.broadcasts.create(draft).then((r) => ((firstDone = true), r));
    await new Promise((r) => setTimeout(r, 100));
    expect(firstDone).toBe(false);
    expect(fake.broadcasts()).toHaveLength(0);
    const [a, b] = await Promise.all([first, resend.broadcasts.create(draft)]);
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect(fake.broadcasts()).toHaveLength(2);
  });
});

describe("fake Resend: segments, contacts and emails", () => {
  it("manages contacts by id or email and their segment membership", async () => {
    const { fake, resend } = await setup();
    const extra = (await resend.segments.create({ name: "Gäste" })).data!.id;
    expect((await resend.segments.list()).data?.data.map((s) => s.name).sort()).toEqual(["Gäste", "Newsletter"]);

    const created = await resend.contacts.create({
      email: "Anna@Example.org",
      firstName: "Anna",
      unsubscribed: true,
      segments: [{ id: SEGMENT_ID }],
    });
    expect(created.error).toBeNull();
    const id = created.data!.id;
    expect((await postContact(fake, { email: "anna@example.org", segments: ["nope"] })).status).toBe(422);
    expect((await resend.contacts.create({ email: "anna@example.org" })).data?.id).toBe(id);

    expect((await resend.contacts.get({ email: "anna@example.org" })).data).toMatchObject({
      id,
      first_name: "Anna",
      unsubscribed: true,
    });
    expect((await resend.contacts.update({ email: "anna@example.org", unsubscribed: false })).error).toBeNull();
    expect((await resend.contacts.get(id)).data?.unsubscribed).toBe(false);

    expect((await resend.contacts.segments.add({ contactId: id, segmentId: extra })).data).toMatchObject({
      contact_id: id,
      segment_id: extra,
    });
    expect((await resend.contacts.segments.list({ contactId: id })).data?.data.map((s) => s.id).sort()).toEqual(
      [SEGMENT_ID, extra].sort(),
    );
    expect((await resend.contacts.list({ segmentId: extra })).data?.data.map((c) => c.email)).toEqual(["anna@example.org"]);
    expect(fake.calls("GET /segments/:id/contacts")).toBe(1);
    expect((await resend.contacts.segments.remove({ contactId: id, segmentId: extra })).data).toMatchObject({ deleted: true });
    expect((await resend.contacts.remove(id)).data).toMatchObject({ id, deleted: true });
    expect((await resend.contacts.get(id)).error?.statusCode).toBe(404);
  });

  it("refuses contact properties the account has not defined, like Resend", async () => {
    const { fake, resend } = await setup();
    const refused = await resend.contacts.create({ email: "neu@example.org", properties: { consent_at: "2026-11-28" } });
    expect(refused.error).toMatchObject({ name: "validation_error", message: expect.stringContaining("consent_at") });
    expect(fake.contacts()).toEqual([]);

    const created = await resend.contactProperties.create({ key: "consent_at", type: "string" });
    expect(created.error).toBeNull();
    expect((await resend.contactProperties.create({ key: "consent_at", type: "string" })).error).toMatchObject({
      name: "conflict",
    });
    expect((await resend.contactProperties.list()).data?.data.map((p) => p.key)).toEqual(["consent_at"]);

    const accepted = await resend.contacts.create({ email: "neu@example.org", properties: { consent_at: "2026-11-28" } });
    expect(accepted.error).toBeNull();
    expect(fake.contacts()[0]?.properties).toEqual({ consent_at: "2026-11-28" });
  });

  it("captures emails and honours Idempotency-Key", async () => {
    const { fake, resend } = await setup();
    const mail = {
      from: "Rundbrief <brief@example.de>",
      to: "neu@example.org",
      subject: "Bitte bestätigen",
      html: "<a href='https://x/bestaetigen?t=1'>Ja</a>",
    };
    const first = await resend.emails.send(mail, { idempotencyKey: "optin/neu@example.org" });
    const second = await resend.emails.send(mail, { idempotencyKey: "optin/neu@example.org" });
    expect(first.data?.id).toBeDefined();
    expect(second.data?.id).toBe(first.data?.id);
    expect(fake.emailsTo("NEU@example.org")).toHaveLength(1);
    expect(fake.emails()[0]).toMatchObject({
      subject: "Bitte bestätigen",
      to: ["neu@example.org"],
      idempotencyKey: "optin/neu@example.org",
    });

    const changed = await resend.emails.send({ ...mail, subject: "anders" }, { idempotencyKey: "optin/neu@example.org" });
    expect(changed.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
    expect((await resend.emails.send({ ...mail, to: "kaputt" })).error?.statusCode).toBe(422);
    expect((await resend.emails.get(first.data!.id)).data).toMatchObject({ subject: "Bitte bestätigen" });
  });
});

async function postContact(fake: FakeResend, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fake.url}/contacts`, {
    method: "POST",
    headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function raw(
  fake: FakeResend,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe("fake Resend: held against the OpenAPI spec", () => {
  it("answers an unknown route with its own 404, not a missing contact's, and records it", async () => {
    const { fake } = await setup();
    const answer = await raw(fake, "GET", "/contacts/leser/news@example.org");
    expect(answer).toMatchObject({ status: 404, body: { name: "route_not_found" } });
    const missing = await raw(fake, "GET", "/contacts/niemand@example.org");
    expect(missing).toMatchObject({ status: 404, body: { name: "not_found" } });
    expect(fake.takeSpecViolations()).toEqual([
      { request: "GET /contacts/leser/news@example.org", problems: [expect.stringContaining("no such path")] },
    ]);
  });

  it("answers a method the path does not have with 405 and Allow", async () => {
    const { fake } = await setup();
    const answer = await raw(fake, "PUT", `/broadcasts/${randomUUID()}`, {});
    expect(answer.status).toBe(405);
    expect(answer.body).toMatchObject({ name: "method_not_allowed" });
    expect(answer.headers.get("allow")).toBe("DELETE, GET, PATCH");
    expect(fake.takeSpecViolations()).toHaveLength(1);
  });

  it.each([
    [
      "a body field the spec does not name",
      "POST",
      "/broadcasts",
      { ...broadcastBody(), sheduled_at: "morgen" },
      {},
      "`sheduled_at`",
    ],
    ["a query parameter the spec does not name", "GET", "/broadcasts?status=sent", undefined, {}, "`status`"],
    [
      "an Idempotency-Key where the spec has none",
      "POST",
      "/broadcasts",
      broadcastBody(),
      { "idempotency-key": "k" },
      "idempotency-key",
    ],
    ["a field of the wrong type", "POST", "/contacts", { email: "a@example.org", unsubscribed: "nein" }, {}, "unsubscribed"],
    ["a path parameter outside its format", "POST", "/broadcasts/kein-uuid/cancel", undefined, {}, "uuid"],
    [
      "a body where the operation takes none",
      "POST",
      `/contacts/a@example.org/segments/${SEGMENT_ID}`,
      { id: "x" },
      {},
      "takes no request body",
    ],
  ])("refuses %s with 422 and records what is wrong", async (_case, method, path, body, headers, text) => {
    const { fake } = await setup();
    const answer = await raw(fake, method, path, body, headers);
    expect(answer).toMatchObject({ status: 422, body: { name: "validation_error" } });
    expect(String(answer.body.message)).toContain(text);
    const [violation, ...more] = fake.takeSpecViolations();
    expect(more).toEqual([]);
    expect(violation?.problems.join("\n")).toContain(text);
    expect(fake.broadcasts()).toEqual([]);
  });

  it("lets a test take only its own fake's violations; the rest stay for the guard", async () => {
    const { fake } = await setup();
    const other = await startFakeResend({ rateLimit: null });
    try {
      await raw(fake, "GET", "/nirgends");
      await raw(other, "GET", "/auch-nicht");
      expect(other.takeSpecViolations().map((v) => v.request)).toEqual(["GET /auch-nicht"]);
      expect(takeSpecViolations().map((v) => v.request)).toEqual(["GET /nirgends"]);
      expect(fake.specViolations).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it("keeps the vendored spec as published (resend/resend-openapi at the commit its README names)", () => {
    const dir = new URL("./fake-resend/openapi/", import.meta.url);
    const spec = readFileSync(new URL("resend.yaml", dir));
    const readme = readFileSync(new URL("README.md", dir), "utf8");
    const sha256 = createHash("sha256").update(spec).digest("hex");
    expect(readme).toContain(sha256);
    expect(readme).toMatch(/\b[0-9a-f]{40}\b/);
    expect(readFileSync(new URL("LICENSE", dir), "utf8")).toContain("Permission is hereby granted");
  });
});

describe("fake Resend: idempotency as Resend documents it", () => {
  const mail = { from: "Rundbrief <brief@example.de>", to: "neu@example.org", subject: "Bitte bestätigen", text: "Ja?" };

  it("keeps a key for 24 hours, then treats it as new", async () => {
    let now = Date.parse("2026-12-01T08:00:00Z");
    const { fake, resend } = await setup({ now: () => now });
    const first = await resend.emails.send(mail, { idempotencyKey: "optin/neu" });
    now += 23 * 3_600_000;
    expect((await resend.emails.send(mail, { idempotencyKey: "optin/neu" })).data?.id).toBe(first.data?.id);
    now += 2 * 3_600_000;
    const later = await resend.emails.send(mail, { idempotencyKey: "optin/neu" });
    expect(later.data?.id).not.toBe(first.data?.id);
    expect(fake.emails()).toHaveLength(2);
  });

  it("answers 409 concurrent_idempotent_requests while the first request with the key is still in progress", async () => {
    const { fake, resend } = await setup();
    fake.fault({ route: "POST /emails", kind: "delay", delayMs: 150 });
    const slow = resend.emails.send(mail, { idempotencyKey: "optin/neu" });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = await resend.emails.send(mail, { idempotencyKey: "optin/neu" });
    expect(second.error).toMatchObject({ statusCode: 409, name: "concurrent_idempotent_requests" });
    expect((await slow).error).toBeNull();
    expect(fake.emails()).toHaveLength(1);
  });

  it("keeps no key for a request that failed before taking effect, so its retry goes through", async () => {
    const { fake, resend } = await setup();
    fake.fault({ route: "POST /emails", kind: "status", status: 500 });
    expect((await resend.emails.send(mail, { idempotencyKey: "optin/neu" })).error?.statusCode).toBe(500);
    expect((await resend.emails.send(mail, { idempotencyKey: "optin/neu" })).error).toBeNull();
    expect(fake.emails()).toHaveLength(1);
  });

  it("refuses a key longer than 256 characters", async () => {
    const { fake, resend } = await setup();
    const answer = await resend.emails.send(mail, { idempotencyKey: "k".repeat(257) });
    expect(answer.error).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
    expect(fake.takeSpecViolations()[0]?.problems).toEqual([expect.stringContaining("must NOT have more than 256 characters")]);
  });
});

describe("fake Resend: contact properties", () => {
  it("shows property values as { type, value }, as the API and the SDK's types do", async () => {
    const { fake, resend } = await setup();
    await resend.contactProperties.create({ key: "consent_page", type: "string" });
    await resend.contactProperties.create({ key: "visits", type: "number" });
    await resend.contacts.create({ email: "neu@example.org", properties: { consent_page: "/abonnieren/", visits: 3 } });
    expect((await resend.contacts.get({ email: "neu@example.org" })).data?.properties).toEqual({
      consent_page: { type: "string", value: "/abonnieren/" },
      visits: { type: "number", value: 3 },
    });
    expect(fake.contacts()[0]?.properties).toEqual({ consent_page: "/abonnieren/", visits: 3 });
  });
});

function broadcastBody() {
  return { name: "post:x", segment_id: SEGMENT_ID, from: "Rundbrief <brief@example.de>", subject: "X", html: "<p>x</p>" };
}
