/**
 * The double opt-in end to end over HTTP: the Node adapter (`rundbrief subscribe-serve`)
 * against the fake Resend server, exactly as a reader's browser and mail client would
 * use it. Resend's rate limit stays on; the port paces itself under it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as cheerio from "cheerio";
import { Resend } from "resend";
import { startSubscribeServer, type SubscribeServer } from "../scripts/commands/subscribe-serve.ts";
import { createSubscriptionHandler } from "../src/lib/subscribe/handler.ts";
import { loadConfig } from "../scripts/lib/load-config.ts";
import { PROJECT_ROOT } from "./support/build-site.ts";
import { DEFAULT_LIMITS } from "../src/lib/subscribe/limits.ts";
import { CURRENT_CONSENT_VERSION } from "../src/lib/subscribe/consent.ts";
import { signToken } from "../src/lib/subscribe/token.ts";
import { testSignupAssets } from "./support/signup-assets.ts";
import { SEGMENT_ID, startFakeResend, type FakeEmail, type FakeResend } from "./fake-resend/server.ts";

/** The demo blog's configuration, which the built site under test uses too. */
const config = await loadConfig(PROJECT_ROOT);

const SECRET = "integration-secret-0123456789-abcdefghijkl";

let fake: FakeResend;
let server: SubscribeServer;
let logs: string[];
const env: Record<string, string | undefined> = {};

beforeAll(async () => {
  fake = await startFakeResend();
  logs = [];
  Object.assign(env, {
    SUBSCRIBE_SECRET: SECRET,
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    RESEND_SEGMENT_ID: SEGMENT_ID,
    NEWSLETTER_FROM: "Rundbrief <brief@example.de>",
  });
  server = await startSubscribeServer({
    config,
    port: 0,
    env,
    staticDir: null,
    // Every request comes from 127.0.0.1; the per-IP limits have their own unit tests.
    handler: createSubscriptionHandler(config, {
      log: (line) => logs.push(line),
      limits: { ...DEFAULT_LIMITS, subscribePerIp: { limit: 1000, windowMs: 600_000 } },
      // The welcome mail has its own tests (subscribe-welcome.test.ts); here only the double opt-in.
      loadAssets: async () => testSignupAssets({ welcome: null }),
    }),
  });
  env.SITE_URL = server.url;
});

afterAll(async () => {
  await server?.close();
  await fake?.stop();
});

beforeEach(() => {
  logs.length = 0;
});

const aForm = (fields: Record<string, string> = {}) =>
  new URLSearchParams({
    email: "leserin@example.de",
    consent: "ja",
    website: "",
    source: "/artikel/erster-test/",
    form_version: CURRENT_CONSENT_VERSION,
    ...fields,
  });

function subscribe(form: URLSearchParams): Promise<Response> {
  return fetch(`${server.url}/api/subscribe`, { method: "POST", body: form, redirect: "manual" });
}

function follow(link: string): Promise<Response> {
  return fetch(link, { redirect: "manual" });
}

/**
 * What a reader does with the link: opens it, then presses the button on the page it
 * shows (the page's own form, read from its HTML). Returns the page when it is not 200.
 */
async function confirmVia(link: string): Promise<Response> {
  const opened = await follow(link);
  if (opened.status !== 200) return opened;
  const $ = cheerio.load(await opened.text());
  const form = $("form[method=post]");
  expect(form.find("button[type=submit]").text()).toBe("Ja, Newsletter abonnieren");
  const fields = new URLSearchParams();
  form.find("input[type=hidden]").each((_, input) => void fields.append($(input).attr("name")!, $(input).attr("value") ?? ""));
  return fetch(form.attr("action")!, { method: "POST", body: fields, redirect: "manual" });
}

function confirmLinkIn(mail: FakeEmail): string {
  const match = /https?:\/\/\S+\/api\/confirm\?token=[A-Za-z0-9._-]+/.exec(mail.text ?? "");
  if (!match) throw new Error(`Kein Bestätigungslink im Text der E-Mail:\n${mail.text}`);
  return match[0];
}

/** Reads through the public API like any Resend client, waiting out the fake's rate limit. */
async function viaApi<T>(
  read: (resend: Resend) => Promise<{ data: T | null; error: { statusCode: number | null } | null }>,
): Promise<T> {
  const resend = new Resend(fake.apiKey, { baseUrl: fake.url });
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const { data, error } = await read(resend);
    if (data) return data;
    if (error?.statusCode !== 429) throw new Error(`Resend-API: ${JSON.stringify(error)}`);
    await new Promise((done) => setTimeout(done, 600));
  }
  throw new Error("Resend-API: dauerhaft 429.");
}

