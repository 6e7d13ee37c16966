/**
 * The Cloudflare Pages Function (functions/api/[[route]].ts), compiled the way Wrangler
 * compiles a functions/ folder and run in workerd (miniflare) against the fake Resend:
 * the double opt-in with and without the limiter's Durable Object, and rate limits that
 * hold across two function instances only when it is bound.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CURRENT_CONSENT_VERSION } from "../src/lib/subscribe/consent.ts";
import { DEFAULT_LIMITS } from "../src/lib/subscribe/limits.ts";
import { SIGNUP_ASSETS_FILE } from "../src/lib/subscribe/assets.ts";
import { TEST_WELCOME, testSignupAssets } from "./support/signup-assets.ts";
import { PROJECT_ROOT } from "./support/build-site.ts";
import {
  NODE_BUILTIN_IMPORT,
  compilePagesWorker,
  startPagesRuntime,
  type LimiterSetup,
  type PagesRuntime,
} from "./support/pages-function.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend } from "./fake-resend/server.ts";

const SITE = "https://rundbrief.example.de";
const FORM = "application/x-www-form-urlencoded";
const PER_INSTANCE = "Die Anmeldelimits gelten pro Instanz";
let fake: FakeResend;
let script: string;
let assetsDir: string;
const runtimes: PagesRuntime[] = [];

beforeAll(async () => {
  // Off: these tests send more mails per second than Resend's default rate limit allows.
  fake = await startFakeResend({ rateLimit: null });
  const compiled = await compilePagesWorker(PROJECT_ROOT);
  expect(compiled.errors).toEqual([]);
  script = compiled.text;
  assetsDir = mkdtempSync(join(tmpdir(), "rundbrief-cf-assets-"));
  mkdirSync(join(assetsDir, "abonnieren"));
  writeFileSync(join(assetsDir, "abonnieren/index.html"), "<h1>Newsletter abonnieren</h1>");
  // What the build puts beside the pages: the consent texts and the welcome mail, read through ASSETS.
  writeFileSync(join(assetsDir, SIGNUP_ASSETS_FILE), JSON.stringify(testSignupAssets()));
});

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()));
});

afterAll(async () => {
  await fake?.stop();
});

/** Boots the demo's function in workerd with the project's vars (overridable) and the given limiter setup. */
async function boot(options: { limiter?: LimiterSetup; instances?: number; vars?: Record<string, string> } = {}) {
  const runtime = await startPagesRuntime({
    script,
    assetsDir,
    limiter: options.limiter,
    instances: options.instances,
    vars: {
      SUBSCRIBE_SECRET: "cloudflare-secret-0123456789-abcdefghijk",
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      RESEND_SEGMENT_ID: SEGMENT_ID,
      SITE_URL: SITE,
      NEWSLETTER_FROM: "Rundbrief <brief@example.de>",
      ...options.vars,
    },
  });
  runtimes.push(runtime);
  return runtime;
}

function signup(runtime: PagesRuntime, email: string, { ip = "203.0.113.9", instance = 0 } = {}) {
  const form = new URLSearchParams({
    email,
    consent: "ja",
    website: "",
    source: "/abonnieren/",
    form_version: CURRENT_CONSENT_VERSION,
  });
  return runtime.fetch(`${SITE}/api/subscribe`, {
    method: "POST",
    body: form.toString(),
    headers: { "content-type": FORM, "cf-connecting-ip": ip },
    instance,
  });
}

function linkFor(email: string): string | undefined {
  return /https:\/\/\S+\/api\/confirm\?token=[A-Za-z0-9._-]+/.exec(fake.emailsTo(email).at(-1)?.text ?? "")?.[0];
}

