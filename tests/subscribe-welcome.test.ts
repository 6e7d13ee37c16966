/**
 * The welcome mail against the fake Resend over HTTP (`rundbrief subscribe-serve`):
 * exactly one per contact under double clicks, a Resend 500, a lost answer and two
 * function instances confirming at the same moment; its unsubscribe link and its
 * List-Unsubscribe header both unsubscribe the contact.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSubscribeServer, type SubscribeServer } from "../scripts/commands/subscribe-serve.ts";
import { createSubscriptionHandler } from "../src/lib/subscribe/handler.ts";
import { loadConfig } from "../scripts/lib/load-config.ts";
import { DEFAULT_LIMITS } from "../src/lib/subscribe/limits.ts";
import { createResendPort } from "../src/lib/subscribe/resend-port.ts";
import { CURRENT_CONSENT_VERSION } from "../src/lib/subscribe/consent.ts";
import { PROJECT_ROOT } from "./support/build-site.ts";
import { TEST_WELCOME, testSignupAssets } from "./support/signup-assets.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend } from "./fake-resend/server.ts";

const config = await loadConfig(PROJECT_ROOT);
let fake: FakeResend;
let first: SubscribeServer;
let second: SubscribeServer;
const env: Record<string, string | undefined> = {};
const logs: string[] = [];

/** One signup function instance, with its own memory, as a second Pages isolate would have. */
const instance = () =>
  startSubscribeServer({
    config,
    port: 0,
    env,
    staticDir: null,
    handler: createSubscriptionHandler(config, {
      log: (line) => logs.push(line),
      limits: { ...DEFAULT_LIMITS, subscribePerIp: { limit: 1000, windowMs: 600_000 } },
      loadAssets: async () => testSignupAssets(),
      // Resend's pacing has its own tests (subscribe.test.ts); here the fake's rate limit is off.
      createPort: ({ apiKey, resendBaseUrl }) => createResendPort({ apiKey, baseUrl: resendBaseUrl, minIntervalMs: 0 }),
    }),
  });

beforeAll(async () => {
  fake = await startFakeResend({ rateLimit: null });
  Object.assign(env, {
    SUBSCRIBE_SECRET: "welcome-secret-0123456789-abcdefghijklm",
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    RESEND_SEGMENT_ID: SEGMENT_ID,
    NEWSLETTER_FROM: "Rundbrief <brief@example.de>",
  });
  first = await instance();
  second = await instance();
  // Both instances serve the same site; links in mails point at the first.
  env.SITE_URL = first.url;
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  await fake?.stop();
});

beforeEach(() => {
  fake.clearFaults();
  logs.length = 0;
});

const welcomesTo = (address: string) => fake.emailsTo(address).filter((mail) => mail.subject === TEST_WELCOME.subject);

/** Signs up and returns the token of the confirmation link the fake received. */
async function signUp(address: string): Promise<string> {
  const form = new URLSearchParams({
    email: address,
    consent: "ja",
    website: "",
    source: "/abonnieren/",
    form_version: CURRENT_CONSENT_VERSION,
  });
  const response = await fetch(`${first.url}/api/subscribe`, { method: "POST", body: form, redirect: "manual" });
  expect(response.status).toBe(303);
  const link = /https?:\/\/\S+\/api\/confirm\?token=[A-Za-z0-9._-]+/.exec(fake.emailsTo(address).at(-1)?.text ?? "")?.[0];
  return new URL(link!).searchParams.get("token")!;
}

/** The confirmation page's button, pressed on one instance. */
const press = (server: SubscribeServer, token: string) =>
  fetch(`${server.url}/api/confirm`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });

const contactOf = (address: string) => fake.contacts().find((contact) => contact.email === address);

