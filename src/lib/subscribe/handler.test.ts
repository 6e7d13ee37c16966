import { describe, expect, it } from "vitest";
import type { RundbriefUserConfig } from "../../config.ts";
import { CURRENT_CONSENT_VERSION, CURRENT_CONSENT_VERSIONS } from "./consent.ts";
import { confirmFormAction, createSubscriptionHandler, idempotencyKey, readLimitedText } from "./handler.ts";
import { DEFAULT_LIMITS, type SubscribeLimits } from "./limits.ts";
import type { OutgoingEmail, PortError, PortResult, StoredContact, SubscribePort } from "./resend-port.ts";
import { signToken, signUnsubscribeToken } from "./token.ts";
import { aConfig } from "../../../tests/fixtures/config.ts";
import { TEST_WELCOME, testSignupAssets } from "../../../tests/support/signup-assets.ts";

const SITE = "https://blog.example.de";
const SECRET = "unit-test-secret-0123456789-abcdefghij";
const API_KEY = "re_unit_test_key_never_logged";
const START = Date.UTC(2026, 10, 28, 9, 0, 0);
const ENV = { SUBSCRIBE_SECRET: SECRET, RESEND_API_KEY: API_KEY, RESEND_SEGMENT_ID: "seg_news", SITE_URL: SITE };

/** Resend in memory: records mails and contacts, can be told to fail one operation. */
class MemoryResend implements SubscribePort {
  mails: { email: OutgoingEmail; key: string }[] = [];
  contacts = new Map<string, StoredContact & { segments: Set<string> }>();
  failures: Partial<Record<keyof SubscribePort, PortError>> = {};

  private fail<T>(operation: keyof SubscribePort): PortResult<T> | null {
    const error = this.failures[operation];
    return error ? { ok: false, error } : null;
  }
  async sendEmail(email: OutgoingEmail, key: string) {
    const failure = this.fail<{ id: string }>("sendEmail");
    if (failure) return failure;
    this.mails.push({ email, key });
    return { ok: true as const, value: { id: `mail_${this.mails.length}` } };
  }
  async getContact(email: string) {
    const failure = this.fail<StoredContact | null>("getContact");
    if (failure) return failure;
    return { ok: true as const, value: this.contacts.get(email) ?? null };
  }
  /** Property keys the account has; null accepts any (as the fake server does). */
  knownProperties: Set<string> | null = null;

  private unknownProperty(properties: Record<string, string>): PortResult<never> | null {
    const unknown = Object.keys(properties).find((key) => this.knownProperties && !this.knownProperties.has(key));
    return unknown
      ? { ok: false, error: { name: "validation_error", message: `Property \`${unknown}\` does not exist`, statusCode: 422 } }
      : null;
  }
  async createContact({
    email,
    properties,
    segmentId,
  }: {
    email: string;
    properties: Record<string, string>;
    segmentId: string;
  }) {
    const failure = this.fail<{ id: string }>("createContact") ?? this.unknownProperty(properties);
    if (failure) return failure;
    this.contacts.set(email, { id: `c_${email}`, unsubscribed: false, properties, segments: new Set([segmentId]) });
    return { ok: true as const, value: { id: `c_${email}` } };
  }
  async updateContact({ email, properties }: { email: string; properties: Record<string, string> }) {
    const failure = this.fail<{ id: string }>("updateContact") ?? this.unknownProperty(properties);
    if (failure) return failure;
    const contact = this.contacts.get(email)!;
    Object.assign(contact, { unsubscribed: false, properties: { ...contact.properties, ...properties } });
    return { ok: true as const, value: { id: contact.id } };
  }
  async setProperties(email: string, properties: Record<string, string>) {
    const failure = this.fail<{ id: string }>("setProperties") ?? this.unknownProperty(properties);
    if (failure) return failure;
    const contact = this.contacts.get(email)!;
    contact.properties = { ...contact.properties, ...properties };
    return { ok: true as const, value: { id: contact.id } };
  }
  async unsubscribe(email: string) {
    const failure = this.fail<{ id: string } | null>("unsubscribe");
    if (failure) return failure;
    const contact = this.contacts.get(email);
    if (!contact) return { ok: true as const, value: null };
    contact.unsubscribed = true;
    return { ok: true as const, value: { id: contact.id } };
  }
  async addToSegment(email: string, segmentId: string) {
    const failure = this.fail<null>("addToSegment");
    if (failure) return failure;
    this.contacts.get(email)!.segments.add(segmentId);
    return { ok: true as const, value: null };
  }
  async ensureContactProperties(keys: readonly string[]) {
    const failure = this.fail<{ created: string[] }>("ensureContactProperties");
    if (failure) return failure;
    const created = this.knownProperties ? keys.filter((key) => !this.knownProperties!.has(key)) : [];
    for (const key of created) this.knownProperties!.add(key);
    return { ok: true as const, value: { created } };
  }
}

