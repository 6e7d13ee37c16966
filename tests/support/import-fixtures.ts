/**
 * Generated subscriber exports with mixed consent states: Mailchimp-shaped ZIPs (its
 * three CSV files with Mailchimp's columns) and a CleverReach-like German CSV (BOM,
 * semicolons, German dates), each with the addresses a correct import must put where.
 */
import { zipSync, strToU8 } from "fflate";

/** What a generated export holds, by what an import must do with each address. */
export interface ExpectedImport {
  /** Subscribed with confirmation (and opt-in) time: imported and subscribed. */
  proven: string[];
  /** Subscribed without proof: never subscribed; asked once with --reconfirm. */
  unproven: string[];
  unsubscribed: string[];
  cleaned: string[];
  /** Rows with an invalid address. */
  invalid: number;
  /** Second rows of an address. */
  duplicates: number;
  rows: number;
}

const SUBSCRIBED_HEADERS = [
  "Email Address",
  "First Name",
  "Last Name",
  "MEMBER_RATING",
  "OPTIN_TIME",
  "OPTIN_IP",
  "CONFIRM_TIME",
  "CONFIRM_IP",
  "LATITUDE",
  "LONGITUDE",
  "GMTOFF",
  "DSTOFF",
  "TIMEZONE",
  "CC",
  "REGION",
  "LAST_CHANGED",
  "LEID",
  "EUID",
  "NOTES",
  "TAGS",
];
const UNSUBSCRIBED_HEADERS = [
  ...SUBSCRIBED_HEADERS,
  "UNSUB_TIME",
  "UNSUB_CAMPAIGN_TITLE",
  "UNSUB_CAMPAIGN_ID",
  "UNSUB_REASON",
  "UNSUB_REASON_OTHER",
];
const CLEANED_HEADERS = [...SUBSCRIBED_HEADERS, "CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID"];

function csvLine(values: readonly string[], separator = ","): string {
  return values.map((v) => (/["\r\n,;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(separator);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A Mailchimp time (UTC, `YYYY-MM-DD HH:MM:SS`) `i` minutes after 2021-01-01. */
function mailchimpTime(i: number, plusMinutes = 0): string {
  const d = new Date(Date.UTC(2021, 0, 1) + (i + plusMinutes) * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function memberRow(email: string, i: number, proof: { optin: boolean; confirm: boolean }, extra: string[] = []): string[] {
  return [
    email,
    i % 7 === 0 ? 'Anna, "die Erste"' : `Vorname${i}`,
    i % 11 === 0 ? "Müller\nZweite Zeile" : `Nachname${i}`,
    "2",
    proof.optin ? mailchimpTime(i) : "",
    proof.optin ? `192.0.2.${i % 250}` : "",
    proof.confirm ? mailchimpTime(i, 5) : "",
    proof.confirm ? `198.51.100.${i % 250}` : "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    mailchimpTime(i, 10),
    String(100000 + i),
    `euid${i}`,
    "",
    '"Kunde"',
    ...extra,
  ];
}

/**
 * A Mailchimp audience export of `rows` rows: per ten rows six proven, one subscribed
 * without confirmation time, one unsubscribed, one cleaned, and every twentieth an invalid
 * address or a duplicate in turn. `prefix` keeps addresses of two exports apart.
 */
export function mailchimpExport(
  rows: number,
  prefix = "m",
): { zip: Uint8Array; files: Record<string, string>; expected: ExpectedImport } {
  const subscribed = [csvLine(SUBSCRIBED_HEADERS)];
  const unsubscribed = [csvLine(UNSUBSCRIBED_HEADERS)];
  const cleaned = [csvLine(CLEANED_HEADERS)];
  const expected: ExpectedImport = { proven: [], unproven: [], unsubscribed: [], cleaned: [], invalid: 0, duplicates: 0, rows };
  for (let i = 0; i < rows; i += 1) {
    const email = `${prefix}${i}@example.org`;
    const kind = i % 10;
    if (kind <= 5) {
      subscribed.push(csvLine(memberRow(email, i, { optin: true, confirm: true })));
      expected.proven.push(email);
    } else if (kind === 6) {
      subscribed.push(csvLine(memberRow(email, i, { optin: true, confirm: false })));
      expected.unproven.push(email);
    } else if (kind === 7) {
      unsubscribed.push(
        csvLine(memberRow(email, i, { optin: true, confirm: true }, [mailchimpTime(i, 60), "Kampagne", "c1", "NORMAL", ""])),
      );
      expected.unsubscribed.push(email);
    } else if (kind === 8) {
      cleaned.push(csvLine(memberRow(email, i, { optin: true, confirm: true }, [mailchimpTime(i, 60), "Kampagne", "c1"])));
      expected.cleaned.push(email);
    } else if (i % 20 === 9) {
      subscribed.push(csvLine(memberRow(`kaputt${i}@@example.org`, i, { optin: true, confirm: true })));
      expected.invalid += 1;
    } else {
      // The address of the proven row i - 9, in capitals: the same person.
      subscribed.push(csvLine(memberRow(`${prefix}${i - 9}@EXAMPLE.org`, i, { optin: true, confirm: true })));
      expected.duplicates += 1;
    }
  }
  const files = {
    "subscribed_members_export_1a2b3c.csv": `${subscribed.join("\r\n")}\r\n`,
    "unsubscribed_members_export_1a2b3c.csv": `${unsubscribed.join("\r\n")}\r\n`,
    "cleaned_members_export_1a2b3c.csv": `${cleaned.join("\r\n")}\r\n`,
  };
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), { level: 6 });
  return { zip, files, expected };
}

/** The column map of germanExport. */
export const GERMAN_MAP = 'email="E-Mail",optin_at="Eingetragen am",confirmed_at="Bestätigt am",unsubscribed="Abgemeldet am"';

/**
 * A CleverReach-like export as Excel in Germany saves it: UTF-8 with BOM, semicolons,
 * `05.03.2024 14:03` times; per ten rows seven proven, two without confirmation, one
 * unsubscribed.
 */
export function germanExport(rows: number, prefix = "g"): { csv: string; expected: ExpectedImport } {
  const lines = [["E-Mail", "Anrede", "Eingetragen am", "Bestätigt am", "Abgemeldet am", "Notiz"].join(";")];
  const expected: ExpectedImport = { proven: [], unproven: [], unsubscribed: [], cleaned: [], invalid: 0, duplicates: 0, rows };
  for (let i = 0; i < rows; i += 1) {
    const email = `${prefix}${i}@example.net`;
    const d = new Date(Date.UTC(2022, 5, 1) + i * 3_600_000);
    const date = `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const kind = i % 10;
    const note = i % 13 === 0 ? "Messe; Stand 4\nRückruf erwünscht" : "";
    if (kind <= 6) {
      lines.push(csvLine([email, "Frau", date, date, "", note], ";"));
      expected.proven.push(email);
    } else if (kind <= 8) {
      lines.push(csvLine([email, "Herr", date, "", "", note], ";"));
      expected.unproven.push(email);
    } else {
      lines.push(csvLine([email, "", date, date, date, note], ";"));
      expected.unsubscribed.push(email);
    }
  }
  return { csv: `\uFEFF${lines.join("\r\n")}\r\n`, expected };
}
