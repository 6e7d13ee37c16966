import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildConsentRecord,
  escapeMarkdown,
  formatInstant,
  recordHtml,
  recordMarkdown,
  type ConsentRecordInput,
} from "./consent-record.ts";
import { consentWording } from "./consent-wording.ts";
import type { SubscriberContact } from "./subscribers-resend.ts";

const confirmed: SubscriberContact = {
  id: "0b5c1a52-0000-4000-8000-000000000001",
  email: "anna@example.de",
  unsubscribed: false,
  createdAt: "2026-12-01T08:15:31.000Z",
  firstName: null,
  lastName: null,
  properties: {
    consent_at: "2026-12-01T08:15:30.000Z",
    consent_requested_at: "2026-12-01T08:10:00.000Z",
    consent_form_version: "2026-11-28",
    consent_page: "/artikel/x/",
    welcome_sent_at: "2026-12-01T08:15:40.000Z",
  },
};

function input(overrides: Partial<ConsentRecordInput> = {}): ConsentRecordInput {
  return {
    contact: confirmed,
    segment: { id: "seg-1", name: "Newsletter" },
    wording: { form: "Ich möchte den Newsletter erhalten und habe die Datenschutzerklärung gelesen." },
    site: {
      title: "Rundbrief",
      url: "https://rundbrief.example.de",
      imprint: { name: "Beispiel GmbH", address: ["Musterstraße 1", "10115 Berlin"], email: "kontakt@example.de" },
    },
    timeZone: "Europe/Berlin",
    producedAt: new Date("2026-12-05T12:00:00.000Z"),
    ...overrides,
  };
}

const fact = (record: ReturnType<typeof buildConsentRecord>, label: string) => record.facts.find((f) => f.label === label)?.value;

describe("formatInstant", () => {
  it("shows the blog's local time and ISO UTC, across the clock change", () => {
    expect(formatInstant("2026-12-01T08:15:30.000Z", "Europe/Berlin")).toBe(
      "01.12.2026, 09:15:30 Uhr (Europe/Berlin) · 2026-12-01T08:15:30.000Z (UTC)",
    );
    expect(formatInstant("2026-07-01T08:15:30Z", "Europe/Berlin")).toMatch(/^01\.07\.2026, 10:15:30 Uhr/);
    expect(formatInstant("gestern", "Europe/Berlin")).toBe("gestern (kein lesbarer Zeitpunkt)");
  });
});