function setup(
  options: {
    limits?: Partial<SubscribeLimits>;
    env?: Record<string, string | undefined>;
    config?: Partial<RundbriefUserConfig>;
    assets?: unknown;
  } = {},
) {
  const resend = new MemoryResend();
  const logs: string[] = [];
  let clock = START;
  const handler = createSubscriptionHandler(aConfig(options.config), {
    now: () => clock,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    createPort: () => resend,
    log: (line) => logs.push(line),
    loadAssets: async () =>
      typeof options.assets === "function"
        ? (options.assets as () => unknown)()
        : (options.assets ?? testSignupAssets({ welcome: null })),
  });
  const env = { ...ENV, ...options.env };
  return {
    resend,
    logs,
    advance: (ms: number) => (clock += ms),
    call: (request: Request, ip = "198.51.100.4") => handler(request, env, { address: ip }),
  };
}

const aSignup = (fields: Record<string, string> = {}) =>
  new URLSearchParams({
    email: "leserin@example.de",
    consent: "ja",
    website: "",
    source: "/artikel/vertraege/",
    form_version: CURRENT_CONSENT_VERSION,
    ...fields,
  });

const post = (body: URLSearchParams | string, headers: Record<string, string> = {}) =>
  new Request(`${SITE}/api/subscribe`, {
    method: "POST",
    body: body.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });

const confirmLink = (mail: OutgoingEmail) => mail.text.match(/https:\/\/\S+\/api\/confirm\?token=\S+/)![0];

