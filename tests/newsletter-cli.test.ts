/**
 * The newsletter CLI's safe defaults and its answers to mistakes: planning without a key
 * (what `npm run build` runs), usage and configuration errors before any API call, a bad
 * key, a bad sender, too many new posts, --json, --post, --test and the live check.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { daysAgo } from "./fixtures/manifest/builders.ts";
import {
  ELIGIBLE,
  SECRET_KEY,
  everythingWritten,
  newsletterScenario,
  spawnNewsletterCli,
  type Scenario,
} from "./fake-resend/scenario.ts";

const scenarios: Scenario[] = [];
async function setup(options: Parameters<typeof newsletterScenario>[0] = {}): Promise<Scenario> {
  const scenario = await newsletterScenario(options);
  scenarios.push(scenario);
  return scenario;
}
afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.cleanup();
});

const noKey = { RESEND_API_KEY: "" };

describe("newsletter without RESEND_API_KEY (as run by npm run build)", () => {
  it("plans from the manifest alone, says so, and exits 0 without calling Resend", async () => {
    const s = await setup();
    const run = await s.run([], noKey);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("RESEND_API_KEY ist nicht gesetzt: nur Planung");
    expect(run.stdout).toMatch(/vertraege-mit-aenderungsrunden +Änderungsrunden im Vertrag begrenzen +senden/);
    expect(run.stdout).toMatch(/archiv-vor-dem-stichtag .* überspringen +veröffentlicht vor dem Stichtag/);
    expect(run.stdout).toMatch(/erscheint-naechste-woche .* überspringen +erscheint erst am/);
    expect(run.stdout).toContain(
      `Vorschau post:vertraege-mit-aenderungsrunden: ${s.dir}/dist-newsletter/vertraege-mit-aenderungsrunden.html`,
    );
    expect(run.stdout).toContain("Nur Plan – nichts versendet.");
    expect(s.fake.calls()).toBe(0);
  });

  it("has a friendly note and exit 0 when nothing is due", async () => {
    const s = await setup({ posts: [{ id: "alt", publishedAt: daysAgo(90) }] });
    const run = await s.run([], noKey);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Nichts zu tun: keine Kampagne wartet auf den Versand.");
    expect(s.fake.calls()).toBe(0);
  });

  it("asks for `npm run build` (exit 2) when there is no manifest", async () => {
    const run = await spawnNewsletterCli(["--manifest", "/nonexistent/manifest.json"], {}).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Kein Manifest unter /nonexistent/manifest.json. Bitte zuerst `rundbrief build` ausführen");
  });
});

describe("newsletter: usage and configuration errors come before any API call (exit 2)", () => {
  it.each<[string, string[], Record<string, string>, string[]]>([
    ["an unknown flag", ["--sned"], {}, ["Unbekannter oder unvollständiger Aufruf", "Verwendung: rundbrief newsletter"]],
    ["--send and --test together", ["--send", "--test", "a@example.org"], {}, ["--send und --test schließen sich aus"]],
    ["--test with a non-address", ["--test", "niemand"], {}, ["--test „niemand“ ist keine E-Mail-Adresse"]],
    ["--send without a key", ["--send"], noKey, ["RESEND_API_KEY fehlt"]],
    ["--send without a segment", ["--send"], { RESEND_SEGMENT_ID: "" }, ["RESEND_SEGMENT_ID fehlt"]],
    [
      "several bad settings at once, one line each",
      ["--send"],
      {
        NEWSLETTER_FROM: "kein absender",
        NEWSLETTER_MAX_PER_RUN: "0",
        NEWSLETTER_SINCE: "gestern",
        RESEND_MIN_INTERVAL_MS: "schnell",
        RESEND_SEGMENT_ID: "",
      },
      [
        "NEWSLETTER_FROM/newsletter.from „kein absender“",
        "NEWSLETTER_MAX_PER_RUN/newsletter.maxPerRun „0“",
        "NEWSLETTER_SINCE/newsletter.since „gestern“",
        "RESEND_MIN_INTERVAL_MS „schnell“",
        "RESEND_SEGMENT_ID fehlt",
      ],
    ],
    ["--post for an unknown id", ["--post", "gibt-es-nicht"], {}, ["„post:gibt-es-nicht“: diese Kampagne gibt es im Manifest"]],
  ])("%s", async (_case, args, env, messages) => {
    const s = await setup();
    const run = await s.run(args, env);
    expect(run.code).toBe(2);
    for (const message of messages) expect(run.stderr).toContain(message);
    expect(s.fake.calls()).toBe(0);
  });
});

describe("newsletter: Resend says no", () => {
  it("stops on a bad key with Resend's message, exit 2, and never shows the key", async () => {
    const s = await setup();
    const wrongKey = "re_Wrong_K3y_abcdef123456";
    const run = await s.run(["--send"], { RESEND_API_KEY: wrongKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("403 invalid_api_key");
    expect(run.stderr).toContain("RESEND_API_KEY wird abgelehnt");
    expect(`${run.stdout}${run.stderr}`).not.toContain(wrongKey);
    expect(s.fake.acceptedCalls("POST /broadcasts")).toBe(0);
    expect(s.fake.broadcasts()).toHaveLength(0);
  });

  it("stops on a sending-only key (401 restricted_api_key) and asks for a full-access key", async () => {
    const s = await setup({ fake: { sendingKey: "re_Sending_Only_98765" } });
    const run = await s.run(["--send"], { RESEND_API_KEY: "re_Sending_Only_98765" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("401 restricted_api_key");
    expect(run.stderr).toContain("„Full access“");
    expect(`${run.stdout}${run.stderr}`).not.toContain("re_Sending_Only_98765");
    expect(s.fake.broadcasts()).toHaveLength(0);
  });

  it("stops on a sender Resend rejects, naming the field and the setting, exit 2", async () => {
    const s = await setup();
    const run = await s.run(["--send"], { NEWSLETTER_FROM: "Rundbrief <brief@nicht-verifiziert.de>" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("The nicht-verifiziert.de domain is not verified");
    expect(run.stderr).toContain("Betroffenes Feld: from → NEWSLETTER_FROM bzw. newsletter.from");
    expect(run.stderr).toContain("Lauf abgebrochen: weitere Kampagnen wurden nicht versucht.");
    expect(s.fake.acceptedCalls("POST /broadcasts")).toBe(1);
    expect(s.fake.broadcasts()).toHaveLength(0);
    expect(everythingWritten(s, [run])).not.toContain(SECRET_KEY);
  });
});

describe("newsletter: more new posts than maxPerRun", () => {
  const fourNew = () => [1, 2, 3, 4].map((day) => ({ id: `neu-${day}`, publishedAt: daysAgo(day) }));

  it("plans the refusal, refuses --send with exit 2 and no writes, and sends all with --force", async () => {
    const s = await setup({ posts: fourNew() });
    const plan = await s.run([]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("Abgelehnt: 4 Kampagnen würden versendet, erlaubt sind höchstens 3 pro Lauf");

    const refused = await s.run(["--send"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Es wird nichts versendet.");
    expect(refused.stderr).toContain("--send --force");
    expect(s.fake.broadcasts()).toHaveLength(0);

    const forced = await s.run(["--send", "--force", "--no-wait-live"]);
    expect(forced.code, forced.stderr).toBe(0);
    for (const day of [1, 2, 3, 4]) expect(s.delivered(`neu-${day}`)).toHaveLength(1);
  });

  it("respects NEWSLETTER_MAX_PER_RUN", async () => {
    const s = await setup({ posts: fourNew() });
    const run = await s.run(["--send", "--no-wait-live"], { NEWSLETTER_MAX_PER_RUN: "4" });
    expect(run.code, run.stderr).toBe(0);
    expect(s.fake.broadcasts().filter((b) => b.status !== "draft")).toHaveLength(4);
  });
});

describe("newsletter --json and --post", () => {
  it("prints the plan as one JSON document on stdout", async () => {
    const s = await setup();
    const run = await s.run(["--json"]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as {
      mode: string;
      items: Array<{ id: string; action: string; reason: string }>;
      apiCalls: number;
    };
    expect(json.mode).toBe("plan");
    expect(json.apiCalls).toBe(1);
    expect(json.items.map((i) => [i.id, i.action, i.reason])).toEqual([
      ["archiv-vor-dem-stichtag", "skip", "before-since"],
      [ELIGIBLE[0], "send", "new"],
      [ELIGIBLE[1], "send", "new"],
      ["erscheint-naechste-woche", "skip", "not-yet-published"],
    ]);
  });

  it("sends only the post given with --post, and reports outcomes in JSON", async () => {
    const s = await setup();
    const run = await s.run(["--send", "--json", "--post", ELIGIBLE[1]!]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { outcomes: Array<{ name: string; status: string }>; exitCode: number };
    expect(json.outcomes).toEqual([expect.objectContaining({ name: `post:${ELIGIBLE[1]}`, status: "sent" })]);
    expect(s.delivered(ELIGIBLE[0]!)).toHaveLength(0);
    expect(s.delivered(ELIGIBLE[1]!)).toHaveLength(1);
  });
});

describe("newsletter --test <address>", () => {
  it("mails one post to one address with an Idempotency-Key, never to the segment", async () => {
    const s = await setup();
    const first = await s.run(["--test", "autorin@example.org"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      "Testmail „[Test] Der Statusbericht in fünf Minuten“ (post:statusbericht-in-fuenf-minuten) an autorin@example.org gesendet",
    );
    const again = await s.run(["--test", "autorin@example.org"]);
    expect(again.code, again.stderr).toBe(0);

    const mails = s.fake.emailsTo("autorin@example.org");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.idempotencyKey).toMatch(/^rundbrief-test\/post\/statusbericht-in-fuenf-minuten\//);
    expect(mails[0]!.html).not.toContain("{{{RESEND_UNSUBSCRIBE_URL}}}");
    expect(s.fake.broadcasts()).toHaveLength(0);
    expect(s.journal().map((e) => e.event)).toEqual(["test-sent", "test-sent"]);
  });
});

describe("newsletter: live before sent", () => {
  it("waits until the post URL answers 200, then sends", async () => {
    const s = await setup({ siteNotFoundFirst: 3 });
    const run = await s.run(["--send", "--post", ELIGIBLE[0]!]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("warte, bis");
    expect(s.site.hits()).toBe(4);
    expect(s.delivered(ELIGIBLE[0]!)).toHaveLength(1);
  });

  it("sends nothing and exits 1 when the post never goes live, and --no-wait-live skips the check", async () => {
    const s = await setup({ siteNotFoundFirst: 1_000 });
    const run = await s.run(["--send", "--post", ELIGIBLE[0]!, "--wait-live", "0.5"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/antwortet nicht mit 200 \(zuletzt: HTTP 404, gewartet: 1 s\)\. Nichts versendet\./);
    expect(s.fake.broadcasts()).toHaveLength(0);

    const hits = s.site.hits();
    const skipped = await s.run(["--send", "--post", ELIGIBLE[0]!, "--no-wait-live"]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(s.site.hits()).toBe(hits);
    expect(s.delivered(ELIGIBLE[0]!)).toHaveLength(1);
  });
});

describe("newsletter: what looks wrong is not sent", () => {
  it("skips a post that looks renamed, with a warning", async () => {
    const s = await setup();
    s.fake.seedBroadcasts([
      { name: "post:alter-dateiname", subject: "Änderungsrunden im Vertrag begrenzen", createdAt: daysAgo(2) },
    ]);
    const run = await s.run(["--send", "--no-wait-live"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /vertraege-mit-aenderungsrunden .* überspringen +sieht umbenannt aus: Kampagne „post:alter-dateiname“/,
    );
    expect(run.stderr).toContain("Warnung: „vertraege-mit-aenderungsrunden“ wird übersprungen");
    expect(s.delivered(ELIGIBLE[0]!)).toHaveLength(0);
    expect(s.delivered(ELIGIBLE[1]!)).toHaveLength(1);
    expect(s.fake.acceptedCalls("GET /broadcasts/:id")).toBe(1);
  });

  it("refuses email files that do not match the manifest (exit 1, nothing sent)", async () => {
    const s = await setup();
    writeFileSync(join(s.dir, "dist-newsletter", `${ELIGIBLE[0]}.html`), "<p>aus einem anderen Build</p>");
    const run = await s.run(["--send", "--no-wait-live"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("passt nicht zum Manifest");
    expect(s.fake.acceptedCalls("POST /broadcasts")).toBe(0);
  });
});