describe("double opt-in against the fake Resend", () => {
  it("subscribe → confirmation mail → link → contact subscribed, in the segment, consent recorded; a replay fails", async () => {
    const address = "leserin@example.de";
    const response = await subscribe(aForm({ email: "Leserin@Example.de" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${server.url}/bestaetigen/`);

    const mails = fake.emailsTo(address);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.from).toBe("Rundbrief <brief@example.de>");
    expect(mail.subject).toBe("Rundbrief: Bitte bestätigen Sie Ihre Anmeldung");
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain("Anmeldung bestätigen");
    expect(mail.text).toContain("Der Link ist 48 Stunden gültig.");
    expect(mail.idempotencyKey).toMatch(/^subscribe-confirm\/\d{4}-\d{2}-\d{2}\/[0-9a-f]{32}$/);
    expect(mail.idempotencyKey).not.toContain(address);
    expect(fake.contacts()).toHaveLength(0);

    const link = confirmLinkIn(mail);
    expect(link.startsWith(`${server.url}/api/confirm?token=`)).toBe(true);
    const opened = await follow(link);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain("an leserin@example.de erhalten?");
    expect(fake.contacts()).toHaveLength(0);
    const before = Date.now();
    const confirmed = await confirmVia(link);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(`${server.url}/danke/`);

    const contact = await viaApi((resend) => resend.contacts.get({ email: address }));
    expect(contact.unsubscribed).toBe(false);
    // Resend shows property values as { type, value }.
    const properties = Object.fromEntries(Object.entries(contact.properties).map(([key, p]) => [key, String(p.value)]));
    expect(contact.properties.consent_page).toEqual({ type: "string", value: "/artikel/erster-test/" });
    expect(properties).toMatchObject({ consent_form_version: CURRENT_CONSENT_VERSION, consent_page: "/artikel/erster-test/" });
    expect(Date.parse(properties.consent_at!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(properties.consent_requested_at!)).toBeLessThanOrEqual(Date.parse(properties.consent_at!));
    expect(
      fake
        .contactProperties()
        .map((p) => p.key)
        .sort(),
    ).toEqual(["consent_at", "consent_form_version", "consent_page", "consent_requested_at", "welcome_sent_at"]);
    const members = await viaApi((resend) => resend.contacts.list({ segmentId: SEGMENT_ID }));
    expect(members.data.map((member) => member.email)).toContain(address);

    const replay = await confirmVia(link);
    expect(replay.headers.get("location")).toBe(`${server.url}/link-abgelaufen/`);
    const after = await viaApi((resend) => resend.contacts.get({ email: address }));
    expect(after.properties.consent_at?.value).toBe(properties.consent_at);
    expect(logs.join("\n")).not.toContain(address);
  });

  it.each([
    ["a tampered signature", async (link: string) => link.slice(0, -3) + (link.endsWith("AAA") ? "BBB" : "AAA")],
    ["a tampered payload", async (link: string) => link.replace("token=v1.", "token=v1.A")],
    [
      "a token signed with another secret",
      async () =>
        `${server.url}/api/confirm?token=${await signToken(
          { email: "angreifer@example.de", page: "/", formVersion: CURRENT_CONSENT_VERSION, requestedAt: Date.now() },
          "not-the-server-secret-0123456789-abcdefgh",
        )}`,
    ],
    [
      "an expired token",
      async () =>
        `${server.url}/api/confirm?token=${await signToken(
          { email: "spaet@example.de", page: "/", formVersion: CURRENT_CONSENT_VERSION, requestedAt: Date.now() - 49 * 3600_000 },
          SECRET,
        )}`,
    ],
  ])("refuses %s and creates no contact", async (_label, forge) => {
    const address = `forge-${Math.random().toString(36).slice(2)}@example.de`;
    await subscribe(aForm({ email: address }));
    const link = confirmLinkIn(fake.emailsTo(address)[0]!);
    const contactsBefore = fake.contacts().length;
    const response = await follow(await forge(link));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${server.url}/link-abgelaufen/`);
    expect(fake.contacts()).toHaveLength(contactsBefore);
  });

  it("re-subscribes a contact who had unsubscribed and puts them back in the segment", async () => {
    fake.addContact("zurueck@example.de", { unsubscribed: true });
    await subscribe(aForm({ email: "zurueck@example.de", source: "/abonnieren/" }));
    const confirmed = await confirmVia(confirmLinkIn(fake.emailsTo("zurueck@example.de")[0]!));
    expect(confirmed.headers.get("location")).toBe(`${server.url}/danke/`);
    const contact = fake.contacts().find((c) => c.email === "zurueck@example.de")!;
    expect(contact.unsubscribed).toBe(false);
    expect(contact.segmentIds.has(SEGMENT_ID)).toBe(true);
    expect(contact.properties.consent_page).toBe("/abonnieren/");
  });

  it("sends one confirmation mail per address and day, and answers every attempt alike", async () => {
    const first = await subscribe(aForm({ email: "doppelt@example.de" }));
    const second = await subscribe(aForm({ email: "doppelt@example.de", source: "/abonnieren/" }));
    expect([first.status, first.headers.get("location")]).toEqual([second.status, second.headers.get("location")]);
    expect(fake.emailsTo("doppelt@example.de")).toHaveLength(1);
  });

  it("pretends success for a filled honeypot and sends nothing", async () => {
    const mailsBefore = fake.emails().length;
    const response = await subscribe(aForm({ email: "bot@example.de", website: "https://spam.example" }));
    expect(response.headers.get("location")).toBe(`${server.url}/bestaetigen/`);
    expect(fake.emails()).toHaveLength(mailsBefore);
  });

  it("retries the send after a Resend 500, and the Idempotency-Key keeps it to one mail", async () => {
    fake.fault({ route: "POST /emails", kind: "status", status: 500, effect: "after" });
    const response = await subscribe(aForm({ email: "wackelig@example.de" }));
    expect(response.headers.get("location")).toBe(`${server.url}/bestaetigen/`);
    expect(fake.emailsTo("wackelig@example.de")).toHaveLength(1);
  });

  it("waits out a short 429 from Resend and still confirms", async () => {
    await subscribe(aForm({ email: "geduldig@example.de" }));
    fake.fault({ route: "POST /contacts", kind: "status", status: 429, retryAfterSeconds: 1 });
    const confirmed = await confirmVia(confirmLinkIn(fake.emailsTo("geduldig@example.de")[0]!));
    expect(confirmed.headers.get("location")).toBe(`${server.url}/danke/`);
    expect(fake.contacts().filter((c) => c.email === "geduldig@example.de")).toHaveLength(1);
  });

  it("does not hold a web request for a long 429: a German 502 at once, and no mail", async () => {
    fake.fault({ route: "POST /emails", kind: "status", status: 429, retryAfterSeconds: 60 });
    const started = Date.now();
    const response = await subscribe(aForm({ email: "eilig@example.de" }));
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("Bestätigungs-E-Mail gerade nicht verschicken");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fake.emailsTo("eilig@example.de")).toHaveLength(0);
  });

  it("never repeats a contact create whose answer was lost; the next try finds the contact", async () => {
    await subscribe(aForm({ email: "verloren@example.de" }));
    const link = confirmLinkIn(fake.emailsTo("verloren@example.de")[0]!);
    fake.fault({ route: "POST /contacts", kind: "drop", effect: "after" });
    const lost = await confirmVia(link);
    expect(lost.status).toBe(502);
    expect(await lost.text()).toContain("Anmeldung gerade nicht abschließen");
    expect(fake.contacts().filter((c) => c.email === "verloren@example.de")).toHaveLength(1);
    const again = await confirmVia(link);
    expect(again.headers.get("location")).toBe(`${server.url}/link-abgelaufen/`);
    expect(fake.contacts().filter((c) => c.email === "verloren@example.de")).toHaveLength(1);
  });

  it("answers other methods with 405 and Allow", async () => {
    const response = await fetch(`${server.url}/api/confirm`, { method: "PUT", body: "x" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});

describe("without configuration", () => {
  it.each(["SUBSCRIBE_SECRET", "RESEND_API_KEY"])("without %s: a German 500 page and a log line naming it", async (missing) => {
    const lines: string[] = [];
    const bare = await startSubscribeServer({
      config,
      port: 0,
      staticDir: null,
      env: { ...env, [missing]: undefined },
      handler: createSubscriptionHandler(config, {
        log: (line) => lines.push(line),
        loadAssets: async () => testSignupAssets({ welcome: null }),
      }),
    });
    try {
      const response = await fetch(`${bare.url}/api/subscribe`, { method: "POST", body: aForm(), redirect: "manual" });
      expect(response.status).toBe(500);
      expect(await response.text()).toContain("Die Anmeldung ist gerade nicht verfügbar");
      expect(lines.join("\n")).toContain(missing);
      expect(lines.join("\n")).not.toContain(fake.apiKey);
      expect(lines.join("\n")).not.toContain(SECRET);
    } finally {
      await bare.close();
    }
  });
});

describe("addresses and Resend's contact URLs", () => {
  it.each(["o'brien+news@example.org", "a&b@example.org"])(
    "subscribes %s: characters that are safe in Resend's contact URLs go through unchanged",
    async (address) => {
      const contactsBefore = fake.contacts().length;
      expect((await subscribe(aForm({ email: address }))).status).toBe(303);
      const mails = fake.emailsTo(address);
      expect(mails).toHaveLength(1);
      expect((await confirmVia(confirmLinkIn(mails[0]!))).headers.get("location")).toBe(`${server.url}/danke/`);
      const contact = fake.contacts().find((c) => c.email === address);
      expect([...(contact?.segmentIds ?? [])]).toContain(SEGMENT_ID);
      // Exactly this contact: the address did not reach another contact's URL.
      expect(fake.contacts()).toHaveLength(contactsBefore + 1);
    },
  );

  it.each(["leser/news@example.org", "alice%40example.de?@example.org", "raute#1@example.org"])(
    "refuses %s with a German page before anything reaches Resend",
    async (address) => {
      const before = fake.requests.length;
      const response = await subscribe(aForm({ email: address }));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(
        "Adressen mit den Zeichen / ? # oder % vor dem @ können wir leider nicht eintragen.",
      );
      expect(fake.requests.length).toBe(before);
    },
  );
});
