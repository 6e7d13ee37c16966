import { describe, expect, it } from "vitest";
import { aBroadcast, aManifest, aManifestEntry } from "../../tests/fixtures/manifest/builders.ts";
import { planNewsletter, type PlanItem, type PlanReason } from "../../src/lib/newsletter/plan.ts";
import type { FailureKind, ResendFailure } from "../../src/lib/resend-call.ts";
import {
  apiCallsText,
  failureText,
  formatPlanTable,
  outcomeText,
  previewLines,
  reasonText,
  redactSecret,
  refusalText,
} from "./newsletter-output.ts";

const where = { locale: "de-DE", timeZone: "Europe/Berlin", since: new Date("2026-11-01T00:00:00+01:00") };
const now = new Date("2026-12-01T12:00:00Z");

function anItem(reason: PlanReason, overrides: Partial<PlanItem> = {}): PlanItem {
  return {
    kind: "post",
    id: "p",
    name: "post:p",
    posts: [],
    title: "T",
    subject: "S",
    url: "https://x/",
    publishedAt: "2026-11-28T08:00:00+01:00",
    sendAt: "2026-11-28T08:00:00+01:00",
    changes: [],
    action: "skip",
    reason,
    broadcast: {
      id: "b1",
      name: "post:alt",
      status: "sent",
      createdAt: "2026-11-28T09:00:00Z",
      sentAt: "2026-11-28T09:05:00Z",
      scheduledAt: "2026-12-24T17:00:00Z",
    },
    extraDraftIds: [],
    ...overrides,
  };
}

describe("reasonText", () => {
  it.each<[PlanReason, Partial<PlanItem>, string]>([
    ["new", {}, "neu: noch keine Kampagne „post:p“"],
    ["new", { kind: "edition", name: "edition:p" }, "neu: noch keine Kampagne „edition:p“; Versand am 28.11.2026, 08:00"],
    [
      "leftover-draft",
      { extraDraftIds: ["b2"] },
      "Entwurf b1 eines abgebrochenen Laufs wird aktualisiert und gesendet; 1 doppelte(r) Entwurf/Entwürfe wird gelöscht",
    ],
    ["already-sent", {}, "bereits versendet am 28.11.2026, 10:05 (Kampagne b1)"],
    ["queued", {}, "wird gerade versendet (Kampagne b1)"],
    ["scheduled", {}, "geplant für 24.12.2026, 18:00 (Kampagne b1)"],
    ["other-status", {}, "Kampagne b1 hat den Status „sent“ und wird nicht erneut gesendet"],
    ["before-since", {}, "veröffentlicht vor dem Stichtag 01.11.2026, 00:00: wird nie versendet"],
    ["not-yet-published", {}, "erscheint erst am 28.11.2026, 08:00"],
    ["looks-renamed", {}, "sieht umbenannt aus: Kampagne „post:alt“ (b1) hat denselben Betreff"],
  ])("%s", (reason, overrides, text) => {
    expect(reasonText(anItem(reason, overrides), where)).toBe(text);
  });
});

describe("formatPlanTable", () => {
  it("aligns columns under a German header", () => {
    const manifest = aManifest([
      aManifestEntry({ id: "neu", title: "Größere Aufträge", publishedAt: "2026-11-30T08:00:00+01:00" }),
    ]);
    const lines = formatPlanTable(planNewsletter(manifest, [], { since: where.since, maxPerRun: 3 }, { now }), where);
    expect(lines).toEqual([
      "Kampagne  Titel             Aktion  Grund",
      "post:neu  Größere Aufträge  senden  neu: noch keine Kampagne „post:neu“",
    ]);
  });

  it("collapses more than three archive posts into one line", () => {
    const old = [1, 2, 3, 4].map((i) => aManifestEntry({ id: `alt-${i}`, publishedAt: `2020-0${i}-01T00:00:00Z` }));
    const lines = formatPlanTable(planNewsletter(aManifest(old), [], { since: where.since, maxPerRun: 3 }, { now }), where);
    expect(lines).toEqual(["(4 ältere Kampagnen vor dem Stichtag werden nie versendet und sind hier nicht einzeln aufgeführt.)"]);
  });

  it("shortens long titles", () => {
    const manifest = aManifest([aManifestEntry({ id: "lang", title: "x".repeat(60), publishedAt: "2026-11-30T08:00:00+01:00" })]);
    const [, row] = formatPlanTable(
      planNewsletter(manifest, [aBroadcast({ name: "post:lang" })], { since: null, maxPerRun: 3 }, { now }),
      where,
    );
    expect(row).toContain(`${"x".repeat(39)}…`);
  });
});

