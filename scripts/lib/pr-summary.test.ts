import { describe, expect, it } from "vitest";
import { renderPrSummary, type PlanJson } from "./pr-summary.ts";
import type { Manifest } from "../../src/lib/newsletter/manifest.ts";

const manifest = {
  version: 3,
  generatedAt: "2026-11-28T12:00:00+01:00",
  site: "https://example.de",
  since: null,
  perPost: true,
  digest: null,
  campaigns: [
    {
      kind: "post",
      id: "neu",
      name: "post:neu",
      posts: [],
      title: "Neu",
      subject: "Neu",
      previewText: "",
      url: "https://example.de/artikel/neu/",
      publishedAt: "2026-11-28T00:00:00+01:00",
      sendAt: "2026-11-28T00:00:00+01:00",
      html: "neu.html",
      text: "neu.txt",
      htmlBytes: 20480,
      sha256: "a".repeat(64),
    },
  ],
} satisfies Manifest;

const where = { locale: "de-DE", timeZone: "Europe/Berlin" };

const plan = (overrides: Partial<PlanJson> = {}): PlanJson => ({
  checkedWithResend: false,
  since: null,
  refusal: null,
  items: [
    {
      kind: "post",
      id: "neu",
      name: "post:neu",
      posts: [],
      title: "Neu",
      subject: "Neu",
      url: "https://example.de/artikel/neu/",
      publishedAt: "2026-11-28T00:00:00+01:00",
      sendAt: "2026-11-28T00:00:00+01:00",
      changes: [],
      action: "send",
      reason: "new",
      broadcast: null,
      extraDraftIds: [],
    },
  ],
  ...overrides,
});

describe("renderPrSummary", () => {
  it("lists each changed post with its email size and what a merge does", () => {
    const md = renderPrSummary(["neu", "entwurf"], manifest, plan(), where);
    expect(md).toContain("| `neu` | 20.5 KB | wird verschickt: neu: noch keine Kampagne „post:neu“ |");
    expect(md).toContain("| `entwurf` | keine | wird nicht verschickt (Entwurf");
    expect(md).toContain("Ohne API-Schlüssel geplant");
  });

  it("warns when the per-run limit would stop the send", () => {
    expect(renderPrSummary(["neu"], manifest, plan({ refusal: { candidates: 5, maxPerRun: 3 } }), where)).toContain(
      "5 Kampagnen stünden zum Versand an",
    );
  });

  it("says so when no post changed", () => {
    expect(renderPrSummary([], manifest, plan({ checkedWithResend: true }), where)).toBe(
      "## Vorschau\n\nKeine Artikel und Ausgaben geändert.\n",
    );
  });
});

describe("renderPrSummary: editions and digests", () => {
  it("says which edition a merge would schedule and when, and leaves skipped ones out", () => {
    const edition = {
      ...plan().items[0]!,
      kind: "edition" as const,
      id: "woche-50",
      name: "edition:woche-50",
      title: "Woche 50: Gute Vorsätze",
      subject: "Woche 50: Gute Vorsätze | mit Strich",
      sendAt: "2026-12-07T07:30:00+01:00",
      publishedAt: "2026-12-07T07:30:00+01:00",
    };
    const later = {
      ...edition,
      id: "woche-51",
      name: "edition:woche-51",
      action: "skip" as const,
      reason: "not-yet-due" as const,
    };
    const missed = { ...edition, id: "woche-47", name: "edition:woche-47", action: "skip" as const, reason: "missed" as const };
    const md = renderPrSummary([], manifest, plan({ items: [edition, later, missed] }), where);
    expect(md).toContain("### Ausgaben und Übersichten");
    expect(md).toContain(
      "| `edition:woche-50` | Woche 50: Gute Vorsätze \\| mit Strich | Ausgabe wird für 07.12.2026, 07:30 geplant |",
    );
    expect(md).toMatch(/\| `edition:woche-51` \| .* \| noch nichts: geht am 07\.12\.2026, 07:30 raus/);
    expect(md).not.toContain("edition:woche-47");
    // A changed edition is listed even when a merge would not send it, saying why.
    const changed = renderPrSummary(["edition:woche-47"], manifest, plan({ items: [missed] }), where);
    expect(changed).toMatch(
      /\| `edition:woche-47` \| .* \| wird nicht verschickt: Versandzeit .* liegt mehr als 24 Stunden zurück/,
    );
    expect(changed).toContain("Keine Artikel geändert.");
  });
});