describe("the Cloudflare Pages function in workerd", () => {
  it("compiles like Wrangler, without Node built-ins", () => {
    expect(script).not.toMatch(NODE_BUILTIN_IMPORT);
  });

  describe.each([
    ["with the limiter's Durable Object bound", "durable-object"],
    ["without a limiter binding", "none"],
  ] as const)("%s", (_label, limiter) => {
    it("runs the double opt-in: signup, mail at Resend, confirmation page, confirm, subscribed contact with consent", async () => {
      const runtime = await boot({ limiter });
      const email = `wolke-${limiter}@example.de`;

      const subscribed = await signup(runtime, email);
      expect([subscribed.status, subscribed.headers.get("location")]).toEqual([303, `${SITE}/bestaetigen/`]);
      const link = linkFor(email);
      expect(link).toMatch(/^https:\/\/rundbrief\.example\.de\/api\/confirm\?token=/);

      const opened = await runtime.fetch(link!);
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain(email);
      expect(fake.contacts().find((c) => c.email === email)).toBeUndefined();

      const confirmed = await runtime.fetch(`${SITE}/api/confirm`, {
        method: "POST",
        body: new URLSearchParams({ token: new URL(link!).searchParams.get("token")! }).toString(),
        headers: { "content-type": FORM, "cf-connecting-ip": "203.0.113.9" },
      });
      expect([confirmed.status, confirmed.headers.get("location")]).toEqual([303, `${SITE}/danke/`]);
      const contact = fake.contacts().find((c) => c.email === email);
      expect(contact?.unsubscribed).toBe(false);
      expect(contact?.segmentIds.has(SEGMENT_ID)).toBe(true);
      expect(contact?.properties).toMatchObject({ consent_page: "/abonnieren/", consent_form_version: CURRENT_CONSENT_VERSION });

      // The welcome mail, once, and a mail client's one-click unsubscribe from its header.
      const welcomes = fake.emailsTo(email).filter((mail) => mail.subject === TEST_WELCOME.subject);
      expect(welcomes).toHaveLength(1);
      expect(contact?.properties.welcome_sent_at).toBeDefined();
      const unsubscribeUrl = welcomes[0]!.headers?.["List-Unsubscribe"]?.slice(1, -1);
      expect(unsubscribeUrl).toMatch(/^https:\/\/rundbrief\.example\.de\/api\/unsubscribe\?token=u1\./);
      const page = await runtime.fetch(unsubscribeUrl!);
      expect(await page.text()).toContain("Ja, abbestellen");
      expect(fake.contacts().find((c) => c.email === email)?.unsubscribed).toBe(false);
      const oneClick = await runtime.fetch(unsubscribeUrl!, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "content-type": FORM },
      });
      expect(oneClick.status).toBe(200);
      expect(fake.contacts().find((c) => c.email === email)?.unsubscribed).toBe(true);

      const logs = runtime.logs().join("\n");
      expect(logs.includes(PER_INSTANCE)).toBe(limiter === "none");
      expect(logs).not.toContain(email);
    });

    it("serves the static site from ASSETS and answers wrong methods under /api/ with 405", async () => {
      const runtime = await boot({ limiter });
      const page = await runtime.fetch(`${SITE}/abonnieren/`);
      expect([page.status, await page.text()]).toEqual([200, "<h1>Newsletter abonnieren</h1>"]);
      const wrong = await runtime.fetch(`${SITE}/api/subscribe`);
      expect([wrong.status, wrong.headers.get("allow")]).toEqual([405, "POST"]);
    });
  });
});

describe("rate limits across two instances of the function", () => {
  const perIp = DEFAULT_LIMITS.subscribePerIp.limit;
  const perAddress = DEFAULT_LIMITS.subscribePerAddress.limit;

  /** `count` signups from one IP, each with another address, alternating between the two instances. */
  async function flood(runtime: PagesRuntime, prefix: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++)
      statuses.push((await signup(runtime, `${prefix}-${i}@example.de`, { ip: "198.51.100.23", instance: i % 2 })).status);
    return statuses;
  }

  it("with the Durable Object, many addresses from one IP hit one shared limit", async () => {
    const runtime = await boot({ limiter: "durable-object", instances: 2 });
    const statuses = await flood(runtime, "geteilt", 2 * perIp + 2);
    expect(statuses.filter((status) => status === 303)).toHaveLength(perIp);
    expect(statuses.slice(perIp).every((status) => status === 429)).toBe(true);
  });

  it("with the Durable Object, one address from many IPs gets its confirmation mails counted once for all instances", async () => {
    const runtime = await boot({ limiter: "durable-object", instances: 2 });
    fake.resetCalls();
    for (let i = 0; i < 2 * perAddress + 2; i++) {
      const response = await signup(runtime, "viele-ips@example.de", { ip: `192.0.2.${i + 1}`, instance: i % 2 });
      expect(response.status).toBe(303);
    }
    // Beyond the limit the function pretends success and does not even ask Resend.
    expect(fake.calls("POST /emails")).toBe(perAddress);
  });

  it("without the binding, each instance counts alone", async () => {
    const runtime = await boot({ limiter: "none", instances: 2 });
    const statuses = await flood(runtime, "allein", 2 * perIp + 2);
    expect(statuses.filter((status) => status === 303)).toHaveLength(2 * perIp);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(runtime.logs().filter((line) => line.includes(PER_INSTANCE))).toHaveLength(2);
  });

  it("when the Durable Object fails, signups go on with per-instance limits and the log says so once", async () => {
    const runtime = await boot({ limiter: "broken" });
    const statuses: number[] = [];
    for (let i = 0; i < perIp + 2; i++)
      statuses.push((await signup(runtime, `kaputt-${i}@example.de`, { ip: "198.51.100.99" })).status);
    expect(statuses).toEqual([...Array<number>(perIp).fill(303), 429, 429]);
    const logs = runtime.logs();
    expect(logs.filter((line) => line.includes("nicht erreichbar"))).toHaveLength(1);
    expect(logs.join("\n")).not.toMatch(/kaputt-\d+@example\.de|198\.51\.100\.99/);
  });
});
