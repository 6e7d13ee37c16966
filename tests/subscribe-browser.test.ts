/**
 * The signup in real Chromium without JavaScript: the built site and the subscribe API
 * on one port (`rundbrief subscribe-serve`), the form on a post page filled with the
 * keyboard only, then the confirmation link from the captured mail. axe-core must find
 * nothing on the form page and on every signup page.
 */
import { axeViolations } from "./support/axe.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startSubscribeServer, type SubscribeServer } from "../scripts/commands/subscribe-serve.ts";
import { createSubscriptionHandler } from "../src/lib/subscribe/handler.ts";
import { loadConfig } from "../scripts/lib/load-config.ts";
import { buildSite, PROJECT_ROOT } from "./support/build-site.ts";
import { launchBrowser } from "../scripts/lib/browser.ts";
import { SEGMENT_ID, startFakeResend, type FakeResend } from "./fake-resend/server.ts";
import { CURRENT_CONSENT_VERSION } from "../src/lib/subscribe/consent.ts";

/** The demo blog's configuration, which the built site under test uses too. */
const config = await loadConfig(PROJECT_ROOT);

const POST = "/artikel/anmeldung-testen/";
const ADDRESS = "tastatur@example.de";

let browser: Browser;
let fake: FakeResend;
let server: SubscribeServer;
let context: BrowserContext;
let axeContext: BrowserContext;
const env: Record<string, string | undefined> = {};

beforeAll(async () => {
  const build = await buildSite(join(PROJECT_ROOT, "tests/fixtures/subscribe-posts"), { BUILD_NOW: "2026-11-28T12:00:00+01:00" });
  expect(build.code, build.stderr).toBe(0);
  fake = await startFakeResend();
  Object.assign(env, {
    SUBSCRIBE_SECRET: "browser-test-secret-0123456789-abcdefghij",
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    RESEND_SEGMENT_ID: SEGMENT_ID,
  });
  server = await startSubscribeServer({
    config,
    port: 0,
    env,
    staticDir: build.outDir,
    handler: createSubscriptionHandler(config, { log: () => {} }),
  });
  env.SITE_URL = server.url;
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 } });
  // axe is injected as an inline script, which the pages' CSP would rightly refuse.
  axeContext = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, viewport: { width: 1024, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await axeContext?.close();
  await browser?.close();
  await server?.close();
  await fake?.stop();
});

/**
 * axe-core violations of a page. The signup context has JavaScript off, so axe runs in a
 * second context that loads the same static URL (or the same HTML) with scripts allowed.
 */
async function axeViolationsOf(target: { url: string } | { html: string }): Promise<string[]> {
  const page = await axeContext.newPage();
  try {
    if ("url" in target) await page.goto(target.url);
    else await page.setContent(target.html);
    return await axeViolations(page);
  } finally {
    await page.close();
  }
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; returns what got focus on the way. */
async function tabTo(page: Page, selector: string, { backwards = false } = {}): Promise<string[]> {
  const visited: string[] = [];
  for (let press = 0; press < 60; press += 1) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const focused = await page.evaluate((s) => {
      const active = document.activeElement;
      return { matches: active?.matches(s) ?? false, name: active?.getAttribute("name") ?? active?.tagName ?? "" };
    }, selector);
    visited.push(focused.name);
    if (focused.matches) return visited;
  }
  throw new Error(`${selector} ist mit der Tabulatortaste nicht erreichbar.`);
}

