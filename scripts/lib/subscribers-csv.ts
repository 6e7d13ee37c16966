/**
 * The subscriber list as CSV (RFC 4180: comma, CRLF, fields with a comma, quote or line
 * break in double quotes, quotes doubled), safe to open in a spreadsheet: a cell that
 * starts like a formula (= + - @, tab, carriage return) gets a leading apostrophe, so
 * Excel or LibreOffice shows it as text instead of running it. Files get a UTF-8 BOM so
 * Excel reads umlauts right.
 */
import { CONSENT_PROPERTY_KEYS } from "../../src/lib/subscribe/consent.ts";
import type { SubscriberContact } from "./subscribers-resend.ts";

/** The property a welcome mail leaves on the contact. */
export const WELCOME_PROPERTY_KEY = "welcome_sent_at";

/** Columns every export has, in this order; further properties follow, sorted. */
export const FIXED_COLUMNS = [
  "email",
  "id",
  "status",
  "created_at",
  "consent_requested_at",
  "consent_at",
  "consent_form_version",
  "consent_page",
  WELCOME_PROPERTY_KEY,
] as const;

/** The byte order mark that tells Excel the file is UTF-8. */
export const UTF8_BOM = "\uFEFF";

/** "angemeldet" or "abgemeldet": the contact's status in German, as in the consent record. */
export function statusText(contact: Pick<SubscriberContact, "unsubscribed">): string {
  return contact.unsubscribed ? "abgemeldet" : "angemeldet";
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: neutralised against formulas, quoted when it must be. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The whole CSV text (without BOM), header first, CRLF after every record. */
export function subscribersCsv(contacts: readonly SubscriberContact[]): string {
  const fixed = new Set<string>(FIXED_COLUMNS);
  const extraProperties = [
    ...new Set(contacts.flatMap((contact) => Object.keys(contact.properties ?? {}).filter((key) => !fixed.has(key)))),
  ].sort();
  const withNames = contacts.some((contact) => contact.firstName || contact.lastName);
  const nameColumns = withNames ? ["first_name", "last_name"] : [];
  const header = [...FIXED_COLUMNS, ...nameColumns, ...extraProperties];
  const rows = contacts.map((contact) => {
    const properties = contact.properties ?? {};
    const fixedValues: Record<(typeof FIXED_COLUMNS)[number], string> = {
      email: contact.email,
      id: contact.id,
      status: statusText(contact),
      created_at: contact.createdAt ?? "",
      consent_requested_at: properties.consent_requested_at ?? "",
      consent_at: properties.consent_at ?? "",
      consent_form_version: properties.consent_form_version ?? "",
      consent_page: properties.consent_page ?? "",
      [WELCOME_PROPERTY_KEY]: properties[WELCOME_PROPERTY_KEY] ?? "",
    };
    return [
      ...FIXED_COLUMNS.map((column) => fixedValues[column]),
      ...(withNames ? [contact.firstName ?? "", contact.lastName ?? ""] : []),
      ...extraProperties.map((key) => properties[key] ?? ""),
    ];
  });
  return [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** The consent properties a contact lacks: a contact without them has no double opt-in record. */
export function missingConsent(contact: Pick<SubscriberContact, "properties">): string[] {
  const properties = contact.properties ?? {};
  return CONSENT_PROPERTY_KEYS.filter((key) => !properties[key]);
}