/** What the button on the confirmation page sends: the link's token, posted as a form. */
const pressConfirm = (link: string) =>
  new Request(`${SITE}/api/confirm`, {
    method: "POST",
    body: new URLSearchParams({ token: new URL(link).searchParams.get("token") ?? "" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });

describe("routing", () => {
  it.each([
    ["GET", "/api/subscribe", 405, "POST"],
    ["PUT", "/api/subscribe", 405, "POST"],
    ["PUT", "/api/confirm", 405, "GET, POST"],
    ["DELETE", "/api/confirm", 405, "GET, POST"],
    ["GET", "/api/anything", 404, null],
  ])("%s %s → %i", async (method, path, status, allow) => {
    const { call } = setup();
    const response = await call(new Request(`${SITE}${path}`, { method }));
    expect(response.status).toBe(status);
    expect(response.headers.get("allow")).toBe(allow);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain('<html lang="de">');
  });
});

describe("missing configuration", () => {
  it.each(["SUBSCRIBE_SECRET", "RESEND_API_KEY"])(
    "without %s: a German 500 page and a log line naming it, never the key",
    async (name) => {
      const { call, logs, resend } = setup({ env: { [name]: undefined } });
      const response = await call(post(aSignup()));
      expect(response.status).toBe(500);
      expect(await response.text()).toContain("Die Anmeldung ist gerade nicht verfügbar");
      expect(logs.join("\n")).toContain(`${name} ist nicht gesetzt`);
      expect(logs.join("\n")).not.toContain(API_KEY);
      expect(logs.join("\n")).not.toContain(SECRET);
      expect(resend.mails).toHaveLength(0);
    },
  );
});

describe("POST /api/subscribe", () => {
  it("mails a German confirmation with a signed link and redirects to /bestaetigen/", async () => {
    const { call, resend } = setup();
    const response = await call(post(aSignup({ email: "Leserin@Example.de" })));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${SITE}/bestaetigen/`);
    expect(resend.mails).toHaveLength(1);
    const [{ email, key }] = resend.mails as [{ email: OutgoingEmail; key: string }];
    expect(email.to).toBe("leserin@example.de");
    expect(email.subject).toBe("Rundbrief: Bitte bestätigen Sie Ihre Anmeldung");
    expect(email.html).toContain("Anmeldung bestätigen");
    expect(email.text).toContain("48 Stunden");
    expect(confirmLink(email)).toMatch(/^https:\/\/blog\.example\.de\/api\/confirm\?token=v1\./);
    expect(key).toBe(await idempotencyKey("leserin@example.de", START));
    expect(key).toMatch(/^subscribe-confirm\/2026-11-28\/[0-9a-f]{32}$/);
  });

  it("answers the same for an address that is already subscribed (no probing)", async () => {
    const { call, resend } = setup();
    resend.contacts.set("leserin@example.de", { id: "c1", unsubscribed: false, properties: {}, segments: new Set(["seg_news"]) });
    const known = await call(post(aSignup()));
    const unknown = await call(post(aSignup({ email: "neu@example.de" })));
    expect([known.status, known.headers.get("location")]).toEqual([unknown.status, unknown.headers.get("location")]);
  });

  it("pretends success for a filled honeypot and sends nothing", async () => {
    const { call, resend, logs } = setup();
    const response = await call(post(aSignup({ website: "https://spam.example" })));
    expect([response.status, response.headers.get("location")]).toEqual([303, `${SITE}/bestaetigen/`]);
    expect(resend.mails).toHaveLength(0);
    expect(logs.join("\n")).toContain("Honeypot");
  });

  it("lists the problems in German without echoing the input", async () => {
    const { call, resend } = setup();
    const response = await call(post(aSignup({ email: "<script>alert(1)</script>", consent: "" })));
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain("Die E-Mail-Adresse sieht nicht gültig aus");
    expect(html).toContain("Bitte bestätigen Sie mit dem Häkchen");
    expect(html).toContain(`href="${SITE}/artikel/vertraege/"`);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("alert(1)");
    expect(resend.mails).toHaveLength(0);
  });

  it.each([
    ["a body over the limit", post(aSignup({ email: `${"a".repeat(5000)}@example.de` })), 413],
    ["a Content-Length over the limit", post(aSignup(), { "content-length": "999999" }), 413],
    ["JSON instead of a form", post(JSON.stringify({ email: "x@example.de" }), { "content-type": "application/json" }), 415],
  ])("refuses %s", async (_label, request, status) => {
    const { call, resend } = setup();
    expect((await call(request)).status).toBe(status);
    expect(resend.mails).toHaveLength(0);
  });

  it("limits requests per IP with a 429 page and Retry-After", async () => {
    const { call, resend } = setup({ limits: { subscribePerIp: { limit: 2, windowMs: 600_000 } } });
    const statuses = [];
    for (const email of ["a@example.de", "b@example.de", "c@example.de"])
      statuses.push((await call(post(aSignup({ email })))).status);
    const blocked = await call(post(aSignup({ email: "d@example.de" })));
    expect(statuses).toEqual([303, 303, 429]);
    expect(blocked.headers.get("retry-after")).toBe("600");
    expect(await blocked.text()).toContain("Zu viele Anmeldungen");
    expect(resend.mails).toHaveLength(2);
    expect((await call(post(aSignup({ email: "e@example.de" })), "192.0.2.99")).status).toBe(303);
  });

  it("limits mails per address silently: same redirect, no mail", async () => {
    const { call, resend, logs } = setup({ limits: { subscribePerAddress: { limit: 1, windowMs: 3_600_000 } } });
    const first = await call(post(aSignup()), "192.0.2.1");
    const second = await call(post(aSignup()), "192.0.2.2");
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get("location")).toBe(`${SITE}/bestaetigen/`);
    expect(resend.mails).toHaveLength(1);
    expect(logs.join("\n")).toContain("l***@example.de");
    expect(logs.join("\n")).not.toContain("leserin@example.de");
  });

  it("treats Resend's idempotency conflict (already mailed today) as success", async () => {
    const { call, resend } = setup();
    resend.failures.sendEmail = { name: "invalid_idempotent_request", message: "Same key, different payload", statusCode: 409 };
    const response = await call(post(aSignup()));
    expect([response.status, response.headers.get("location")]).toEqual([303, `${SITE}/bestaetigen/`]);
  });

  it("shows a German 502 page and logs the Resend error when the mail cannot be sent", async () => {
    const { call, resend, logs } = setup();
    resend.failures.sendEmail = { name: "application_error", message: "Unable to fetch data.", statusCode: null };
    const response = await call(post(aSignup()));
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("Bestätigungs-E-Mail gerade nicht verschicken");
    expect(logs.join("\n")).toContain("application_error");
  });
});

async function subscribed(options: Parameters<typeof setup>[0] = {}) {
  const context = setup(options);
  await context.call(post(aSignup()));
  const link = confirmLink(context.resend.mails.at(-1)!.email);
  return { ...context, link };
}

describe("GET /api/confirm (the link in the mail)", () => {
  it("shows a German page whose button posts the token back, and records nothing yet", async () => {
    const { call, resend, link } = await subscribed();
    const response = await call(new Request(link));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toContain("form-action https://blog.example.de;");
    expect(html).toContain("<h1>Anmeldung bestätigen</h1>");
    expect(html).toContain("an leserin@example.de erhalten?");
    expect(html).toContain(`<form method="post" action="${SITE}/api/confirm">`);
    const token = new URL(link).searchParams.get("token")!;
    expect(html).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(html).toContain('<button type="submit">Ja, Newsletter abonnieren</button>');
    expect(resend.contacts.size).toBe(0);
  });

  it("opening the link twice (a mail scanner, then the reader) still leaves the choice to the reader", async () => {
    const { call, resend, link } = await subscribed();
    expect((await call(new Request(link), "203.0.113.50")).status).toBe(200);
    expect((await call(new Request(link))).status).toBe(200);
    expect(resend.contacts.size).toBe(0);
    expect((await call(pressConfirm(link))).headers.get("location")).toBe(`${SITE}/danke/`);
  });

  it("escapes the address it shows", async () => {
    const { call } = setup();
    const claim = { email: '"><b>x@example.de', page: "/", formVersion: CURRENT_CONSENT_VERSION, requestedAt: START };
    const response = await call(new Request(`${SITE}/api/confirm?token=${await signToken(claim, SECRET)}`));
    const html = await response.text();
    expect(html).toContain("&quot;&gt;&lt;b&gt;x@example.de");
    expect(html).not.toContain("<b>x@");
  });

  it("sends an invalid link straight to the friendly German page", async () => {
    const { call, link } = await subscribed();
    const response = await call(new Request(link.replace(/.{4}$/, "AAAA")));
    expect([response.status, response.headers.get("location")]).toEqual([303, `${SITE}/link-abgelaufen/`]);
  });
});

describe("POST /api/confirm (the button)", () => {
  it("creates the contact subscribed, in the segment, with the consent record, then redirects to /danke/", async () => {
    const { call, resend, link, advance } = await subscribed();
    advance(3_600_000);
    const response = await call(pressConfirm(link));
    expect([response.status, response.headers.get("location")]).toEqual([303, `${SITE}/danke/`]);
    const contact = resend.contacts.get("leserin@example.de")!;
    expect(contact.unsubscribed).toBe(false);
    expect([...contact.segments]).toEqual(["seg_news"]);
    expect(contact.properties).toEqual({
      consent_at: "2026-11-28T10:00:00.000Z",
      consent_requested_at: "2026-11-28T09:00:00.000Z",
      consent_form_version: CURRENT_CONSENT_VERSION,
      consent_page: "/artikel/vertraege/",
    });
  });

  it("re-subscribes an existing, unsubscribed contact and adds it to the segment", async () => {
    const { call, resend, link } = await subscribed();
    resend.contacts.set("leserin@example.de", {
      id: "c1",
      unsubscribed: true,
      properties: { consent_requested_at: "2025-01-01T00:00:00.000Z" },
      segments: new Set(),
    });
    expect((await call(pressConfirm(link))).headers.get("location")).toBe(`${SITE}/danke/`);
    const contact = resend.contacts.get("leserin@example.de")!;
    expect(contact.unsubscribed).toBe(false);
    expect(contact.segments.has("seg_news")).toBe(true);
    expect(contact.properties.consent_requested_at).toBe("2026-11-28T09:00:00.000Z");
  });

  it("refuses a replayed link, even after the reader unsubscribed", async () => {
    const { call, resend, link } = await subscribed();
    await call(pressConfirm(link));
    resend.contacts.get("leserin@example.de")!.unsubscribed = true;
    const replay = await call(pressConfirm(link));
    expect(replay.headers.get("location")).toBe(`${SITE}/link-abgelaufen/`);
    expect(resend.contacts.get("leserin@example.de")!.unsubscribed).toBe(true);
  });

  it.each([
    [
      "JSON instead of a form",
      new Request(`${SITE}/api/confirm`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
      415,
    ],
    [
      "a body over the limit",
      new Request(`${SITE}/api/confirm`, {
        method: "POST",
        body: `token=${"a".repeat(5000)}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      413,
    ],
  ])("refuses %s and records nothing", async (_label, request, status) => {
    const { call, resend } = await subscribed();
    expect((await call(request)).status).toBe(status);
    expect(resend.contacts.size).toBe(0);
  });

  it.each([
    ["an expired link", async (link: string) => link, 48 * 3_600_000 + 1],
    ["a forged signature", async (link: string) => link.replace(/.{4}$/, "AAAA"), 0],
    [
      "a link signed with another secret",
      async () =>
        `${SITE}/api/confirm?token=${await signToken({ email: "x@example.de", page: "/", formVersion: CURRENT_CONSENT_VERSION, requestedAt: START }, "x".repeat(40))}`,
      0,
    ],
    ["no token", async () => `${SITE}/api/confirm`, 0],
    ["a token over the length limit", async () => `${SITE}/api/confirm?token=${"a".repeat(3000)}`, 0],
  ])("sends %s to the friendly German page", async (_label, makeLink, wait) => {
    const { call, resend, link, advance } = await subscribed();
    advance(wait);
    const response = await call(pressConfirm(await makeLink(link)));
    expect([response.status, response.headers.get("location")]).toEqual([303, `${SITE}/link-abgelaufen/`]);
    expect(resend.contacts.size).toBe(0);
  });

  it("creates the consent properties when Resend refuses them as unknown, then saves the contact", async () => {
    const { call, resend, link } = await subscribed();
    resend.knownProperties = new Set();
    expect((await call(pressConfirm(link))).headers.get("location")).toBe(`${SITE}/danke/`);
    expect([...resend.knownProperties].sort()).toEqual([
      "consent_at",
      "consent_form_version",
      "consent_page",
      "consent_requested_at",
      "welcome_sent_at",
    ]);
    expect(resend.contacts.get("leserin@example.de")!.properties.consent_page).toBe("/artikel/vertraege/");
  });

  it("gives up with a 502 when the properties exist and Resend still refuses the contact", async () => {
    const { call, resend, link } = await subscribed();
    resend.failures.createContact = { name: "validation_error", message: "Invalid `email`", statusCode: 422 };
    expect((await call(pressConfirm(link))).status).toBe(502);
  });

  it.each(["getContact", "createContact", "updateContact", "addToSegment"] as const)(
    "shows a German 502 page when %s fails",
    async (operation) => {
      const { call, resend, link, logs } = await subscribed();
      if (operation !== "getContact" && operation !== "createContact") {
        resend.contacts.set("leserin@example.de", { id: "c1", unsubscribed: true, properties: {}, segments: new Set() });
      }
      resend.failures[operation] = { name: "internal_server_error", message: "boom", statusCode: 500 };
      const response = await call(pressConfirm(link));
      expect(response.status).toBe(502);
      expect(await response.text()).toContain("Anmeldung gerade nicht abschließen");
      expect(logs.at(-1)).toContain("internal_server_error");
    },
  );

  it("limits confirm requests per IP; opening the link does not count", async () => {
    const { call, link } = await subscribed({ limits: { confirmPerIp: { limit: 1, windowMs: 60_000 } } });
    for (let open = 0; open < 5; open += 1) expect((await call(new Request(link))).status).toBe(200);
    await call(pressConfirm(link));
    expect((await call(pressConfirm(link))).status).toBe(429);
  });

  it("keeps the link valid when adding an existing contact to the segment fails, so the next try completes", async () => {
    const { call, resend, link } = await subscribed();
    resend.contacts.set("leserin@example.de", { id: "c1", unsubscribed: true, properties: {}, segments: new Set() });
    resend.failures.addToSegment = { name: "internal_server_error", message: "boom", statusCode: 500 };
    expect((await call(pressConfirm(link))).status).toBe(502);
    delete resend.failures.addToSegment;
    expect((await call(pressConfirm(link))).headers.get("location")).toBe(`${SITE}/danke/`);
    const contact = resend.contacts.get("leserin@example.de")!;
    expect([contact.unsubscribed, contact.segments.has("seg_news")]).toEqual([false, true]);
  });
});

describe("what the site's data and keys change", () => {
  it("reads the site's texts again for a form version it does not know, and uses the new version", async () => {
    const before = testSignupAssets({ welcome: null });
    const v2 = { ...before.consent.current, version: "2026-12-24" };
    const after = { ...before, consent: { current: v2, versions: { ...before.consent.versions, [v2.version]: v2 } } };
    let reads = 0;
    const { call, resend } = setup({ assets: () => (reads++ === 0 ? before : after) });
    expect((await call(post(aSignup()))).status).toBe(303);
    expect((await call(post(aSignup({ email: "neu@example.de", form_version: "2026-12-24" })))).status).toBe(303);
    expect(reads).toBe(2);
    const token = new URL(confirmLink(resend.mails.at(-1)!.email)).searchParams.get("token")!;
    expect(JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).v).toBe("2026-12-24");
  });

  it("shows the form again, sending nothing, when the version stays unknown after reading again", async () => {
    const { call, resend, logs } = setup();
    const response = await call(post(aSignup({ form_version: "2099-01-01" })));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Das Formular ist nicht mehr aktuell");
    expect(resend.mails).toHaveLength(0);
    expect(logs.join("\n")).toContain("unbekannter Version");
  });

  it("confirms even when the site's data cannot be read; only the welcome mail waits", async () => {
    const { resend, link } = await subscribed({ assets: testSignupAssets() });
    // Another instance, which cannot read the site's file (a 403 in front of the site, say).
    const other = setup({ assets: () => Promise.reject(new Error("403 von der Website")) });
    other.resend.contacts = resend.contacts;
    expect((await other.call(pressConfirm(link))).headers.get("location")).toBe(`${SITE}/danke/`);
    expect(resend.contacts.get("leserin@example.de")?.unsubscribed).toBe(false);
    expect(resend.contacts.get("leserin@example.de")?.properties.consent_at).toBeDefined();
    expect(other.resend.mails).toHaveLength(0);
    expect(other.logs.join("\n")).toContain("Willkommens-E-Mail übersprungen");
  });

  it("an older link does not sign up again someone who confirmed a newer one and then unsubscribed", async () => {
    const { call, resend, advance } = setup();
    await call(post(aSignup()));
    const older = confirmLink(resend.mails.at(-1)!.email);
    advance(20 * 60 * 1000);
    await call(post(aSignup({ source: "/abonnieren/" })));
    const newer = resend.mails.at(-1)!.email;
    await call(pressConfirm(confirmLink(newer)));
    resend.contacts.get("leserin@example.de")!.unsubscribed = true;
    expect((await call(pressConfirm(older))).headers.get("location")).toBe(`${SITE}/link-abgelaufen/`);
    expect(resend.contacts.get("leserin@example.de")!.unsubscribed).toBe(true);
  });

  it("accepts links signed with a key listed in SUBSCRIBE_SECRET_PREVIOUS after a rotation", async () => {
    const old = "old-secret-0123456789-abcdefghijklmnopq";
    const claim = { email: "leserin@example.de", page: "/", formVersion: CURRENT_CONSENT_VERSION, requestedAt: START };
    const link = `${SITE}/api/confirm?token=${await signToken(claim, old)}`;
    const unsubscribeLink = `${SITE}/api/unsubscribe?token=${await signUnsubscribeToken("leserin@example.de", old)}`;
    const without = setup();
    expect((await without.call(new Request(link))).headers.get("location")).toBe(`${SITE}/link-abgelaufen/`);
    expect((await without.call(new Request(unsubscribeLink))).status).toBe(400);
    const rotated = setup({ env: { SUBSCRIBE_SECRET_PREVIOUS: `x, ${old}` } });
    expect((await rotated.call(new Request(link))).status).toBe(200);
    expect((await rotated.call(new Request(unsubscribeLink))).status).toBe(200);
  });
});

