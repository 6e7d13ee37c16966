/**
 * From CSV records to what an import may do with each address: which column means what
 * (Mailchimp's fixed names, or a `--map` for any other export), which rows prove a double
 * opt-in, and why a row is unusable, in German with file, row and column.
 */
import { zonedTime } from "../../../src/lib/dates.ts";
import { hasUrlUnsafeLocalPart, normalizeEmail } from "../../../src/lib/subscribe/validation.ts";
import type { SourceFile, SourceRecord } from "./read.ts";

/** What a column can mean. */
export const IMPORT_FIELDS = ["email", "confirmed_at", "optin_at", "confirm_ip", "optin_ip", "unsubscribed"] as const;

/** One meaning. */
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column name per meaning; `email` is required. */
export type ColumnMap = Partial<Record<ImportField, string>>;

/** Where an export comes from: fixes the column names, the status rule and the source recorded with consent. */
export type ImportSource = "mailchimp" | "csv";

/** Mailchimp's audience export (all three files share these names). */
export const MAILCHIMP_COLUMNS: ColumnMap = {
  email: "Email Address",
  optin_at: "OPTIN_TIME",
  optin_ip: "OPTIN_IP",
  confirmed_at: "CONFIRM_TIME",
  confirm_ip: "CONFIRM_IP",
};

/** A subscriber's state in the export. */
export type ExportStatus = "subscribed" | "unsubscribed" | "cleaned" | "nonsubscribed";

/** The proof of a double opt-in as the old provider recorded it (times as ISO UTC). */
export interface ImportProof {
  confirmedAt: string;
  optinAt: string | null;
  confirmIp: string | null;
  optinIp: string | null;
}

/** A usable row: one address with its state and, if proven, its proof. */
export interface ImportCandidate {
  email: string;
  status: ExportStatus;
  proof: ImportProof | null;
  /** Why a subscribed row is not proven (German), when it is not. */
  unproven: string | null;
  fileIndex: number;
  file: string;
  row: number;
}

/** A row that is not imported, with the reason. */
export interface BadRow {
  file: string;
  row: number;
  /** The column the problem is in, when one is. */
  column: string | null;
  reason: string;
}

/** The outcome of one record. */
export type RowOutcome = { kind: "empty" } | { kind: "bad"; bad: BadRow } | { kind: "candidate"; candidate: ImportCandidate };

/** A `--map` or a header that cannot work; German, naming the file and column. */
export class ColumnError extends Error {}

/**
 * Reads `--map email="E-Mail",confirmed_at="Bestätigt am"` (one or several, the shell's
 * quotes already gone; quotes around a name that holds a comma stay allowed).
 */
export function parseColumnMap(specs: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  for (const spec of specs) {
    for (const part of splitOutsideQuotes(spec)) {
      if (part.trim() === "") continue;
      const eq = part.indexOf("=");
      if (eq < 1)
        throw new ColumnError(`--map: „${part.trim()}“ ist keine Zuordnung; erwartet Feld=Spalte, z. B. email="E-Mail".`);
      const key = part.slice(0, eq).trim();
      const column = unquote(part.slice(eq + 1).trim());
      if (!(IMPORT_FIELDS as readonly string[]).includes(key))
        throw new ColumnError(`--map: unbekanntes Feld „${key}“; möglich sind ${IMPORT_FIELDS.join(", ")}.`);
      if (column === "") throw new ColumnError(`--map: für ${key} fehlt der Spaltenname.`);
      map[key as ImportField] = column;
    }
  }
  return map;
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replaceAll('""', '"') : text;
}

/** Column positions of one file; `ignored` says why a file of a Mailchimp ZIP is not read. */
export interface FileColumns {
  file: SourceFile;
  index: Partial<Record<ImportField, number>>;
  status: ExportStatus | null;
  ignored: string | null;
}

/** Mailchimp's file names, by the state they hold; `non` first, so that it is never taken for `subscribed`. */
const MAILCHIMP_FILE_STATES: ReadonlyArray<[RegExp, ExportStatus]> = [
  [/^non[-_ ]?subscribed(?=[-_. ]|$)/, "nonsubscribed"],
  [/^unsubscribed(?=[-_. ]|$)/, "unsubscribed"],
  [/^cleaned(?=[-_. ]|$)/, "cleaned"],
  [/^subscribed(?=[-_. ]|$)/, "subscribed"],
];

/**
 * The state of a Mailchimp CSV: its columns first (UNSUB_TIME only in the unsubscribed
 * export, CLEAN_TIME only in the cleaned one), else the name Mailchimp gives each file
 * (`subscribed_members_export_…`, `unsubscribed_…`, `cleaned_…`, `nonsubscribed_…`, the
 * first word only). Null when neither tells: such a file is never read as subscribed.
 */
