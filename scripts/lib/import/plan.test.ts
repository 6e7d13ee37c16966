import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GERMAN_MAP, germanExport, mailchimpExport } from "../../../tests/support/import-fixtures.ts";
import { planImport, scanFile } from "./plan.ts";
import { subscribersCsv } from "../subscribers-csv.ts";
import { sniffSeparator } from "./read.ts";
import { MAILCHIMP_COLUMNS, parseColumnMap, parseExportTime, type ColumnMap, type ImportSource } from "./rows.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rundbrief-import-unit-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date("2026-12-10T12:00:00Z");

function scan(name: string, content: string | Uint8Array, source: ImportSource, map: ColumnMap, timeZone = "UTC") {
  const path = join(dir, name);
  writeFileSync(path, content);
  return scanFile(path, { source, map, rules: { source, timeZone, now: NOW }, shownAs: name });
}

describe("column maps", () => {
  it("reads --map with quoted names, several flags and errors naming the field", () => {
    expect(parseColumnMap(["email=E-Mail,confirmed_at=Bestätigt am", 'optin_at="Eingetragen, am"'])).toEqual({
      email: "E-Mail",
      confirmed_at: "Bestätigt am",
      optin_at: "Eingetragen, am",
    });
    expect(() => parseColumnMap(["mail=E-Mail"])).toThrow(/unbekanntes Feld „mail“/);
    expect(() => parseColumnMap(["email"])).toThrow(/erwartet Feld=Spalte/);
  });

  it("reads export times: Mailchimp's, German, ISO with offset; refuses impossible ones", () => {
    expect(parseExportTime("2021-03-04 10:11:12", "UTC")?.toISOString()).toBe("2021-03-04T10:11:12.000Z");
    expect(parseExportTime("05.03.2024 14:03", "Europe/Berlin")?.toISOString()).toBe("2024-03-05T13:03:00.000Z");
    expect(parseExportTime("2024-07-01T08:00:00+02:00", "UTC")?.toISOString()).toBe("2024-07-01T06:00:00.000Z");
    expect(parseExportTime("31.02.2024", "UTC")).toBeNull();
    expect(parseExportTime("gestern", "UTC")).toBeNull();
  });

  it("takes the separator from the header line", () => {
    expect(sniffSeparator('"E-Mail";"Name, Vorname";Datum')).toBe(";");
    expect(sniffSeparator("Email Address,First Name")).toBe(",");
    expect(sniffSeparator("a\tb\tc")).toBe("\t");
  });
});

describe("scanning Mailchimp exports", () => {
  it("reads the ZIP with its three CSVs and sorts every row", async () => {
    const { zip, expected } = mailchimpExport(400);
    const result = await scan("export.zip", zip, "mailchimp", MAILCHIMP_COLUMNS);
    expect(result.files).toEqual([
      "subscribed_members_export_1a2b3c.csv",
      "unsubscribed_members_export_1a2b3c.csv",
      "cleaned_members_export_1a2b3c.csv",
    ]);
    expect(result.rows).toBe(400);
    const plan = planImport(result, null);
    expect(plan.byCategory["new-proven"].map((c) => c.email)).toEqual(expected.proven);
    expect(plan.byCategory["new-unproven"].map((c) => c.email)).toEqual(expected.unproven);
    expect(plan.byCategory["file-unsubscribed"].map((c) => c.email)).toEqual(expected.unsubscribed);
    expect(plan.byCategory["file-cleaned"].map((c) => c.email)).toEqual(expected.cleaned);
    expect(result.invalid).toBe(expected.invalid);
    expect(result.duplicates).toBe(expected.duplicates);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    const proven = plan.byCategory["new-proven"][1]!;
    expect(proven.proof).toEqual({
      optinAt: "2021-01-01T00:01:00.000Z",
      confirmedAt: "2021-01-01T00:06:00.000Z",
      optinIp: "192.0.2.1",
      confirmIp: "198.51.100.1",
    });
    expect(plan.byCategory["new-unproven"][0]!.unproven).toBe("kein Zeitpunkt der Bestätigung (CONFIRM_TIME)");
  });

  it("reads one of its CSVs alone, quoted fields with commas and line breaks included", async () => {
    const { files } = mailchimpExport(40);
    const result = await scan(
      "cleaned_members_export_1a2b3c.csv",
      files["cleaned_members_export_1a2b3c.csv"]!,
      "mailchimp",
      MAILCHIMP_COLUMNS,
    );
    expect(result.candidates.map((c) => c.status)).toEqual(["cleaned", "cleaned", "cleaned", "cleaned"]);
    // Row numbers are spreadsheet rows (the header is row 1), also after a field with a line break.
    expect(result.candidates.map((c) => c.row)).toEqual([2, 3, 4, 5]);
    const subscribed = await scan(
      "subscribed.csv",
      files["subscribed_members_export_1a2b3c.csv"]!,
      "mailchimp",
      MAILCHIMP_COLUMNS,
    );
    // m0's first name holds a comma and quotes, every eleventh last name a line break: one record each.
    expect(subscribed.candidates[0]!.email).toBe("m0@example.org");
    expect(subscribed.rows).toBe(32);
  });

  it("never subscribes an address that is unsubscribed anywhere in the export, and names duplicates", async () => {
    const subscribed =
      "Email Address,OPTIN_TIME,CONFIRM_TIME\r\nanna@example.de,2021-01-01 10:00:00,2021-01-01 10:05:00\r\nANNA@example.de ,2021-01-02 10:00:00,2021-01-02 10:05:00\r\n";
    const unsubscribed = "Email Address,OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME\r\nanna@example.de,,,2022-01-01 00:00:00\r\n";
    const zip = zipSync({ "subscribed_members.csv": strToU8(subscribed), "unsubscribed_members.csv": strToU8(unsubscribed) });
    const result = await scan("dup.zip", zip, "mailchimp", MAILCHIMP_COLUMNS);
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]!.status).toBe("unsubscribed");
    expect(result.candidates[0]!.proof).toBeNull();
    expect(result.bad.map((b) => `${b.file} ${b.row}: ${b.reason}`)).toEqual([
      "dup.zip: subscribed_members.csv 3: doppelt: dieselbe Adresse wie Zeile 2; nur die erste Zeile zählt.",
      "dup.zip: unsubscribed_members.csv 2: doppelt: dieselbe Adresse wie Zeile 2 in dup.zip: subscribed_members.csv; sie gilt als abgemeldet und wird nicht abonniert.",
    ]);
  });
});