describe("the welcome mail", () => {
  const withWelcome = () => subscribed({ assets: testSignupAssets() });
  const welcomes = (resend: MemoryResend) => resend.mails.filter(({ key }) => key.startsWith("welcome/"));

  it("goes out once after the confirmation, with its own signed unsubscribe link and RFC 8058 headers", async () => {
    const { call, resend, link } = await withWelcome();
    await call(pressConfirm(link));
    const [welcome] = welcomes(resend);
    expect(welcome?.email.subject).toBe(TEST_WELCOME.subject);
    const unsubscribe = welcome!.email.headers!["List-Unsubscribe"]!.slice(1, -1);
    expect(unsubscribe).toMatch(/^https:\/\/blog\.example\.de\/api\/unsubscribe\?token=u1\./);
    expect(welcome!.email.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(welcome!.email.html).toContain(`href="${unsubscribe}"`);
    expect(welcome!.email.text).toContain(unsubscribe);
    expect(welcome!.email.html).not.toContain("RESEND_UNSUBSCRIBE_URL");
    expect(resend.contacts.get("leserin@example.de")!.properties.welcome_sent_at).toBe(new Date(START).toISOString());
  });

  it("is never sent twice: not on a second click, nor after unsubscribing and signing up again", async () => {
    const { call, resend, link, advance } = await withWelcome();
    await call(pressConfirm(link));
    await call(pressConfirm(link));
    advance(60 * 60 * 1000);
    resend.contacts.get("leserin@example.de")!.unsubscribed = true;
    await call(post(aSignup()));
    await call(pressConfirm(confirmLink(resend.mails.at(-1)!.email)));
    expect(resend.contacts.get("leserin@example.de")!.unsubscribed).toBe(false);
    expect(welcomes(resend)).toHaveLength(1);
  });

  it("is sent on the next click when it failed the first time, and the subscription stands either way", async () => {
    const { call, resend, link, logs } = await withWelcome();
    resend.failures.sendEmail = { name: "internal_server_error", message: "boom", statusCode: 500 };
    expect((await call(pressConfirm(link))).headers.get("location")).toBe(`${SITE}/danke/`);
    expect(logs.join("\n")).toContain("Willkommens-E-Mail an l***@example.de nicht gesendet");
    delete resend.failures.sendEmail;
    await call(pressConfirm(link));
    expect(welcomes(resend)).toHaveLength(1);
  });

  it("sends nothing while another instance is sending it (Resend's concurrent idempotency answer)", async () => {
    const { call, resend, link, logs } = await withWelcome();
    resend.failures.sendEmail = { name: "concurrent_idempotent_requests", message: "in progress", statusCode: 409 };
    await call(pressConfirm(link));
    expect(welcomes(resend)).toHaveLength(0);
    expect(resend.contacts.get("leserin@example.de")!.properties.welcome_sent_at).toBeUndefined();
    expect(logs.join("\n")).toContain("geht gerade schon hinaus");
  });

  it("is not sent when the site has none", async () => {
    const { call, resend, link } = await subscribed();
    await call(pressConfirm(link));
    expect(welcomes(resend)).toHaveLength(0);
  });
});

describe("/api/unsubscribe (the welcome mail's link)", () => {
  async function welcomed() {
    const context = await subscribed({ assets: testSignupAssets() });
    await context.call(pressConfirm(context.link));
    const mail = context.resend.mails.find(({ key }) => key.startsWith("welcome/"))!.email;
    return { ...context, unsubscribeUrl: mail.headers!["List-Unsubscribe"]!.slice(1, -1) };
  }
  const contact = (resend: MemoryResend) => resend.contacts.get("leserin@example.de")!;

  it("opening the link only shows a page whose button unsubscribes", async () => {
    const { call, resend, unsubscribeUrl } = await welcomed();
    const response = await call(new Request(unsubscribeUrl));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain("Ja, abbestellen");
    expect(html).toContain("leserin@example.de");
    expect(contact(resend).unsubscribed).toBe(false);
    const token = new URL(unsubscribeUrl).searchParams.get("token")!;
    const pressed = await call(
      new Request(`${SITE}/api/unsubscribe`, {
        method: "POST",
        body: new URLSearchParams({ token }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain("Sie sind abgemeldet");
    expect(contact(resend).unsubscribed).toBe(true);
  });

  it.each([
    ["application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"],
    [
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    ],
  ])("unsubscribes on a mail client's one-click POST to the header's URL (%s)", async (type, body) => {
    const { call, resend, unsubscribeUrl, logs } = await welcomed();
    const response = await call(new Request(unsubscribeUrl, { method: "POST", body, headers: { "content-type": type } }));
    expect(response.status).toBe(200);
    expect(contact(resend).unsubscribed).toBe(true);
    expect(logs.at(-1)).toContain("mit einem Klick im E-Mail-Programm");
  });

  it("is not limited per IP (mail providers send one-click requests for many readers), and a repeat within the hour leaves Resend alone", async () => {
    const { call, resend, unsubscribeUrl } = await welcomed();
    const calls: string[] = [];
    const unsubscribeOf = resend.unsubscribe.bind(resend);
    resend.unsubscribe = async (email: string) => (calls.push(email), unsubscribeOf(email));
    for (let i = 0; i < 40; i += 1) {
      const response = await call(
        new Request(unsubscribeUrl, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
        "192.0.2.1",
      );
      expect(response.status).toBe(200);
    }
    expect(calls).toEqual(["leserin@example.de"]);
    expect(contact(resend).unsubscribed).toBe(true);
  });

  it("refuses a tampered token, and a confirmation token, with a German page", async () => {
    const { call, resend, unsubscribeUrl, link } = await welcomed();
    const token = new URL(unsubscribeUrl).searchParams.get("token")!;
    const other = btoa("andere@example.de").replace(/=+$/, "");
    const forged = [token.split(".")[0], other, token.split(".")[2]].join(".");
    const confirmToken = new URL(link).searchParams.get("token")!;
    for (const bad of [forged, confirmToken, ""]) {
      const response = await call(new Request(`${SITE}/api/unsubscribe?token=${encodeURIComponent(bad)}`));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Dieser Abmeldelink gilt nicht");
    }
    expect(contact(resend).unsubscribed).toBe(false);
  });
});

describe("an English site", () => {
  it("sends the confirmation mail and shows its pages in English", async () => {
    const { call, resend } = setup({ config: { lang: "en" } });
    const signup = aSignup({ form_version: CURRENT_CONSENT_VERSIONS.en });
    expect((await call(post(signup))).status).toBe(303);
    const mail = resend.mails[0]!.email;
    expect(mail.subject).toBe("Rundbrief: please confirm your subscription");
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.text).toContain("Please open this link and confirm your subscription there:");
    const page = await (await call(new Request(confirmLink(mail)))).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Yes, subscribe to the newsletter");
    const invalid = await (await call(post(aSignup({ consent: "" })))).text();
    expect(invalid).toContain('<html lang="en">');
    expect(invalid).toContain("Please tick the box");
    expect(invalid).not.toMatch(/Bitte|Sie /);
  });
});

describe("confirmFormAction", () => {
  const pages = (site: string) => ({ thanks: `${site}/danke/` });
  it("allows the confirm URL and the site the answer redirects to", () => {
    expect(confirmFormAction({ confirmUrl: `${SITE}/api/confirm`, pages: pages(SITE) })).toBe(SITE);
    expect(
      confirmFormAction({
        confirmUrl: "https://anmeldung.example.de/api/confirm",
        pages: pages("https://user.github.io/blog"),
      }),
    ).toBe("https://anmeldung.example.de https://user.github.io");
  });
});

describe("readLimitedText", () => {
  it.each([
    ["a small body", "a=1", 10, "a=1"],
    ["a body of exactly the limit", "x".repeat(10), 10, "x".repeat(10)],
    ["one byte too many", "x".repeat(11), 10, null],
    ["umlauts counted as bytes", "ä".repeat(6), 10, null],
  ])("%s", async (_label, body, limit, expected) => {
    const request = new Request("https://x.example/", {
      method: "POST",
      body: new Blob([body]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(await readLimitedText(request, limit)).toBe(expected);
  });
});