describe("signup in Chromium without JavaScript", () => {
  it("keyboard only: post page form → /bestaetigen/ → link from the mail → /danke/, axe clean throughout", async () => {
    const page = await context.newPage();
    await page.goto(server.url + POST);
    const executable = await page.evaluate(
      () => [...document.scripts].filter((script) => script.type !== "application/ld+json").length,
    );
    expect(executable, "client-side scripts on the post page").toBe(0);
    expect(await axeViolationsOf({ url: page.url() })).toEqual([]);

    const visited = await tabTo(page, 'input[name="email"]');
    await page.keyboard.type(ADDRESS);
    visited.push(...(await tabTo(page, 'input[name="consent"]')));
    await page.keyboard.press("Space");
    expect(await page.isChecked('input[name="consent"]')).toBe(true);
    visited.push(...(await tabTo(page, 'form.subscribe-form button[type="submit"]', { backwards: true })));
    expect(visited, "the honeypot must never take focus").not.toContain("website");
    expect(await page.inputValue('input[name="website"]')).toBe("");
    const formVersion = await page.inputValue('form.subscribe-form input[name="form_version"]');
    await Promise.all([page.waitForURL("**/bestaetigen/"), page.keyboard.press("Enter")]);

    expect(new URL(page.url()).pathname).toBe("/bestaetigen/");
    expect(await page.locator("h1").innerText()).toBe("Fast geschafft: Bitte bestätigen Sie Ihre Anmeldung");
    expect(await axeViolationsOf({ url: page.url() })).toEqual([]);

    const mail = fake.emailsTo(ADDRESS)[0];
    expect(mail?.subject).toBe("Rundbrief: Bitte bestätigen Sie Ihre Anmeldung");
    const link = /https?:\/\/\S+\/api\/confirm\?token=[A-Za-z0-9._-]+/.exec(mail?.text ?? "")![0];

    await page.goto(link);
    expect(await page.locator("h1").innerText()).toBe("Anmeldung bestätigen");
    expect(
      fake.contacts().find((c) => c.email === ADDRESS),
      "opening the link alone subscribes nobody",
    ).toBeUndefined();
    // Its CSP forbids every script, axe's too: axe checks the same HTML without the header.
    expect(await axeViolationsOf({ html: await page.content() })).toEqual([]);
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForURL("**/danke/"), page.keyboard.press("Enter")]);
    expect(new URL(page.url()).pathname).toBe("/danke/");
    expect(await page.locator("h1").innerText()).toBe("Danke! Ihre Anmeldung ist bestätigt");
    expect(await axeViolationsOf({ url: page.url() })).toEqual([]);
    const contact = fake.contacts().find((c) => c.email === ADDRESS);
    // The version the form showed, read back from the page the reader filled in.
    expect(contact?.properties).toMatchObject({ consent_page: POST, consent_form_version: formVersion });
    expect(formVersion).toBe(CURRENT_CONSENT_VERSION);

    // The welcome mail the built site rendered (content/willkommen.mdx), with its own unsubscribe link.
    const welcome = fake.emailsTo(ADDRESS).find((sent) => sent.subject === "Willkommen beim Rundbrief");
    expect(welcome?.html).toContain("Schön, dass Sie dabei sind");
    const unsubscribe = welcome!.headers!["List-Unsubscribe"]!.slice(1, -1);
    expect(unsubscribe.startsWith(`${server.url}/api/unsubscribe?token=`)).toBe(true);
    expect(welcome!.html).not.toContain("RESEND_UNSUBSCRIBE_URL");
    expect(contact?.properties.welcome_sent_at).toBeDefined();
    const mailPage = await axeContext.newPage();
    await mailPage.setContent(welcome!.html!);
    await Promise.all([mailPage.waitForURL("**/api/unsubscribe?token=*"), mailPage.click(`a[href="${unsubscribe}"]`)]);
    expect(await mailPage.locator("h1").innerText()).toBe("Newsletter abbestellen");
    await mailPage.close();

    await page.goto(link);
    await Promise.all([page.waitForURL("**/link-abgelaufen/"), page.click('button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe("/link-abgelaufen/");
    expect(await page.locator("h1").innerText()).toBe("Dieser Bestätigungslink gilt nicht mehr");
    expect(await page.locator('form input[name="email"]').count()).toBe(1);
    expect(await axeViolationsOf({ url: page.url() })).toEqual([]);
    await page.close();
  });

  it("/abonnieren/ passes axe", async () => {
    expect(await axeViolationsOf({ url: `${server.url}/abonnieren/` })).toEqual([]);
  });

  it("a submission the server refuses gets an accessible German error page that echoes nothing", async () => {
    const response = await context.request.post(`${server.url}/api/subscribe`, {
      form: { email: "<b>kaputt", consent: "", website: "", source: POST },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    const html = await response.text();
    expect(html).toContain("Bitte prüfen Sie Ihre Angaben");
    expect(html).not.toContain("<b>");
    expect(await axeViolationsOf({ html })).toEqual([]);
  });
});