describe("scanning mapped CSVs", () => {
  it("reads a German Excel export: BOM, semicolons, German dates in the blog's zone", async () => {
    const { csv, expected } = germanExport(50);
    const map = parseColumnMap([GERMAN_MAP.replaceAll('"', "")]);
    const result = await scan("cleverreach.csv", csv, "csv", map, "Europe/Berlin");
    const plan = planImport(result, null);
    expect(plan.byCategory["new-proven"].map((c) => c.email)).toEqual(expected.proven);
    expect(plan.byCategory["new-unproven"].map((c) => c.email)).toEqual(expected.unproven);
    expect(plan.byCategory["file-unsubscribed"].map((c) => c.email)).toEqual(expected.unsubscribed);
    expect(plan.byCategory["new-proven"][0]!.proof!.confirmedAt).toBe("2022-05-31T22:00:00.000Z");
  });

  it("names file, row and column of every bad row", async () => {
    const csv = [
      "E-Mail;Bestätigt am;Eingetragen am",
      "gut@example.de;05.03.2024 14:03;05.03.2024 14:00",
      "kein-at.example.de;05.03.2024 14:03;",
      ";05.03.2024 14:03;",
      "zeit@example.de;31.02.2024;",
      "frueh@example.de;05.03.2024 14:00;05.03.2024 14:03",
      "zukunft@example.de;01.01.2030 10:00;",
      "pfad/x@example.de;05.03.2024 14:03;",
      ";;",
      "",
    ].join("\n");
    const result = await scan("liste.csv", csv, "csv", {
      email: "E-Mail",
      confirmed_at: "Bestätigt am",
      optin_at: "Eingetragen am",
    });
    expect(result.candidates.map((c) => c.email)).toEqual(["gut@example.de"]);
    expect(result.bad.map((b) => `${b.row} ${b.column}: ${b.reason}`)).toEqual([
      "3 E-Mail: „kein-at.example.de“ ist keine gültige E-Mail-Adresse.",
      "4 E-Mail: keine E-Mail-Adresse.",
      "5 Bestätigt am: „31.02.2024“ ist kein lesbarer Zeitpunkt (erwartet z. B. 2024-03-05 14:03:22 oder 05.03.2024 14:03).",
      "6 Bestätigt am: die Bestätigung (2024-03-05T14:00:00.000Z) liegt vor der Eintragung (2024-03-05T14:03:00.000Z); widersprüchlich.",
      "7 Bestätigt am: 2030-01-01T10:00:00.000Z liegt in der Zukunft.",
      "8 E-Mail: „pfad/x@example.de“ enthält vor dem @ eines der Zeichen / ? # %, die Resend nicht nachschlagen kann.",
    ]);
  });

  it("refuses a map whose column the file lacks, listing the columns it has", async () => {
    await expect(scan("x.csv", "Mail;Datum\na@b.de;\n", "csv", { email: "E-Mail" })).rejects.toThrow(
      "x.csv: die Spalte „E-Mail“ (email) fehlt in der Kopfzeile. Vorhanden: „Mail“, „Datum“.",
    );
  });

  it("sorts addresses by what Resend knows", async () => {
    const csv = "email,confirmed\na@x.de,2024-01-01\nb@x.de,2024-01-01\nc@x.de,2024-01-01\nd@x.de,\ne@x.de,2024-01-01\n";
    const result = await scan("r.csv", csv, "csv", { email: "email", confirmed_at: "confirmed" });
    const plan = planImport(result, {
      contacts: new Map([
        ["a@x.de", { unsubscribed: false }],
        ["b@x.de", { unsubscribed: true }],
        ["c@x.de", { unsubscribed: false }],
        ["d@x.de", { unsubscribed: false }],
      ]),
      segment: new Set(["a@x.de"]),
    });
    const names = (category: keyof typeof plan.byCategory) => plan.byCategory[category].map((c) => c.email);
    expect(names("present")).toEqual(["a@x.de"]);
    expect(names("resend-unsubscribed")).toEqual(["b@x.de"]);
    expect(names("segment-add")).toEqual(["c@x.de"]);
    expect(names("present-unproven")).toEqual(["d@x.de"]);
    expect(names("new-proven")).toEqual(["e@x.de"]);
  });
});

