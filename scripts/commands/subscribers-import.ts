/**
 * `rundbrief subscribers import <file> --from mailchimp|csv`: carries a list over from
 * Mailchimp (its audience export ZIP, or one of its CSVs) or any CSV with a column map,
 * with each subscriber's proof of double opt-in. Plans first (a dry run by default):
 * what is new, already at Resend, unsubscribed, without proof, invalid; `--apply`
 * imports, `--reconfirm` asks those without proof once to confirm. Nothing is written to
 * disk; the key comes from the environment only and is never printed.
 */
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { NewsletterConfigError, resolveNewsletterConfig } from "../../src/lib/newsletter/config.ts";
import { packageConsentDir } from "../../src/lib/package-dir.ts";
import type { ResendFailure } from "../../src/lib/resend-call.ts";
import { resolveSubscribeConfig } from "../../src/lib/subscribe/config.ts";
import { consentFolderOf, loadConsentSet } from "../../src/lib/subscribe/consent-files.ts";
import { runRedacted } from "../lib/redacted-run.ts";
import { EXIT, parseArgsProblem, type CommandContext, type CommandIo } from "../lib/cli-io.ts";
import { applyImport, type ApplyResult, type ReconfirmSettings } from "../lib/import/apply.ts";
import { CATEGORIES, planImport, scanFile, type Category, type ImportPlan, type ResendState } from "../lib/import/plan.ts";
import { SourceError } from "../lib/import/read.ts";
import { createImportPort, type ImportPort, type ImportPortOptions } from "../lib/import/resend-port.ts";
import {
  ColumnError,
  MAILCHIMP_COLUMNS,
  parseColumnMap,
  type BadRow,
  type ColumnMap,
  type ImportSource,
} from "../lib/import/rows.ts";
import { loadConfig } from "../lib/load-config.ts";
import { resendConnection } from "../lib/newsletter-runtime.ts";
import { createProgress, stderrProgress, type Progress, type ProgressSink } from "../lib/progress.ts";

/** The full `--help` text. */
export const IMPORT_HELP = `Verwendung: rundbrief subscribers import <datei> --from mailchimp|csv [Optionen]

Übernimmt eine Abonnentenliste mit dem Nachweis der Einwilligung (Double-Opt-in) zu
Resend. Ohne --apply nur ein Plan (Trockenlauf): wie viele Adressen neu sind, schon bei
Resend, abgemeldet, ohne Nachweis oder ungültig, und je unbrauchbarer Zeile ein Grund.

  --from mailchimp     Export einer Mailchimp-Zielgruppe: das ZIP (subscribed, unsubscribed,
                       cleaned, nonsubscribed) oder eine seiner CSV-Dateien, so benannt, wie
                       Mailchimp sie nennt. Zeiten gelten als UTC.
  --from csv           jede andere CSV-Datei (CleverReach, Brevo, Tabelle), mit --map.
  --map feld=spalte,…  welche Spalte was enthält (mehrfach möglich), z. B.
                       --map email="E-Mail",confirmed_at="Bestätigt am",optin_at="Eingetragen am"
                       Felder: email (Pflicht), confirmed_at, optin_at, confirm_ip, optin_ip,
                       unsubscribed (nicht leer und nicht 0/nein/angemeldet: abgemeldet).
  --nur-angemeldete    bei --from csv ohne unsubscribed-Spalte: die Datei enthält nur aktive
                       Abonnenten (ohne Abgemeldete, Deaktivierte, Unzustellbare). Ohne das
                       oder --map unsubscribed=… importiert --apply nicht.
  --time-zone <zone>   Zeitzone für Zeiten ohne Angabe (Standard: UTC bei Mailchimp, sonst
                       die Zeitzone des Blogs).
  --apply              wirklich importieren.
  --reconfirm          Adressen ohne Nachweis einmal um Bestätigung bitten (Bestätigungsmail
                       der Anmeldung; nie zweimal, auch nicht bei einem weiteren Import).
  --all-errors         alle unbrauchbaren Zeilen zeigen (sonst die ersten 20).

Nachgewiesen ist eine Zeile mit Zeitpunkt der Bestätigung (und, wo die Datei eine solche
Spalte hat, der Eintragung). Nie abonniert werden: abgemeldete und bereinigte Zeilen, Zeilen
ohne Nachweis und Kontakte, die bei Resend abgemeldet sind. Erneut ausführen ist jederzeit
sicher, auch nach einem Abbruch: niemand wird doppelt angelegt oder doppelt gefragt.

Umgebung: RESEND_API_KEY (für den Abgleich und --apply; nur aus der Umgebung),
RESEND_SEGMENT_ID (oder newsletter.segmentId), für --reconfirm zusätzlich SUBSCRIBE_SECRET
und die Adresse der Website wie bei der Anmelde-Funktion.
Exit-Codes: 0 erledigt, 1 fehlgeschlagen, 2 Aufruf-, Datei- oder Konfigurationsfehler.`;