describe("the welcome mail", () => {
  it("arrives once after confirming, with the consent record and welcome_sent_at on the contact", async () => {
    const address = "neu@example.de";
    expect((await press(first, await signUp(address))).headers.get("location")).toBe(`${first.url}/danke/`);
    const [welcome, ...more] = welcomesTo(address);
    expect(more).toHaveLength(0);
    expect(welcome!.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(welcome!.headers!["List-Unsubscribe"]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/unsubscribe\?token=u1\.[^>]+>$/);
    expect(welcome!.idempotencyKey).toMatch(/^welcome\/[0-9a-f]{32}$/);
    expect(contactOf(address)!.properties).toMatchObject({
      consent_form_version: CURRENT_CONSENT_VERSION,
      welcome_sent_at: expect.any(String),
    });
  });

  it("a double click sends no second one", async () => {
    const address = "doppelt@example.de";
    const token = await signUp(address);
    await press(first, token);
    expect((await press(first, token)).headers.get("location")).toBe(`${first.url}/link-abgelaufen/`);
    expect(welcomesTo(address)).toHaveLength(1);
  });

  it("after a Resend 500 the subscription stands, and the next click sends it once", async () => {
    const address = "fehler@example.de";
    const token = await signUp(address);
    // The contact write goes through; the welcome mail's POST /emails fails (retries included).
    fake.fault({ route: "POST /emails", kind: "status", status: 500, times: 3 });
    expect((await press(first, token)).headers.get("location")).toBe(`${first.url}/danke/`);
    expect(welcomesTo(address)).toHaveLength(0);
    expect(contactOf(address)!.unsubscribed).toBe(false);
    expect(logs.join("\n")).toContain("Willkommens-E-Mail an f***@example.de nicht gesendet");
    fake.clearFaults();
    await press(first, token);
    await press(first, token);
    expect(welcomesTo(address)).toHaveLength(1);
  });

  it("a lost answer is retried with the same Idempotency-Key: one mail", async () => {
    const address = "verloren@example.de";
    const token = await signUp(address);
    fake.fault({ route: "POST /emails", kind: "drop", effect: "after" });
    await press(first, token);
    expect(welcomesTo(address)).toHaveLength(1);
    expect(contactOf(address)!.properties.welcome_sent_at).toBeDefined();
  });

  it("a double click landing on two instances while the first is still sending sends one", async () => {
    const address = "zugleich@example.de";
    const token = await signUp(address);
    // Resend takes its time with the first welcome send, so the second arrives while it is in progress.
    fake.fault({ route: "POST /emails", kind: "delay", delayMs: 3000 });
    const firstClick = press(first, token);
    // The second click reaches the other instance once the first has saved the contact.
    while (!contactOf(address)?.properties.consent_at) await new Promise((done) => setTimeout(done, 20));
    const secondClick = press(second, token);
    const answers = await Promise.all([firstClick, secondClick]);
    expect(answers.map((answer) => answer.headers.get("location"))).toEqual([
      `${first.url}/danke/`,
      `${first.url}/link-abgelaufen/`,
    ]);
    expect(welcomesTo(address)).toHaveLength(1);
    expect(logs.join("\n")).toContain("geht gerade schon hinaus; keine zweite");
    expect(contactOf(address)!.properties.welcome_sent_at).toBeDefined();
  });

  it("its link and its one-click header both unsubscribe the contact", async () => {
    for (const [address, how] of [
      ["link@example.de", "link"],
      ["kopfzeile@example.de", "header"],
    ] as const) {
      await press(first, await signUp(address));
      const url = welcomesTo(address)[0]!.headers!["List-Unsubscribe"]!.slice(1, -1);
      expect(welcomesTo(address)[0]!.html).toContain(`href="${url}"`);
      const response =
        how === "link"
          ? // The page first (nothing changes), then its button.
            await fetch(url).then(async (page) => {
              expect(await page.text()).toContain("Ja, abbestellen");
              expect(contactOf(address)!.unsubscribed).toBe(false);
              return fetch(url.split("?")[0]!, {
                method: "POST",
                body: new URLSearchParams({ token: new URL(url).searchParams.get("token")! }),
              });
            })
          : await fetch(url, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Sie sind abgemeldet");
      expect(contactOf(address)!.unsubscribed).toBe(true);
    }
  });
});
