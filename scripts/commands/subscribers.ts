/**
 * `rundbrief subscribers`: the newsletter segment's contacts at Resend, for the proof of
 * double opt-in a German sender must be able to give for every subscriber (BGH I ZR
 * 164/09, § 7 UWG) and for requests under the GDPR. `show` prints one consent record,
 * `export` the whole segment as CSV, `delete` removes one contact after asking. Only
 * contacts of the newsletter's segment count. Nothing is written anywhere but where the
 * user says (stdout, the --csv file); the API key is read from the environment only and
 * never printed.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { RundbriefConfig } from "../../src/config.ts";
import { NewsletterConfigError, resolveNewsletterConfig } from "../../src/lib/newsletter/config.ts";
import type { ResendFailure } from "../../src/lib/resend-call.ts";
import { resolveSiteLocation } from "../../src/lib/site-url.ts";
import { IMPORT_HELP, runImport } from "./subscribers-import.ts";
import { runRedacted } from "../lib/redacted-run.ts";
import { EXIT, type Command, type CommandContext, type CommandIo } from "../lib/cli-io.ts";
import { buildConsentRecord, formatInstant, recordHtml, recordMarkdown } from "../lib/consent-record.ts";
import { consentWording } from "../lib/consent-wording.ts";
import { loadConfig } from "../lib/load-config.ts";
import { resendConnection } from "../lib/newsletter-runtime.ts";
import { createProgress, stderrProgress, type ProgressSink } from "../lib/progress.ts";
import {
  SUBSCRIBERS_HELP,
  SubscribersUsageError,
  parseSubscribersArgs,
  targetText,
  type ContactTarget,
  type SubscribersArgs,
} from "../lib/subscribers-args.ts";
import { missingConsent, statusText, subscribersCsv, UTF8_BOM } from "../lib/subscribers-csv.ts";
import {
  createSubscribersPort,
  type SegmentInfo,
  type SubscriberContact,
  type SubscribersPort,
  type SubscribersPortOptions,
} from "../lib/subscribers-resend.ts";

/** The terminal around a run: raw stdout, progress on stderr, and the question before a delete. */
export interface SubscribersTerminal {
  /** Writes raw text to stdout (the CSV). */
  stdout(text: string): void;
  /** Progress on stderr. */
  progress: ProgressSink;
  /** True when a person can answer (stdin and stderr are terminals). */
  interactive: boolean;
  /** Asks one question and returns the answer line. */
  ask(question: string): Promise<string>;
}