/** Unusable rows shown without --all-errors. */
export const BAD_ROW_LIMIT = 20;

/** What was asked. */
export interface ImportArgs {
  file: string;
  source: ImportSource;
  map: ColumnMap;
  timeZone: string | null;
  apply: boolean;
  reconfirm: boolean;
  allErrors: boolean;
  /** `--nur-angemeldete`: the CSV holds active subscribers only. */
  onlySubscribed: boolean;
}

/** A command line that cannot work; German. */
export class ImportUsageError extends Error {}

/** Reads the command line (after `subscribers import`). */
export function parseImportArgs(argv: readonly string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        from: { type: "string" },
        map: { type: "string", multiple: true },
        "time-zone": { type: "string" },
        apply: { type: "boolean" },
        reconfirm: { type: "boolean" },
        "all-errors": { type: "boolean" },
        "nur-angemeldete": { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new ImportUsageError(`Unbekannter oder unvollständiger Aufruf: ${parseArgsProblem(error)}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0)
    throw new ImportUsageError("Welche Datei? rundbrief subscribers import <datei> --from mailchimp|csv");
  if (positionals.length > 1) throw new ImportUsageError(`Bitte nur eine Datei je Aufruf (erhalten: ${positionals.join(", ")}).`);
  const source = values.from;
  if (source !== "mailchimp" && source !== "csv")
    throw new ImportUsageError(
      source === undefined
        ? "--from fehlt: --from mailchimp (Mailchimp-Export) oder --from csv (jede andere CSV-Datei, mit --map)."
        : `--from „${source}“ gibt es nicht: mailchimp oder csv.`,
    );
  let map: ColumnMap;
  try {
    map =
      source === "mailchimp" ? { ...MAILCHIMP_COLUMNS, ...parseColumnMap(values.map ?? []) } : parseColumnMap(values.map ?? []);
  } catch (error) {
    if (error instanceof ColumnError) throw new ImportUsageError(error.message);
    throw error;
  }
  if (source === "csv" && !map.email)
    throw new ImportUsageError(
      '--from csv braucht --map mit der Spalte der Adresse, z. B. --map email="E-Mail",confirmed_at="Bestätigt am",optin_at="Eingetragen am".',
    );
  const timeZone = values["time-zone"] ?? null;
  if (timeZone !== null) {
    try {
      new Intl.DateTimeFormat("de-DE", { timeZone });
    } catch {
      throw new ImportUsageError(`--time-zone „${timeZone}“ ist keine Zeitzone (z. B. Europe/Berlin oder UTC).`);
    }
  }
  return {
    file: positionals[0]!,
    source,
    map,
    timeZone,
    apply: values.apply === true,
    reconfirm: values.reconfirm === true,
    allErrors: values["all-errors"] === true,
    onlySubscribed: values["nur-angemeldete"] === true,
  };
}

/** Running bulk imports of an earlier run are waited for this long at most. */
export const RUNNING_IMPORT_DEADLINE_MS = 30 * 60_000;

/**
 * A mapped CSV says nothing about who unsubscribed unless a column does: CleverReach and
 * Brevo exports list deactivated and bounced recipients with their old confirmation date.
 * Without that column or the owner's word that the file holds active subscribers only,
 * every row would count as subscribed. Null when the file's states are known.
 */
export function unknownStatusProblem(args: Pick<ImportArgs, "source" | "map" | "onlySubscribed">): string | null {
  if (args.source !== "csv" || args.map.unsubscribed !== undefined || args.onlySubscribed) return null;
  return (
    "Die Datei hat keine Spalte für Abmeldungen (--map unsubscribed=…): so gälte jede Zeile als angemeldet, auch " +
    "Abgemeldete, Deaktivierte und Unzustellbare, die Exporte etwa von CleverReach oder Brevo mit ihrem alten " +
    'Bestätigungsdatum enthalten. Entweder die Spalte zuordnen (z. B. --map unsubscribed="Abgemeldet am" oder ' +
    'unsubscribed="Status") oder nur aktive Abonnenten exportieren und --nur-angemeldete angeben.'
  );
}

/** What a run needs besides its context; tests replace the port, the clock and the progress sink. */
export interface ImportDeps {
  createPort: (options: ImportPortOptions) => ImportPort;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  progress: ProgressSink;
}

const defaultDeps: ImportDeps = {
  createPort: createImportPort,
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  progress: stderrProgress,
};

const number = (n: number) => n.toLocaleString("de-DE");

/** `rundbrief subscribers import <argv>`; returns the exit code. */
export async function runImport(argv: string[], context: CommandContext, deps: ImportDeps = defaultDeps): Promise<number> {
  return runRedacted("rundbrief subscribers import", context, (redacted, secret) => run(argv, redacted, deps, secret));
}

async function run(argv: string[], context: CommandContext, deps: ImportDeps, secret: string | null): Promise<number> {
  const { io, cwd, env } = context;
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    if (!(error instanceof ImportUsageError)) throw error;
    io.err(`${error.message}\n\n${IMPORT_HELP}`);
    return EXIT.usage;
  }
  const statusProblem = unknownStatusProblem(args);
  if (statusProblem && args.apply) {
    io.err(`Nicht importiert: ${statusProblem}`);
    return EXIT.usage;
  }
  const path = resolve(cwd, args.file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    io.err(`${args.file}: die Datei gibt es nicht${existsSync(path) ? " (ein Ordner)" : ""}.`);
    return EXIT.usage;
  }

  // Settings, every problem one line, before anything is read or asked.
  const siteConfig = await loadConfig(cwd);
  const problems: string[] = [];
  const needsResend = args.apply;
  if (needsResend && !secret)
    problems.push("RESEND_API_KEY ist nicht gesetzt: der API-Schlüssel von Resend (voller Zugriff), nur in der Umgebung.");
  let segmentId: string | null = null;
  try {
    segmentId = resolveNewsletterConfig(siteConfig.newsletter, env, siteConfig.timeZone).segmentId;
  } catch (error) {
    if (!(error instanceof NewsletterConfigError)) throw error;
    problems.push(...error.message.split("\n"));
  }
  if (secret && !segmentId)
    problems.push(
      "RESEND_SEGMENT_ID ist nicht gesetzt (auch nicht newsletter.segmentId in rundbrief.config.ts): die ID des Resend-Segments des Newsletters.",
    );
  const connection = resendConnection(env, problems);
  let reconfirm: ReconfirmSettings | null = null;
  if (args.reconfirm && args.apply) {
    const subscribe = resolveSubscribeConfig(siteConfig, env);
    if (!subscribe.ok) problems.push(...subscribe.problems.filter((p) => !/RESEND_API_KEY|RESEND_SEGMENT_ID/.test(p)));
    else {
      const consent = loadConsentSet(consentFolderOf(siteConfig.consentDir, cwd, packageConsentDir(), env), siteConfig.lang, cwd);
      reconfirm = { config: subscribe.config, consent: consent.current };
    }
  }
  if (problems.length > 0) {
    io.err("Konfiguration unvollständig – es wurde nichts gelesen und nichts bei Resend angefragt:");
    for (const problem of problems) io.err(`  - ${problem}`);
    return EXIT.usage;
  }

  const port =
    secret && segmentId
      ? deps.createPort({
          apiKey: secret,
          baseUrl: connection.baseUrl,
          minIntervalMs: connection.minIntervalMs,
          timeoutMs: connection.timeoutMs,
        })
      : null;

  // A bulk import of an earlier run that Resend has not finished yet is waited for, so the plan sees its contacts.
  if (port && args.apply) {
    const deadline = deps.now().getTime() + RUNNING_IMPORT_DEADLINE_MS;
    for (;;) {
      const running = await port.runningImports();
      if (!running.ok) return failed(running.failure, io);
      if (running.value.length === 0) break;
      const ids = running.value.map((i) => i.id).join(", ");
      if (deps.now().getTime() >= deadline) {
        io.err(
          `Bei Resend läuft seit über ${RUNNING_IMPORT_DEADLINE_MS / 60_000} Minuten ein Import (${ids}); nicht länger gewartet, nichts geändert. ` +
            "Später erneut ausführen, oder im Resend-Dashboard unter Contacts → Imports nachsehen.",
        );
        return EXIT.failed;
      }
      io.err(`Bei Resend läuft noch ein Import (${ids}); warte, bis er fertig ist …`);
      await deps.sleep(5_000);
    }
  }

  const shownAs = basename(path);
  const scanStarted = performance.now();
  let plan: ImportPlan;
  try {
    const scan = await scanFile(path, {
      source: args.source,
      map: args.map,
      rules: {
        source: args.source,
        timeZone: args.timeZone ?? (args.source === "mailchimp" ? "UTC" : siteConfig.timeZone),
        now: deps.now(),
      },
      shownAs,
    });
    let state: ResendState | null = null;
    if (port && segmentId) {
      const loaded = await readResendState(port, segmentId, deps.progress);
      if (!loaded.ok) return failed(loaded.failure, io);
      state = loaded.value;
    }
    plan = planImport(scan, state);
  } catch (error) {
    if (error instanceof SourceError || error instanceof ColumnError) {
      io.err(error.message);
      return EXIT.usage;
    }
    throw error;
  }
  printPlan(plan, args, shownAs, io, performance.now() - scanStarted);
  if (statusProblem) {
    io.out("");
    io.out(`ACHTUNG: ${statusProblem} So kann --apply nicht importieren.`);
  }

  if (!args.apply) {
    io.out("");
    io.out(
      port
        ? `Trockenlauf: nichts wurde geändert. Importieren mit --apply${plan.byCategory["new-unproven"].length > 0 && !args.reconfirm ? " (Adressen ohne Nachweis um Bestätigung bitten: --reconfirm)" : ""}.`
        : "Trockenlauf ohne RESEND_API_KEY: nicht mit Resend abgeglichen, „neu“ heißt hier nur „in der Datei“. Importieren mit --apply.",
    );
    return EXIT.done;
  }

  let progress: Progress | null = null;
  let phase: string | null = null;
  const labels: Record<string, (done: number, total: number | undefined) => string> = {
    import: (done, total) => `Sammelimport: ${number(done)} von ${number(total ?? done)} Adressen übergeben`,
    segment: (done, total) => `Ins Segment: ${number(done)} von ${number(total ?? done)}`,
    reconfirm: (done, total) => `Bitte um Bestätigung: ${number(done)} von ${number(total ?? done)} verschickt`,
  };
  const result = await applyImport({
    plan,
    port: port!,
    segmentId: segmentId!,
    origin: { source: args.source, fileName: shownAs, sha256: plan.scan.sha256 },
    reconfirm,
    now: deps.now,
    sleep: deps.sleep,
    reporter: {
      line: (text) => io.out(text),
      progress(name, done, total) {
        if (phase !== name) {
          progress?.finish();
          phase = name;
          progress = createProgress(deps.progress, labels[name]!, Math.max(50, Math.ceil(total / 20)));
        }
        progress!.update(done, total);
      },
      finishProgress() {
        progress?.finish();
        progress = null;
        phase = null;
      },
    },
  });
  printResult(result, args, io);
  if (result.failure) return failed(result.failure, io);
  return result.incomplete ? EXIT.failed : EXIT.done;
}

/** The account's contacts and the segment's members, with progress while listing. */
async function readResendState(
  port: ImportPort,
  segmentId: string,
  sink: ProgressSink,
): Promise<{ ok: true; value: ResendState } | { ok: false; failure: ResendFailure }> {
  const progress = createProgress(sink, (done) => `Resend: ${number(done)} Kontakte gelesen`, 1_000);
  const all = await port.listContacts(null, (count) => progress.update(count));
  progress.finish();
  if (!all.ok) return all;
  const members = await port.listContacts(segmentId);
  if (!members.ok) return members;
  return {
    ok: true,
    value: {
      contacts: new Map(all.value.map((c) => [c.email, { unsubscribed: c.unsubscribed }])),
      segment: new Set(members.value.map((c) => c.email)),
    },
  };
}

const CATEGORY_TEXT: Record<Category, string> = {
  "new-proven": "neu, mit Nachweis: werden angelegt und abonniert",
  "new-unproven": "neu, ohne Nachweis des Double-Opt-in: nicht abonniert",
  present: "schon im Newsletter-Segment: unverändert",
  "segment-add": "bei Resend, nicht im Segment, mit Nachweis: kommen ins Segment",
  "present-unproven": "bei Resend, nicht im Segment, ohne Nachweis: unverändert",
  "resend-unsubscribed": "bei Resend abgemeldet (oder schon um Bestätigung gebeten): unverändert",
  "file-unsubscribed": "in der Datei abgemeldet: nicht importiert",
  "file-cleaned": "in der Datei bereinigt (unzustellbar): nicht importiert",
  "file-nonsubscribed":
    "in der Datei nie angemeldet (Mailchimp „non-subscribed“, haben den Newsletter nie bestellt): nicht importiert, auch nicht um Bestätigung gebeten",
};

const OFFLINE_TEXT: Partial<Record<Category, string>> = {
  "new-proven": "mit Nachweis: würden abonniert, soweit nicht schon bei Resend",
  "new-unproven": "ohne Nachweis des Double-Opt-in: nicht abonniert",
};

function printPlan(plan: ImportPlan, args: ImportArgs, shownAs: string, io: CommandIo, ms: number): void {
  const { scan } = plan;
  const from = args.source === "mailchimp" ? "Mailchimp-Export" : "CSV-Export";
  const files = scan.files.length > 1 || scan.files[0] !== shownAs ? ` (${scan.files.join(", ")})` : "";
  io.out(`Import-Plan für ${shownAs}, ${from}${files}`);
  io.out(`SHA-256 ${scan.sha256}`);
  io.out(
    `${number(scan.rows)} Zeilen gelesen in ${(ms / 1000).toLocaleString("de-DE", { maximumFractionDigits: 1 })} s: ${number(scan.candidates.length)} Adressen, ${number(scan.duplicates)} doppelt, ${number(scan.invalid)} ungültig.`,
  );
  io.out("");
  const rows: Array<[string, number]> = [];
  for (const category of CATEGORIES) {
    const count = plan.byCategory[category].length;
    if (!plan.checkedAtResend && ["present", "segment-add", "present-unproven", "resend-unsubscribed"].includes(category))
      continue;
    const text = plan.checkedAtResend ? CATEGORY_TEXT[category] : (OFFLINE_TEXT[category] ?? CATEGORY_TEXT[category]);
    rows.push([
      category === "new-unproven" && args.reconfirm
        ? text.replace("nicht abonniert", "werden einmal um Bestätigung gebeten")
        : text,
      count,
    ]);
  }
  rows.push(["doppelt in der Datei: nur einmal gezählt", scan.duplicates]);
  rows.push(["ungültig: nicht importiert", scan.invalid]);
  const width = Math.max(...rows.map(([, count]) => number(count).length));
  for (const [text, count] of rows) io.out(`  ${number(count).padStart(width)}  ${text}`);
  if (scan.ignoredFiles.length > 0) {
    io.out("");
    io.out("Nicht gelesene Dateien im ZIP:");
    for (const line of scan.ignoredFiles) io.out(`  ${line}`);
  }
  if (scan.badCount > 0) {
    io.out("");
    io.out("Nicht importierte Zeilen:");
    const shown = args.allErrors ? scan.bad : scan.bad.slice(0, BAD_ROW_LIMIT);
    for (const bad of shown) io.out(`  ${badRowText(bad)}`);
    const rest = scan.badCount - shown.length;
    if (rest > 0)
      io.out(
        shown.length < scan.bad.length
          ? `  … und ${number(rest)} weitere (alle zeigen: --all-errors)`
          : `  … und ${number(rest)} weitere (nicht einzeln aufgeführt; die ersten ${number(scan.bad.length)} beheben und erneut planen)`,
      );
  }
}

/** `datei.csv, Zeile 17, Spalte „E-Mail“: reason`. */
export function badRowText(bad: BadRow): string {
  return `${bad.file}, Zeile ${bad.row}${bad.column ? `, Spalte „${bad.column}“` : ""}: ${bad.reason}`;
}

function printResult(result: ApplyResult, args: ImportArgs, io: CommandIo): void {
  io.out("");
  io.out("Ergebnis:");
  const via = result.createdVia === "single" ? "einzeln angelegt, Sammelimport nicht verfügbar" : "Sammelimport bei Resend";
  io.out(`  ${number(result.created)} Kontakte angelegt und abonniert (${via})`);
  if (result.skippedByResend > 0)
    io.out(`  ${number(result.skippedByResend)} hat Resend übersprungen (inzwischen vorhanden, unverändert)`);
  if (result.failedAtResend > 0) io.out(`  ${number(result.failedAtResend)} hat Resend abgelehnt`);
  io.out(
    `  ${number(result.segmentAdded)} vorhandene Kontakte ins Segment aufgenommen (${number(result.proofWritten)} mit Nachweis aus der Datei)`,
  );
  if (args.reconfirm) {
    io.out(`  ${number(result.reconfirmSent)} um Bestätigung gebeten`);
    if (result.reconfirmResumed > 0) io.out(`  ${number(result.reconfirmResumed)} unterbrochene Bitte abgeschlossen`);
    if (result.reconfirmUnclear > 0) io.out(`  ${number(result.reconfirmUnclear)} Bitte mit unklarem Versand (nicht wiederholt)`);
    if (result.reconfirmSkipped > 0) io.out(`  ${number(result.reconfirmSkipped)} inzwischen bei Resend, daher nicht gefragt`);
  }
  for (const note of result.notes) io.out(`  Hinweis: ${note}`);
}

function failed(failure: ResendFailure, io: CommandIo): number {
  const status = failure.statusCode === null ? "keine Antwort" : `${failure.statusCode} ${failure.name}`;
  io.err(`Resend (${failure.operation}, ${status}): ${failure.message}`);
  if (failure.kind === "auth") {
    io.err("RESEND_API_KEY wird abgelehnt: einen Schlüssel mit „Full access“ anlegen und als RESEND_API_KEY setzen.");
    return EXIT.usage;
  }
  io.err("Abgebrochen. Erneut ausführen ist sicher: schon Erledigtes wird erkannt und nicht wiederholt.");
  return failure.kind === "validation" ? EXIT.usage : EXIT.failed;
}