export function mailchimpStatusOf(name: string, headers: readonly string[]): ExportStatus | null {
  const upper = headers.map((h) => h.trim().toUpperCase());
  if (upper.includes("UNSUB_TIME")) return "unsubscribed";
  if (upper.includes("CLEAN_TIME")) return "cleaned";
  const base = (name.split(/[/\\:]/).at(-1) ?? name).trim().toLowerCase();
  for (const [pattern, status] of MAILCHIMP_FILE_STATES) if (pattern.test(base)) return status;
  return null;
}

/** Finds the mapped columns in a file's header (case and surrounding spaces do not matter). */
export function resolveColumns(file: SourceFile, map: ColumnMap, source: ImportSource): FileColumns {
  let status: ExportStatus | null = null;
  if (source === "mailchimp") {
    status = mailchimpStatusOf(file.name, file.headers);
    if (status === null) {
      const member =
        file.name
          .split(/[/\\:]/)
          .at(-1)
          ?.trim() ?? file.name;
      const reason =
        `„${member}“ ist keine der Dateien eines Mailchimp-Exports (subscribed_members_export_…, ` +
        "unsubscribed_members_export_…, cleaned_members_export_…, nonsubscribed_members_export_…); ob ihre Adressen angemeldet sind, ist unbekannt";
      if (file.inArchive) return { file, index: {}, status: null, ignored: `${reason}: nicht gelesen.` };
      throw new ColumnError(
        `${file.name}: ${reason}. Die Datei so benennen, wie Mailchimp sie genannt hat, oder mit --from csv und --map einlesen.`,
      );
    }
  }
  const byName = new Map<string, number>();
  file.headers.forEach((header, i) => {
    const key = header.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, i);
  });
  const index: Partial<Record<ImportField, number>> = {};
  const missing: string[] = [];
  for (const field of IMPORT_FIELDS) {
    const column = map[field];
    if (column === undefined) continue;
    const at = byName.get(column.trim().toLowerCase());
    if (at !== undefined) index[field] = at;
    // Mailchimp's unsubscribed and cleaned files may lack the proof columns: their rows are never imported.
    else if (source === "csv" || field === "email") missing.push(`„${column}“ (${field})`);
  }
  if (missing.length > 0) {
    const shown = file.headers.length > 0 ? file.headers.map((h) => `„${h}“`).join(", ") : "keine";
    throw new ColumnError(
      `${file.name}: ${missing.length === 1 ? "die Spalte" : "die Spalten"} ${missing.join(", ")} ${missing.length === 1 ? "fehlt" : "fehlen"} in der Kopfzeile. ` +
        `Vorhanden: ${shown}.` +
        (source === "csv" ? ` Zuordnung mit --map anpassen, z. B. --map email="E-Mail".` : ""),
    );
  }
  return { file, index, status, ignored: null };
}

/**
 * Values of an `unsubscribed` column that mean "still subscribed": empty, no/false, and
 * the status words of an export, so `--map unsubscribed=status` reads `rundbrief
 * subscribers export` ("angemeldet"/"abgemeldet") right. Anything else means unsubscribed.
 */
const FALSY = new Set(["", "0", "nein", "no", "false", "falsch", "n", "angemeldet", "subscribed", "aktiv", "active"]);

/** What a spreadsheet-safe export puts before a cell that starts like a formula. */
const FORMULA_GUARD = /^'(?=[=+\-@])/;

/**
 * A time as exports write it: ISO 8601 (with or without offset), `2024-03-05 14:03:22`,
 * `05.03.2024 14:03(:22)` or a bare date; times without an offset are in `timeZone`.
 * Returns null when unreadable.
 */
export function parseExportTime(raw: string, timeZone: string): Date | null {
  const text = raw.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(text);
  let fields: number[] | null = null;
  if (match) fields = [match[1], match[2], match[3], match[4], match[5], match[6]].map((v) => Number(v ?? 0));
  else {
    match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    if (match) fields = [match[3], match[2], match[1], match[4], match[5], match[6]].map((v) => Number(v ?? 0));
  }
  if (fields) {
    const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
    if (hour > 23 || minute > 59 || second > 59) return null;
    return zonedTime({ year, month, day, hour, minute, second }, timeZone);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const time = Date.parse(text);
    return Number.isNaN(time) ? null : new Date(time);
  }
  return null;
}

/** Settings for judging rows. */
export interface RowRules {
  source: ImportSource;
  /** Zone of times without offset: UTC for Mailchimp, the blog's zone for other exports. */
  timeZone: string;
  /** Times after this are refused (clock skew of the old provider aside). */
  now: Date;
}