describe("the consent record", () => {
  it("of a confirmed contact has every fact, the wording of its version and no warning", () => {
    const record = buildConsentRecord(input());
    expect(record.title).toBe("Nachweis der Einwilligung (Double-Opt-in)");
    expect(record.warnings).toEqual([]);
    expect(fact(record, "E-Mail-Adresse")).toBe("anna@example.de");
    expect(fact(record, "Kontakt-ID bei Resend")).toBe(confirmed.id);
    expect(fact(record, "Status")).toBe("angemeldet (erhält den Newsletter)");
    expect(fact(record, "Anmeldung angefordert")).toContain(
      "01.12.2026, 09:10:00 Uhr (Europe/Berlin) · 2026-12-01T08:10:00.000Z (UTC)",
    );
    expect(fact(record, "Anmeldung bestätigt")).toContain("2026-12-01T08:15:30.000Z (UTC)");
    expect(fact(record, "Seite der Anmeldung")).toBe("/artikel/x/ (https://rundbrief.example.de/artikel/x/)");
    expect(fact(record, "Formularversion")).toBe("2026-11-28");
    expect(fact(record, "Willkommensmail verschickt")).toContain("2026-12-01T08:15:40.000Z");
    expect(record.sections[0]?.quote).toBe("Ich möchte den Newsletter erhalten und habe die Datenschutzerklärung gelesen.");
    expect(record.sections[1]?.paragraphs[0]).toContain("Bestätigungsmail dieser Version ist nicht hinterlegt");
    expect(record.footer[0]).toContain("Erstellt am 05.12.2026, 13:00:00 Uhr (Europe/Berlin) · 2026-12-05T12:00:00.000Z (UTC)");
  });

  it("quotes the confirmation mail when its version keeps one", () => {
    const record = buildConsentRecord(input({ wording: { form: "Ja.", confirmationMail: "Hallo,\nbitte bestätigen Sie." } }));
    expect(record.sections[1]?.quote).toBe("Hallo,\nbitte bestätigen Sie.");
    expect(recordMarkdown(record)).toContain("> Hallo,\n> bitte bestätigen Sie.");
  });

  it("warns that there is no proof when consent properties are missing", () => {
    const record = buildConsentRecord(input({ contact: { ...confirmed, unsubscribed: true, properties: {} }, wording: null }));
    expect(record.warnings[0]).toMatch(/^Kein Nachweis gespeichert: am Kontakt fehlen consent_at, consent_requested_at/);
    expect(fact(record, "Status")).toBe("abgemeldet (erhält keine Newsletter mehr)");
    expect(fact(record, "Anmeldung bestätigt")).toBe("– (nicht gespeichert)");
    expect(fact(record, "Willkommensmail verschickt")).toBeUndefined();
    expect(recordMarkdown(record)).toContain("> **Achtung:** Kein Nachweis gespeichert");
  });

  it("says so when the form version has no wording", () => {
    const contact = { ...confirmed, properties: { ...confirmed.properties, consent_form_version: "1999-01-01" } };
    const record = buildConsentRecord(input({ contact, wording: null }));
    expect(record.warnings).toEqual([expect.stringContaining("Zur Formularversion „1999-01-01“ ist kein Wortlaut hinterlegt")]);
    expect(record.sections[0]?.paragraphs[0]).toBe("Für die Version „1999-01-01“ ist kein Wortlaut hinterlegt.");
  });

  it("names the version file's SHA-256, and warns when the file no longer matches the committed index", () => {
    const sha256 = "a".repeat(64);
    const matching = buildConsentRecord(input({ wording: { form: "Satz.", sha256, verified: true } }));
    expect(fact(matching, "SHA-256 der Fassung")).toBe(sha256);
    expect(matching.warnings).toEqual([]);
    const changed = buildConsentRecord(input({ wording: { form: "Satz.", sha256, verified: false } }));
    expect(changed.warnings).toEqual([
      expect.stringContaining("stimmt nicht mehr mit ihrer Prüfsumme in consent/index.json überein"),
    ]);
  });

  it("flags stored times that contradict each other", () => {
    const early = { ...confirmed, properties: { ...confirmed.properties, consent_at: "2026-12-01T08:00:00.000Z" } };
    expect(buildConsentRecord(input({ contact: early })).warnings[0]).toContain("vor der Anforderung");
    const late = { ...confirmed, properties: { ...confirmed.properties, consent_at: "2026-12-04T08:00:00.000Z" } };
    expect(buildConsentRecord(input({ contact: late })).warnings[0]).toContain("mehr als 48 Stunden");
  });

  it("lists further properties of the contact", () => {
    const contact = { ...confirmed, properties: { ...confirmed.properties, quelle: "Messe" } };
    expect(buildConsentRecord(input({ contact })).sections.at(-1)).toEqual({
      heading: "Weitere Angaben am Kontakt",
      paragraphs: ["quelle: Messe"],
    });
  });
});

