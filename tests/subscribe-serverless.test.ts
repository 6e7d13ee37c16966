/**
 * The Cloudflare Pages Function (functions/api/[[route]].ts) bundled the way Wrangler
 * bundles it (esbuild, workerd conditions, no Node built-ins), then run against the fake
 * Resend: proof that the serverless target uses the same handler unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CURRENT_CONSENT_VERSION } from "../src/lib/subscribe/consent.ts";
import { TEST_WELCOME, testSignupAssets } from "./support/signup-assets.ts";
import { PROJECT_ROOT } from "./support/build-site.ts";
import { NODE_BUILTIN_IMPORT, bundlePagesFunction, type OnRequest } from "./support/pages-function.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend } from "./fake-resend/server.ts";

const SITE = "https://rundbrief.example.de";
let fake: FakeResend;
let bundleText: string;
let onRequest: OnRequest;

beforeAll(async () => {
  fake = await startFakeResend();
  const bundle = await bundlePagesFunction(
    join(PROJECT_ROOT, "functions/api/[[route]].ts"),
    PROJECT_ROOT,
    mkdtempSync(join(tmpdir(), "rundbrief-cf-")),
  );
  expect(bundle.errors).toEqual([]);
  ({ text: bundleText, onRequest } = bundle);
});

afterAll(async () => {
  await fake?.stop();
});

const env = () => ({
  SUBSCRIBE_SECRET: "cloudflare-secret-0123456789-abcdefghijk",
  RESEND_API_KEY: fake.apiKey,
  RESEND_BASE_URL: fake.url,
  RESEND_SEGMENT_ID: SEGMENT_ID,
  SITE_URL: SITE,
  // Pages' binding to the deployment's static files: the function reads anmeldung.json through it.
  ASSETS: {
    fetch: async (request: Request) => {
      assetRequests.push(new URL(request.url).pathname);
      return Response.json(testSignupAssets());
    },
  },
});
const assetRequests: string[] = [];

describe("Cloudflare Pages Function", () => {
  it("bundles without Node built-ins", () => {
    expect(bundleText).not.toMatch(NODE_BUILTIN_IMPORT);
  });

  it("runs the whole double opt-in through the bundled function", async () => {
    const form = new URLSearchParams({
      email: "wolke@example.de",
      consent: "ja",
      website: "",
      source: "/abonnieren/",
      form_version: CURRENT_CONSENT_VERSION,
    });
    const subscribed = await onRequest({
      request: new Request(`${SITE}/api/subscribe`, {
        method: "POST",
        body: form.toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "203.0.113.9" },
      }),
      env: env(),
    });
    expect([subscribed.status, subscribed.headers.get("location")]).toEqual([303, `${SITE}/bestaetigen/`]);

    const link = /https:\/\/\S+\/api\/confirm\?token=[A-Za-z0-9._-]+/.exec(fake.emailsTo("wolke@example.de")[0]?.text ?? "")?.[0];
    expect(link).toMatch(/^https:\/\/rundbrief\.example\.de\/api\/confirm\?token=/);
    const opened = await onRequest({ request: new Request(link!), env: env() });
    expect(opened.status).toBe(200);
    expect(fake.contacts().find((c) => c.email === "wolke@example.de")).toBeUndefined();
    const confirmed = await onRequest({
      request: new Request(`${SITE}/api/confirm`, {
        method: "POST",
        body: new URLSearchParams({ token: new URL(link!).searchParams.get("token")! }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      env: env(),
    });
    expect([confirmed.status, confirmed.headers.get("location")]).toEqual([303, `${SITE}/danke/`]);

    const contact = fake.contacts().find((c) => c.email === "wolke@example.de");
    expect(contact?.unsubscribed).toBe(false);
    expect(contact?.segmentIds.has(SEGMENT_ID)).toBe(true);
    expect(contact?.properties).toMatchObject({ consent_page: "/abonnieren/", consent_form_version: CURRENT_CONSENT_VERSION });
    expect(assetRequests).toContain("/anmeldung.json");

    // The welcome mail, then a mail client's one-click unsubscribe from its header.
    const welcome = fake.emailsTo("wolke@example.de").find((mail) => mail.subject === TEST_WELCOME.subject);
    const unsubscribeUrl = welcome?.headers?.["List-Unsubscribe"]?.slice(1, -1);
    expect(unsubscribeUrl).toMatch(/^https:\/\/rundbrief\.example\.de\/api\/unsubscribe\?token=u1\./);
    const unsubscribed = await onRequest({
      request: new Request(unsubscribeUrl!, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      env: env(),
    });
    expect(unsubscribed.status).toBe(200);
    expect(fake.contacts().find((c) => c.email === "wolke@example.de")?.unsubscribed).toBe(true);
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const response = await onRequest({ request: new Request(`${SITE}/api/subscribe`), env: env() });
    expect([response.status, response.headers.get("allow")]).toEqual([405, "POST"]);
  });
});