/** The process's own terminal. */
export const processTerminal: SubscribersTerminal = {
  stdout: (text) => process.stdout.write(text),
  progress: stderrProgress,
  get interactive() {
    return process.stdin.isTTY === true && process.stderr.isTTY === true;
  },
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

/** What a run needs besides its context; tests replace the port and the clock. */
export interface SubscribersDeps {
  terminal: SubscribersTerminal;
  createPort: (options: SubscribersPortOptions) => SubscribersPort;
  now: () => Date;
}

const defaultDeps: SubscribersDeps = { terminal: processTerminal, createPort: createSubscribersPort, now: () => new Date() };

/** Everything settled before the first request. */
interface Settings {
  siteConfig: RundbriefConfig;
  siteUrl: string;
  segmentId: string;
  port: SubscribersPort;
}

/** A Resend failure in German with what to do about it. */
export function subscribersFailureText(failure: ResendFailure): string {
  const status = failure.statusCode === null ? "keine Antwort" : `${failure.statusCode} ${failure.name}`;
  const resend = `Resend (${failure.operation}, ${status}): ${failure.message}`;
  switch (failure.kind) {
    case "auth":
      return `${resend}\nRESEND_API_KEY wird abgelehnt. Einen Schlüssel mit „Full access“ (Kontakte lesen und löschen) im Resend-Dashboard anlegen und als RESEND_API_KEY setzen.`;
    case "rate-limit":
    case "quota":
      return `${resend}\nResend drosselt dauerhaft (429). Später erneut ausführen; RESEND_MIN_INTERVAL_MS vergrößern, wenn andere Programme dasselbe Konto nutzen.`;
    case "server":
    case "network":
      return `${resend}\nResend war nicht erreichbar oder gestört. Erneut ausführen ist sicher.`;
    default:
      return resend;
  }
}

/** Auth and validation problems are configuration: exit 2; everything else failed: exit 1. */
function exitCodeFor(failure: ResendFailure): number {
  return failure.kind === "auth" || failure.kind === "validation" ? EXIT.usage : EXIT.failed;
}

/** `rundbrief subscribers <argv>` in `context`; returns the exit code. */
export async function runSubscribers(
  argv: string[],
  context: CommandContext,
  deps: SubscribersDeps = defaultDeps,
): Promise<number> {
  return runRedacted("rundbrief subscribers", context, (redacted, secret) => phases(argv, redacted, deps, secret));
}

async function phases(argv: string[], context: CommandContext, deps: SubscribersDeps, secret: string | null): Promise<number> {
  const { io, cwd } = context;
  let args: SubscribersArgs;
  try {
    args = parseSubscribersArgs(argv);
  } catch (error) {
    if (!(error instanceof SubscribersUsageError)) throw error;
    io.err(`${error.message}\n\n${SUBSCRIBERS_HELP}`);
    return EXIT.usage;
  }
  if (args.action === "delete" && !args.yes && !deps.terminal.interactive) {
    io.err(
      "Löschen braucht eine Bestätigung, aber hier kann niemand antworten (kein Terminal). " +
        `Ohne Rückfrage löschen: rundbrief subscribers delete ${args.target.kind === "email" ? args.target.email : args.target.id} --yes`,
    );
    return EXIT.usage;
  }
  if (args.action === "export" && args.csv !== null) {
    const problem = csvTargetProblem(resolve(cwd, args.csv), args.csv, args.force);
    if (problem) {
      io.err(problem);
      return EXIT.usage;
    }
  }

  const settings = await resolveSettings(context, deps, secret);
  if (!settings) return EXIT.usage;
  const segment = await settings.port.getSegment(settings.segmentId);
  if (!segment.ok) {
    if (segment.failure.kind === "not-found") {
      io.err(
        `Das Segment ${settings.segmentId} gibt es bei Resend nicht. RESEND_SEGMENT_ID (oder newsletter.segmentId in rundbrief.config.ts) prüfen: ` +
          "die ID steht im Resend-Dashboard unter „Audience“ → „Segments“.",
      );
      return EXIT.usage;
    }
    io.err(subscribersFailureText(segment.failure));
    return exitCodeFor(segment.failure);
  }

  switch (args.action) {
    case "show":
      return show(args.target, args.html, settings, segment.value, context, deps);
    case "export":
      return exportSegment(
        args.csv === null ? null : resolve(cwd, args.csv),
        args.csv,
        args.force,
        settings,
        segment.value,
        io,
        deps,
      );
    case "delete":
      return remove(args.target, args.yes, settings, segment.value, io, deps);
  }
}

/** Why the CSV cannot go to `path`, or null. */
function csvTargetProblem(path: string, shown: string, force: boolean): string | null {
  if (!existsSync(dirname(path))) return `Der Ordner für ${shown} existiert nicht: ${dirname(path)}.`;
  if (!existsSync(path)) return null;
  if (statSync(path).isDirectory())
    return `${shown} ist ein Ordner; bitte einen Dateinamen angeben, z. B. ${shown}/abonnenten.csv.`;
  return force ? null : `${shown} existiert schon. Mit --force wird die Datei überschrieben.`;
}

/** Config, key, segment and connection, every problem one line, before any request. */
async function resolveSettings(context: CommandContext, deps: SubscribersDeps, secret: string | null): Promise<Settings | null> {
  const { io, cwd, env } = context;
  const siteConfig = await loadConfig(cwd);
  const problems: string[] = [];
  if (!secret) {
    problems.push(
      "RESEND_API_KEY ist nicht gesetzt: den API-Schlüssel von Resend (mit Kontakt-Rechten) in der Umgebung setzen, z. B. RESEND_API_KEY=re_… npx rundbrief subscribers …",
    );
  }
  let segmentId: string | null = null;
  try {
    segmentId = resolveNewsletterConfig(siteConfig.newsletter, env, siteConfig.timeZone).segmentId;
    if (!segmentId) {
      problems.push(
        "RESEND_SEGMENT_ID ist nicht gesetzt (auch nicht newsletter.segmentId in rundbrief.config.ts): die ID des Resend-Segments des Newsletters.",
      );
    }
  } catch (error) {
    if (!(error instanceof NewsletterConfigError)) throw error;
    problems.push(...error.message.split("\n"));
  }
  const connection = resendConnection(env, problems);
  let siteUrl = siteConfig.url;
  try {
    siteUrl = resolveSiteLocation(siteConfig, env).url;
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0 || !secret || !segmentId) {
    io.err("Konfiguration unvollständig – es wurde nichts bei Resend angefragt:");
    for (const problem of problems) io.err(`  - ${problem}`);
    return null;
  }
  const port = deps.createPort({
    apiKey: secret,
    baseUrl: connection.baseUrl,
    minIntervalMs: connection.minIntervalMs,
    timeoutMs: connection.timeoutMs,
  });
  return { siteConfig, siteUrl, segmentId, port };
}

/** The contact of `target` if it is in the segment; otherwise says why not and returns the exit code. */
async function contactInSegment(
  target: ContactTarget,
  action: "show" | "delete",
  settings: Settings,
  segment: SegmentInfo,
  io: CommandIo,
): Promise<{ contact: SubscriberContact; segments: string[] } | { exit: number }> {
  const found = await settings.port.getContact(target.kind === "email" ? target.email : target.id);
  if (!found.ok) {
    io.err(subscribersFailureText(found.failure));
    return { exit: exitCodeFor(found.failure) };
  }
  if (!found.value) {
    if (action === "delete") {
      io.out(`Zu ${targetText(target)} gibt es bei Resend keinen Kontakt (nicht oder nicht mehr vorhanden): nichts zu löschen.`);
      return { exit: EXIT.done };
    }
    io.err(
      `Zu ${targetText(target)} gibt es bei Resend keinen Kontakt (nie angemeldet oder schon gelöscht). ` +
        "Schreibweise prüfen; alle Kontakte des Newsletters zeigt rundbrief subscribers export.",
    );
    return { exit: EXIT.failed };
  }
  const contact = found.value;
  const segments = await settings.port.contactSegments(contact.id);
  if (!segments.ok) {
    io.err(subscribersFailureText(segments.failure));
    return { exit: exitCodeFor(segments.failure) };
  }
  if (!segments.value.includes(segment.id)) {
    io.err(
      `${contact.email} ist bei Resend gespeichert (Kontakt-ID ${contact.id}), aber nicht im Segment „${segment.name}“ (${segment.id}) des Newsletters. ` +
        `rundbrief subscribers ${action === "show" ? "zeigt" : "löscht"} nur Kontakte dieses Segments: RESEND_SEGMENT_ID prüfen, ` +
        `oder den Kontakt im Resend-Dashboard ${action === "show" ? "ansehen" : "löschen"}.`,
    );
    return { exit: EXIT.failed };
  }
  return { contact, segments: segments.value };
}

async function show(
  target: ContactTarget,
  html: boolean,
  settings: Settings,
  segment: SegmentInfo,
  context: CommandContext,
  deps: SubscribersDeps,
): Promise<number> {
  const found = await contactInSegment(target, "show", settings, segment, context.io);
  if ("exit" in found) return found.exit;
  const { contact } = found;
  const version = contact.properties?.consent_form_version;
  const record = buildConsentRecord({
    contact,
    segment,
    wording: version
      ? await consentWording(version, context.cwd, {
          consentDir: settings.siteConfig.consentDir,
          siteTitle: settings.siteConfig.title,
          env: context.env,
        })
      : null,
    site: { title: settings.siteConfig.title, url: settings.siteUrl, imprint: settings.siteConfig.imprint },
    timeZone: settings.siteConfig.timeZone,
    producedAt: deps.now(),
  });
  context.io.out((html ? recordHtml(record) : recordMarkdown(record)).trimEnd());
  const count = record.warnings.length;
  if (count > 0)
    context.io.err(`Achtung, der Nachweis ist unvollständig: ${count === 1 ? "ein Hinweis" : `${count} Hinweise`} im Dokument.`);
  return EXIT.done;
}

async function exportSegment(
  path: string | null,
  shown: string | null,
  force: boolean,
  settings: Settings,
  segment: SegmentInfo,
  io: CommandIo,
  deps: SubscribersDeps,
): Promise<number> {
  const { port } = settings;
  const sink = deps.terminal.progress;
  const listing = createProgress(sink, (done) => `… ${done} Kontakte gelesen`);
  const listed = await port.listSegmentContacts(segment.id, (count) => listing.update(count));
  listing.finish();
  if (!listed.ok) {
    io.err(subscribersFailureText(listed.failure));
    return exitCodeFor(listed.failure);
  }

  // Resend's list shows who is in the segment, not their properties: each contact is read once more.
  const contacts: SubscriberContact[] = [];
  const pending = listed.value.filter((contact) => contact.properties === null).length;
  const details = createProgress(sink, (done, total) => `… Einwilligungsdaten von ${done} von ${total} Kontakten gelesen`);
  let read = 0;
  let vanished = 0;
  for (const contact of listed.value) {
    if (contact.properties !== null) {
      contacts.push(contact);
      continue;
    }
    const full = await port.getContact(contact.id);
    if (!full.ok) {
      details.finish();
      io.err(subscribersFailureText(full.failure));
      io.err(shown ? `Nichts geschrieben: ${shown} bleibt, wie es war.` : "Export abgebrochen.");
      return exitCodeFor(full.failure);
    }
    if (full.value) contacts.push(full.value);
    else vanished += 1;
    read += 1;
    details.update(read, pending);
  }
  if (pending > 0) details.finish();

  const csv = subscribersCsv(contacts);
  if (path === null) deps.terminal.stdout(csv);
  else {
    // A private file next to the target, renamed over it: an existing file that others
    // may read is replaced, never filled with personal data first.
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    try {
      writeFileSync(temporary, UTF8_BOM + csv, { mode: 0o600, flag: "wx" });
      if (!force && existsSync(path)) {
        rmSync(temporary, { force: true });
        io.err(`${shown} ist inzwischen angelegt worden. Mit --force wird die Datei überschrieben.`);
        return EXIT.failed;
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }
  const unsubscribed = contacts.filter((contact) => contact.unsubscribed).length;
  const withoutProof = contacts.filter((contact) => missingConsent(contact).length > 0).length;
  io.err(
    `${contacts.length} Kontakte des Segments „${segment.name}“ (${contacts.length - unsubscribed} angemeldet, ${unsubscribed} abgemeldet) ` +
      (shown ? `nach ${shown} geschrieben (nur für Sie lesbar: enthält personenbezogene Daten).` : "ausgegeben."),
  );
  if (withoutProof > 0) {
    io.err(
      `${withoutProof} davon ohne vollständigen Einwilligungsnachweis (leere consent_-Spalten): rundbrief subscribers show <adresse> zeigt, was fehlt.`,
    );
  }
  if (vanished > 0) io.err(`${vanished} Kontakte wurden während des Exports bei Resend gelöscht und fehlen in der Liste.`);
  return EXIT.done;
}

/** What a delete removes, one "label: value" line each. */
function contactSummary(contact: SubscriberContact, segments: string[], segment: SegmentInfo, timeZone: string): string[] {
  const properties = contact.properties ?? {};
  const lines = [
    `  E-Mail-Adresse:        ${contact.email}`,
    `  Kontakt-ID:            ${contact.id}`,
    `  Status:                ${statusText(contact)}`,
    `  Segment:               ${segment.name} (${segment.id})`,
  ];
  if (contact.createdAt) lines.push(`  Kontakt angelegt:      ${formatInstant(contact.createdAt, timeZone)}`);
  if (properties.consent_at) lines.push(`  Anmeldung bestätigt:   ${formatInstant(properties.consent_at, timeZone)}`);
  const keys = Object.keys(properties).sort();
  lines.push(`  Eigenschaften:         ${keys.length > 0 ? keys.join(", ") : "keine"}`);
  const others = segments.filter((id) => id !== segment.id).length;
  if (others > 0) lines.push(`  Weitere Segmente:      ${others} (der Kontakt verschwindet auch aus ihnen)`);
  return lines;
}

async function remove(
  target: ContactTarget,
  yes: boolean,
  settings: Settings,
  segment: SegmentInfo,
  io: CommandIo,
  deps: SubscribersDeps,
): Promise<number> {
  const found = await contactInSegment(target, "delete", settings, segment, io);
  if ("exit" in found) return found.exit;
  const { contact, segments } = found;
  const summary = contactSummary(contact, segments, segment, settings.siteConfig.timeZone);
  if (!yes) {
    io.err("Dieser Kontakt wird bei Resend gelöscht, mit allen Eigenschaften und dem Nachweis der Einwilligung:");
    for (const line of summary) io.err(line);
    io.err(
      `Wird der Nachweis später noch gebraucht? Vorher sichern: rundbrief subscribers show ${contact.email} --html > nachweis.html`,
    );
    const answer = (await deps.terminal.ask("Wirklich löschen? (ja/nein) ")).trim().toLowerCase();
    if (answer !== "ja" && answer !== "j") {
      io.err("Abgebrochen – nichts gelöscht.");
      return EXIT.failed;
    }
  }
  const removed = await settings.port.removeContact(contact.id);
  if (!removed.ok) {
    io.err(subscribersFailureText(removed.failure));
    io.err("Ob der Kontakt gelöscht ist, zeigt ein erneuter Aufruf.");
    return exitCodeFor(removed.failure);
  }
  io.out(removed.value === "removed" ? "Bei Resend gelöscht:" : "Bei Resend nicht mehr vorhanden (soeben gelöscht):");
  for (const line of summary) io.out(line);
  io.out("Rundbrief hat nichts davon gespeichert.");
  return EXIT.done;
}

/** `rundbrief subscribers`. */
export const subscribersCommand: Command = {
  help: SUBSCRIBERS_HELP,
  helpFor: (argv) => (argv[0] === "import" ? IMPORT_HELP : SUBSCRIBERS_HELP),
  run: (argv, context) => (argv[0] === "import" ? runImport(argv.slice(1), context) : runSubscribers(argv, context)),
};