describe("which Mailchimp files count as subscribed", () => {
  const proofRow = "anna@example.de,2021-01-01 10:00:00,2021-01-01 10:05:00\r\n";
  const header = "Email Address,OPTIN_TIME,CONFIRM_TIME\r\n";

  it("never imports the non-subscribed export, and lets UNSUB_TIME and CLEAN_TIME beat the file name", async () => {
    const zip = zipSync({
      "nonsubscribed_members_export_1a2b.csv": strToU8(header + proofRow),
      "subscribed_members_export_1a2b.csv": strToU8(
        "Email Address,OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME\r\nbert@example.de,2021-01-01 10:00:00,2021-01-01 10:05:00,2022-01-01 00:00:00\r\n",
      ),
      "subscribed_members_export_1a2c.csv": strToU8(
        "Email Address,OPTIN_TIME,CONFIRM_TIME,CLEAN_TIME\r\ncarl@example.de,2021-01-01 10:00:00,2021-01-01 10:05:00,2022-01-01 00:00:00\r\n",
      ),
    });
    const plan = planImport(await scan("states.zip", zip, "mailchimp", MAILCHIMP_COLUMNS), null);
    expect(plan.byCategory["new-proven"]).toEqual([]);
    expect(plan.byCategory["new-unproven"]).toEqual([]);
    expect(plan.byCategory["file-nonsubscribed"].map((c) => c.email)).toEqual(["anna@example.de"]);
    expect(plan.byCategory["file-unsubscribed"].map((c) => c.email)).toEqual(["bert@example.de"]);
    expect(plan.byCategory["file-cleaned"].map((c) => c.email)).toEqual(["carl@example.de"]);
  });

  it("skips a CSV of unknown name in the ZIP with a German line, and refuses one given alone", async () => {
    const zip = zipSync({
      "subscribed_members_export_1a2b.csv": strToU8(header + proofRow),
      "Zielgruppe Kopie.csv": strToU8(header + "dora@example.de,2021-01-01 10:00:00,2021-01-01 10:05:00\r\n"),
    });
    const result = await scan("unknown.zip", zip, "mailchimp", MAILCHIMP_COLUMNS);
    expect(result.candidates.map((c) => c.email)).toEqual(["anna@example.de"]);
    expect(result.ignoredFiles).toEqual([
      "„Zielgruppe Kopie.csv“ ist keine der Dateien eines Mailchimp-Exports (subscribed_members_export_…, unsubscribed_members_export_…, cleaned_members_export_…, nonsubscribed_members_export_…); ob ihre Adressen angemeldet sind, ist unbekannt: nicht gelesen.",
    ]);
    await expect(scan("liste.csv", header + proofRow, "mailchimp", MAILCHIMP_COLUMNS)).rejects.toThrow(
      /liste\.csv: „liste\.csv“ ist keine der Dateien eines Mailchimp-Exports .* oder mit --from csv und --map einlesen\./,
    );
  });
});

