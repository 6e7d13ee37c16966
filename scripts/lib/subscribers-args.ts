/**
 * The command line of `rundbrief subscribers`: a subcommand (show, export, delete), its
 * address and its flags, read completely before anything asks Resend.
 */
import { parseArgs } from "node:util";
import { hasUrlUnsafeLocalPart, normalizeEmail } from "../../src/lib/subscribe/validation.ts";
import { parseArgsProblem } from "./cli-io.ts";

/** Who a subcommand is about: an address, or a Resend contact id (for addresses Resend cannot look up by path). */
export type ContactTarget = { kind: "email"; email: string } | { kind: "id"; id: string };

/** What was asked. */
export type SubscribersArgs =
  | { action: "show"; target: ContactTarget; html: boolean }
  | { action: "export"; csv: string | null; force: boolean }
  | { action: "delete"; target: ContactTarget; yes: boolean };

/** A command line that cannot work; the message is German and says what to write instead. */
export class SubscribersUsageError extends Error {}

/** The full `--help` text. */
export const SUBSCRIBERS_HELP = `Verwendung: rundbrief subscribers <show|export|delete> …

Abonnentinnen und Abonnenten des Newsletter-Segments bei Resend, mit dem Nachweis ihrer
Einwilligung (Double-Opt-in, § 7 UWG):

  rundbrief subscribers show <adresse> [--html]
      Nachweis der Einwilligung einer Adresse: Status, Zeitpunkte von Anmeldung und
      Bestätigung, Seite, Formularversion und deren Wortlaut. Als Markdown; mit --html
      als druckbares HTML-Dokument (z. B. > nachweis.html, im Browser als PDF drucken).

  rundbrief subscribers export [--csv <datei>] [--force]
      Alle Kontakte des Segments mit ihren Einwilligungsdaten als CSV (UTF-8): ohne
      --csv auf die Standardausgabe, mit --csv in die Datei (mit BOM für Excel, nur für
      Sie lesbar). Eine vorhandene Datei wird nur mit --force überschrieben.

  rundbrief subscribers delete <adresse> [--yes]
      Löscht den Kontakt bei Resend (Recht auf Löschung, Art. 17 DSGVO), nach Rückfrage
      „Wirklich löschen? (ja/nein)“; --yes löscht ohne Rückfrage (für Skripte). Rundbrief
      behält nichts davon und zeigt, was gelöscht wurde.

  rundbrief subscribers import <datei> --from mailchimp|csv [--apply] [--reconfirm]
      Übernimmt eine Liste (Mailchimp-Export oder CSV) mit dem Nachweis der Einwilligung;
      ohne --apply nur der Plan. Hilfe: rundbrief subscribers import --help

Statt einer Adresse geht auch die Kontakt-ID von Resend (Spalte id im Export).

Umgebung: RESEND_API_KEY (Pflicht, nur aus der Umgebung), RESEND_SEGMENT_ID (oder
newsletter.segmentId in rundbrief.config.ts). Resend erlaubt 2 Anfragen pro Sekunde; ein
Export liest jeden Kontakt einzeln und braucht für 1000 Kontakte etwa 10 Minuten.
Exit-Codes: 0 erledigt, 1 fehlgeschlagen oder nicht gefunden, 2 Aufruf- oder Konfigurationsfehler.`;

const ACTIONS = {
  show: { html: { type: "boolean" } },
  export: { csv: { type: "string" }, force: { type: "boolean" } },
  delete: { yes: { type: "boolean", short: "y" } },
} as const;

type Action = keyof typeof ACTIONS;

const CONTACT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The address or contact id of show and delete, checked. */
export function parseTarget(raw: string | undefined, action: "show" | "delete"): ContactTarget {
  if (raw === undefined || raw.trim() === "") {
    throw new SubscribersUsageError(
      `Welche Adresse? Bitte angeben: rundbrief subscribers ${action} <adresse> (oder die Kontakt-ID aus dem Export).`,
    );
  }
  const value = raw.trim();
  if (CONTACT_ID.test(value)) return { kind: "id", id: value.toLowerCase() };
  const email = normalizeEmail(value);
  if (!email) throw new SubscribersUsageError(`„${value}“ ist keine E-Mail-Adresse (und keine Kontakt-ID von Resend).`);
  if (hasUrlUnsafeLocalPart(email)) {
    throw new SubscribersUsageError(
      `„${value}“ enthält / ? # oder %: so kann Resend die Adresse nicht nachschlagen. ` +
        "Bitte die Kontakt-ID angeben (Spalte id in rundbrief subscribers export).",
    );
  }
  return { kind: "email", email };
}

/** Reads the command line; throws SubscribersUsageError. */
export function parseSubscribersArgs(argv: readonly string[]): SubscribersArgs {
  const [action, ...rest] = argv;
  if (action === undefined || action.startsWith("-")) {
    throw new SubscribersUsageError("Unterbefehl fehlt: show, export oder delete.");
  }
  if (!Object.hasOwn(ACTIONS, action)) {
    throw new SubscribersUsageError(`Unbekannter Unterbefehl „${action}“: erwartet show, export oder delete.`);
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...rest],
      options: ACTIONS[action as Action],
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    const other = Object.entries(ACTIONS).find(
      ([name, options]) => name !== action && Object.keys(options).some((option) => rest.includes(`--${option}`)),
    );
    const hint = other
      ? ` (${Object.keys(other[1])
          .map((o) => `--${o}`)
          .join(", ")} gehört zu „${other[0]}“)`
      : "";
    throw new SubscribersUsageError(`Unbekannter oder unvollständiger Aufruf: ${parseArgsProblem(error)}${hint}`);
  }
  const { values, positionals } = parsed;
  if (action === "export") {
    if (positionals.length > 0)
      throw new SubscribersUsageError(`export nimmt keine Adresse („${positionals[0]}“); für eine Adresse: show.`);
    const csv = typeof values.csv === "string" ? values.csv.trim() : null;
    if (csv === "") throw new SubscribersUsageError("--csv braucht einen Dateinamen, z. B. --csv abonnenten.csv.");
    if (values.force && csv === null) throw new SubscribersUsageError("--force gilt nur zusammen mit --csv <datei>.");
    return { action, csv, force: values.force === true };
  }
  if (positionals.length > 1) {
    throw new SubscribersUsageError(`Bitte nur eine Adresse je Aufruf (erhalten: ${positionals.join(", ")}).`);
  }
  const target = parseTarget(positionals[0], action as "show" | "delete");
  return action === "show"
    ? { action, target, html: values.html === true }
    : { action: "delete", target, yes: values.yes === true };
}

/** The target as the user wrote it, for messages. */
export function targetText(target: ContactTarget): string {
  return target.kind === "email" ? target.email : `Kontakt-ID ${target.id}`;
}