describe("previewLines", () => {
  it("points at the rendered email of each post that would go out", () => {
    const manifest = aManifest([
      aManifestEntry({ id: "neu", publishedAt: "2026-11-30T08:00:00+01:00" }),
      aManifestEntry({ id: "alt", publishedAt: "2020-01-01T00:00:00Z" }),
    ]);
    const plan = planNewsletter(manifest, [], { since: where.since, maxPerRun: 3 }, { now });
    expect(previewLines(plan, manifest, "dist-newsletter")).toEqual([
      "Vorschau post:neu: dist-newsletter/neu.html (Text: dist-newsletter/neu.txt)",
    ]);
  });
});

describe("failureText", () => {
  const failure = (kind: FailureKind, field: string | null = null): ResendFailure => ({
    kind,
    statusCode: kind === "network" ? null : 422,
    name: "validation_error",
    message: "Nachricht von Resend",
    field,
    effect: "not-applied",
    operation: "POST /broadcasts",
  });

  it.each<[FailureKind, string | null, string]>([
    ["auth", null, "RESEND_API_KEY wird abgelehnt"],
    ["validation", "from", "Betroffenes Feld: from → NEWSLETTER_FROM bzw. newsletter.from"],
    ["validation", "segment_id", "RESEND_SEGMENT_ID bzw. newsletter.segmentId"],
    ["quota", null, "Sendekontingent"],
    ["rate-limit", null, "RESEND_MIN_INTERVAL_MS"],
    ["network", null, "Erneut ausführen ist sicher"],
  ])("%s (%s)", (kind, field, hint) => {
    const text = failureText(failure(kind, field));
    expect(text).toContain("Resend (POST /broadcasts, ");
    expect(text).toContain("Nachricht von Resend");
    expect(text).toContain(hint);
  });
});

describe("small texts", () => {
  it.each([
    [1, "1 Resend-API-Aufruf"],
    [3, "3 Resend-API-Aufrufe"],
  ])("apiCallsText(%i)", (count, text) => {
    expect(apiCallsText(count)).toBe(text);
  });

  it("explains a refusal with the setting and the way out", () => {
    expect(refusalText({ candidates: 5, maxPerRun: 3 }).join("\n")).toMatch(
      /5 Kampagnen .* höchstens 3 .*NEWSLETTER_MAX_PER_RUN[\s\S]*--send --force/,
    );
  });

  it("reports a post that never went live with the last answer and the wait", () => {
    const text = outcomeText(
      {
        name: "post:p",
        status: "not-live",
        url: "https://x/p/",
        live: { live: false, attempts: 20, lastStatus: 404, lastError: null },
      },
      600_000,
    );
    expect(text).toBe(
      "✗ post:p: https://x/p/ antwortet nicht mit 200 (zuletzt: HTTP 404, gewartet: 10 min). Nichts versendet. Deployment prüfen und erneut ausführen (oder --no-wait-live).",
    );
  });

  it.each([
    ["Bearer re_secret_123 abgelehnt", "re_secret_123", "Bearer [RESEND_API_KEY] abgelehnt"],
    ["nichts Geheimes", "re_secret_123", "nichts Geheimes"],
    ["kein Schlüssel gesetzt", null, "kein Schlüssel gesetzt"],
  ])("redactSecret(%s)", (text, secret, expected) => {
    expect(redactSecret(text, secret)).toBe(expected);
  });
});