describe("limits and encodings", () => {
  it("refuses a record longer than the limit, naming its row", async () => {
    const csv = `email,confirmed\r\na@x.de,2024-01-01\r\n"${"x".repeat(3000)},2024-01-01\r\nb@x.de,2024-01-01\r\n`;
    const path = join(dir, "long.csv");
    writeFileSync(path, csv);
    const rules = { source: "csv" as const, timeZone: "UTC", now: NOW };
    await expect(
      scanFile(path, {
        source: "csv",
        map: { email: "email", confirmed_at: "confirmed" },
        rules,
        shownAs: "long.csv",
        limits: { maxRecordBytes: 2048, maxUnzippedBytes: 1e9 },
      }),
    ).rejects.toThrow("long.csv, Zeile 3: der Datensatz ist länger als 2 KiB");
  });

  it("stops unpacking a ZIP beyond its limit", async () => {
    const { zip } = mailchimpExport(200);
    const path = join(dir, "big.zip");
    writeFileSync(path, zip);
    await expect(
      scanFile(path, {
        source: "mailchimp",
        map: MAILCHIMP_COLUMNS,
        rules: { source: "mailchimp", timeZone: "UTC", now: NOW },
        shownAs: "big.zip",
        limits: { maxRecordBytes: 65_536, maxUnzippedBytes: 20_000 },
      }),
    ).rejects.toThrow(/^big\.zip: entpackt größer als .*; so groß ist kein Abonnenten-Export/);
  });

  it("keeps only so many bad rows in memory, and counts the rest", async () => {
    const csv = `email\r\n${Array.from({ length: 50 }, (_, i) => `kaputt${i}`).join("\r\n")}\r\n`;
    const path = join(dir, "bad.csv");
    writeFileSync(path, csv);
    const result = await scanFile(path, {
      source: "csv",
      map: { email: "email" },
      rules: { source: "csv", timeZone: "UTC", now: NOW },
      shownAs: "bad.csv",
      badRowStore: 10,
    });
    expect(result.bad).toHaveLength(10);
    expect(result.badCount).toBe(50);
    expect(result.invalid).toBe(50);
  });

  it("refuses a file that is not UTF-8 (Excel's Windows-1252 CSV) with what to do in Excel", async () => {
    const latin1 = Buffer.from("E-Mail;Bestätigt am\r\nmüller@example.de;05.03.2024 14:03\r\n", "latin1");
    await expect(scan("excel.csv", latin1, "csv", { email: "E-Mail", confirmed_at: "Bestätigt am" })).rejects.toThrow(
      "excel.csv: Die Datei ist nicht UTF-8: in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.",
    );
    const zip = zipSync({ "subscribed_members_export_1.csv": latin1 });
    await expect(scan("excel.zip", zip, "mailchimp", MAILCHIMP_COLUMNS)).rejects.toThrow(
      "excel.zip: subscribed_members_export_1.csv: Die Datei ist nicht UTF-8",
    );
  });
});

describe("the round trip from rundbrief subscribers export", () => {
  it("gets addresses that start like a formula back unchanged, and reads its status column", async () => {
    const contact = (email: string, unsubscribed: boolean) => ({
      id: `id-${email}`,
      email,
      unsubscribed,
      createdAt: "2026-12-01T08:00:00.000Z",
      firstName: null,
      lastName: null,
      properties: {
        consent_at: "2026-12-01T08:05:00.000Z",
        consent_requested_at: "2026-12-01T08:00:00.000Z",
        consent_form_version: "2026-11-28",
        consent_page: "/",
      },
    });
    const exported = subscribersCsv([
      contact("-info@example.de", false),
      contact("=summe@example.de", false),
      contact("+plus@example.de", false),
      contact("weg@example.de", true),
    ]);
    expect(exported).toContain("'-info@example.de");
    const result = await scan("export.csv", `\uFEFF${exported}`, "csv", {
      email: "email",
      confirmed_at: "consent_at",
      optin_at: "consent_requested_at",
      unsubscribed: "status",
    });
    const plan = planImport(result, null);
    expect(plan.byCategory["new-proven"].map((c) => c.email)).toEqual([
      "-info@example.de",
      "=summe@example.de",
      "+plus@example.de",
    ]);
    expect(plan.byCategory["file-unsubscribed"].map((c) => c.email)).toEqual(["weg@example.de"]);
  });
});