/** Judges one record of a file. */
export function evaluateRow(record: SourceRecord, columns: FileColumns, rules: RowRules): RowOutcome {
  const { values, row, file } = record;
  if (values.every((value) => value.trim() === "")) return { kind: "empty" };
  const name = (field: ImportField) => file.headers[columns.index[field]!] ?? field;
  const value = (field: ImportField): string => {
    const at = columns.index[field];
    return at === undefined ? "" : (values[at] ?? "").trim();
  };
  const bad = (field: ImportField | null, reason: string): RowOutcome => ({
    kind: "bad",
    bad: { file: file.name, row, column: field ? name(field) : null, reason },
  });

  // `rundbrief subscribers export` writes `-info@…` as `'-info@…` so no spreadsheet runs it: undone here.
  const rawEmail = value("email").replace(FORMULA_GUARD, "");
  if (rawEmail === "") return bad("email", "keine E-Mail-Adresse.");
  const email = normalizeEmail(rawEmail);
  if (!email) return bad("email", `„${clip(rawEmail)}“ ist keine gültige E-Mail-Adresse.`);
  if (hasUrlUnsafeLocalPart(email))
    return bad("email", `„${clip(rawEmail)}“ enthält vor dem @ eines der Zeichen / ? # %, die Resend nicht nachschlagen kann.`);

  let status: ExportStatus = columns.status ?? "subscribed";
  if (columns.index.unsubscribed !== undefined && !FALSY.has(value("unsubscribed").toLowerCase())) status = "unsubscribed";
  const base = { email, fileIndex: file.index, file: file.name, row };
  if (status !== "subscribed") return { kind: "candidate", candidate: { ...base, status, proof: null, unproven: null } };

  const time = (field: "confirmed_at" | "optin_at"): Date | null | "bad" => {
    const raw = value(field);
    if (raw === "") return null;
    const parsed = parseExportTime(raw, rules.timeZone);
    return parsed ?? "bad";
  };
  const confirmed = time("confirmed_at");
  const optin = time("optin_at");
  for (const [field, parsed] of [
    ["confirmed_at", confirmed],
    ["optin_at", optin],
  ] as const) {
    if (parsed === "bad")
      return bad(
        field,
        `„${clip(value(field))}“ ist kein lesbarer Zeitpunkt (erwartet z. B. 2024-03-05 14:03:22 oder 05.03.2024 14:03).`,
      );
    if (parsed && parsed.getTime() > rules.now.getTime() + 24 * 3_600_000)
      return bad(field, `${parsed.toISOString()} liegt in der Zukunft.`);
  }
  const confirmedAt = confirmed as Date | null;
  const optinAt = optin as Date | null;
  if (confirmedAt && optinAt && confirmedAt.getTime() < optinAt.getTime())
    return bad(
      "confirmed_at",
      `die Bestätigung (${confirmedAt.toISOString()}) liegt vor der Eintragung (${optinAt.toISOString()}); widersprüchlich.`,
    );

  let unproven: string | null = null;
  if (columns.index.confirmed_at === undefined) unproven = "die Datei hat keine Spalte mit dem Zeitpunkt der Bestätigung";
  else if (!confirmedAt) unproven = `kein Zeitpunkt der Bestätigung (${name("confirmed_at")})`;
  else if (columns.index.optin_at !== undefined && !optinAt) unproven = `kein Zeitpunkt der Eintragung (${name("optin_at")})`;
  const proof: ImportProof | null =
    unproven === null && confirmedAt
      ? {
          confirmedAt: confirmedAt.toISOString(),
          optinAt: optinAt ? optinAt.toISOString() : null,
          confirmIp: value("confirm_ip") || null,
          optinIp: value("optin_ip") || null,
        }
      : null;
  return { kind: "candidate", candidate: { ...base, status, proof, unproven } };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const STATUS_RANK: Record<ExportStatus, number> = { subscribed: 0, nonsubscribed: 1, unsubscribed: 2, cleaned: 3 };

/** A second row of an address already seen: how the two combine, and the line that reports it. */
export function mergeDuplicate(first: ImportCandidate, second: ImportCandidate): { kept: ImportCandidate; bad: BadRow } {
  // The more restrictive state wins: an unsubscribe or a bounce anywhere in the export is never undone.
  const kept =
    STATUS_RANK[second.status] > STATUS_RANK[first.status]
      ? { ...first, status: second.status, proof: null, unproven: null }
      : first;
  const where = second.file === first.file ? `Zeile ${first.row}` : `Zeile ${first.row} in ${first.file}`;
  const effect =
    kept.status !== first.status
      ? `; sie gilt als ${STATUS_TEXT[kept.status]} und wird nicht abonniert`
      : "; nur die erste Zeile zählt";
  return {
    kept,
    bad: { file: second.file, row: second.row, column: null, reason: `doppelt: dieselbe Adresse wie ${where}${effect}.` },
  };
}

/** States in German. */
export const STATUS_TEXT: Record<ExportStatus, string> = {
  subscribed: "angemeldet",
  unsubscribed: "abgemeldet",
  cleaned: "bereinigt (unzustellbar)",
  nonsubscribed: "nie angemeldet",
};