describe("the consent record of an imported contact", () => {
  // As `rundbrief subscribers import --from mailchimp` stores it: confirmed three days after the opt-in, as Mailchimp allows.
  const imported: SubscriberContact = {
    ...confirmed,
    properties: {
      consent_at: "2021-03-04T10:00:00.000Z",
      consent_requested_at: "2021-03-01T09:00:00.000Z",
      consent_form_version: "import",
      consent_page: "import:mailchimp",
      consent_optin_ip: "192.0.2.7",
      consent_confirm_ip: "198.51.100.7",
      consent_import_file: "mailchimp.zip",
      consent_import_sha256: "c".repeat(64),
    },
  };

  it("shows where the proof came from and what the export said, without the warnings of the blog's own form", () => {
    const record = buildConsentRecord(input({ contact: imported, wording: null }));
    expect(record.warnings).toEqual([]);
    expect(fact(record, "Seite der Anmeldung")).toContain("import:mailchimp (übernommen aus einem Export");
    expect(fact(record, "Formularversion")).toBe("import (Formular des bisherigen Anbieters)");
    const section = record.sections.find((s) => s.heading === "Import vom bisherigen Anbieter")!;
    expect(section.paragraphs).toEqual(
      expect.arrayContaining([
        "Quelle: Mailchimp (Export der Zielgruppe)",
        "Datei: mailchimp.zip",
        `SHA-256 der Datei: ${"c".repeat(64)}`,
        "IP-Adresse bei der Eintragung: 192.0.2.7",
        "IP-Adresse bei der Bestätigung: 198.51.100.7",
        expect.stringMatching(/^Bestätigt \(Double-Opt-in\) laut Export: 04\.03\.2021, 11:00:00 Uhr/),
        expect.stringContaining("Das Double-Opt-in hat beim bisherigen Anbieter stattgefunden"),
      ]),
    );
    expect(record.sections.map((s) => s.heading)).not.toContain("Ablauf der Anmeldung");
    expect(record.sections.map((s) => s.heading)).not.toContain("Weitere Angaben am Kontakt");
  });

  it("accepts a CSV import without opt-in time, and warns only when the confirmation time is missing", () => {
    const without = (...keys: string[]) =>
      Object.fromEntries(Object.entries(imported.properties!).filter(([key]) => !keys.includes(key)));
    const csv = {
      ...imported,
      properties: { ...without("consent_requested_at", "consent_optin_ip"), consent_page: "import:csv" },
    };
    const record = buildConsentRecord(input({ contact: csv, wording: null }));
    expect(record.warnings).toEqual([]);
    expect(record.sections[0]!.paragraphs).toContain("Eingetragen (Opt-in) laut Export: – (nicht im Export)");
    const unconfirmed = { ...without("consent_requested_at", "consent_at"), consent_page: "import:csv" };
    const broken = buildConsentRecord(input({ contact: { ...imported, properties: unconfirmed }, wording: null }));
    expect(broken.warnings).toEqual([expect.stringMatching(/^Importiert ohne Zeitpunkt der Bestätigung/)]);
  });
});

describe("rendering", () => {
  const hostile = {
    ...confirmed,
    email: "a_b*c@example.de",
    properties: { ...confirmed.properties, consent_page: "/x/<script>alert(1)</script>|", notiz: "# Überschrift" },
  };

  it("Markdown escapes values so they show literally, also in the table", () => {
    const markdown = recordMarkdown(buildConsentRecord(input({ contact: hostile })));
    expect(markdown).toContain("| E-Mail-Adresse | a\\_b\\*c@example.de |");
    expect(markdown).toContain("\\<script\\>alert(1)\\</script\\>\\|");
    expect(markdown).toContain("notiz: # Überschrift");
    expect(escapeMarkdown("# Überschrift")).toBe("\\# Überschrift");
    expect(markdown).toMatch(/^# Nachweis der Einwilligung \(Double-Opt-in\)\n/);
    expect(escapeMarkdown("1. Punkt")).toBe("1\\. Punkt");
    expect(escapeMarkdown("01.12.2026", false)).toBe("01.12.2026");
  });

  it("HTML is one printable document: escaped values, print CSS, nothing loaded from elsewhere", () => {
    const html = recordHtml(buildConsentRecord(input({ contact: hostile })));
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script");
    expect(html).toContain("@page");
    expect(html).toContain("@media print");
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/\s(src|href)=|url\(|@import/);
    expect(html).toContain("<blockquote>Ich möchte den Newsletter erhalten");
  });
});

describe("consentWording", () => {
  it("knows the form's versions and nothing else", async () => {
    expect(await consentWording("2026-11-28", process.cwd(), { siteTitle: "Rundbrief" })).toEqual({
      form: "Ich möchte den Newsletter erhalten und habe die Datenschutzerklärung gelesen.",
      confirmationMail: expect.stringMatching(
        /^Betreff: Rundbrief: Bitte bestätigen Sie Ihre Anmeldung\n[\s\S]*Der Link ist 48 Stunden gültig\./,
      ),
      // The file matches its line in consent/index.json: the quoted wording is the committed one.
      sha256: JSON.parse(readFileSync(join(process.cwd(), "consent/index.json"), "utf8")).versions["2026-11-28"],
      verified: true,
    });
    expect(await consentWording("2026-12-03-en", process.cwd())).toMatchObject({
      form: expect.stringContaining("privacy policy"),
    });
    expect(await consentWording("constructor", process.cwd())).toBeNull();
  });
});
