/**
 * Carries out an import plan at Resend. The state lives at Resend, so a rerun of the same
 * file after a crash at any row plans again from what is there and finishes the rest:
 *
 * - New proven addresses go in one bulk import per 5,000 (`POST /contacts/imports` with
 *   `on_conflict: skip`): Resend creates each address once and leaves existing contacts
 *   alone, so a rerun, a lost answer or a second import never duplicates, never touches
 *   an unsubscribe and never overwrites a consent record. The bulk import is a beta at
 *   Resend; an account without it gets each address created on its own instead
 *   (`POST /contacts`, subscribed, in the segment, with the proof), each read right
 *   before (an existing contact is left as it is) and, after a lost answer, read again
 *   rather than created twice.
 * - Contacts at Resend outside the segment with proof in the file: the proof is written
 *   only when the contact has none or an older one, then the contact joins the segment.
 * - Addresses without proof, with --reconfirm: once per address, ever. Read right before
 *   (whoever is at Resend by now, signed up or unsubscribed, is left alone), a contact
 *   outside every segment and unsubscribed is created first with `reconfirm_requested_at`
 *   (the mark that it was asked) and `reconfirm_source` (which file asked), then the
 *   confirmation mail goes out with an Idempotency-Key of the address, then
 *   `reconfirm_sent_at` is written. A crash between the steps leaves a contact with the
 *   mark but without `reconfirm_sent_at`. Every run looks at all of the file's unproven
 *   addresses that Resend knows as unsubscribed and finishes each such contact: the same
 *   mail with the same key (within Resend's 24 hours one mail), or, later than that or
 *   when the mail can no longer be the same (Resend answers 409: e.g. a new consent
 *   version), it is marked "unklar" and reported, and nobody is asked twice.
 */
import { createHash } from "node:crypto";
import type { ConsentText } from "../../../src/lib/subscribe/consent.ts";
import { renderConfirmationEmail } from "../../../src/lib/subscribe/confirmation-email.ts";
import type { SubscribeConfig } from "../../../src/lib/subscribe/config.ts";
import { signToken } from "../../../src/lib/subscribe/token.ts";
import type { CallResult, ResendFailure } from "../../../src/lib/resend-call.ts";
import type { ImportPlan } from "./plan.ts";
import { bulkImportUnavailable, type ImportPort } from "./resend-port.ts";
import type { ImportCandidate, ImportSource } from "./rows.ts";

/** Properties an imported proof is stored in (type string), beside the signup's consent_* keys. */
export const IMPORT_PROPERTY_KEYS = [
  "consent_at",
  "consent_requested_at",
  "consent_form_version",
  "consent_page",
  "consent_optin_ip",
  "consent_confirm_ip",
  "consent_import_file",
  "consent_import_sha256",
] as const;

/** Properties of the one re-confirmation request per address. */
export const RECONFIRM_PROPERTY_KEYS = ["reconfirm_requested_at", "reconfirm_sent_at", "reconfirm_source"] as const;

/** `consent_form_version` of an imported proof: the wording was the old provider's, not one of the blog's versions. */
export const IMPORTED_FORM_VERSION = "import";

/** Contacts per bulk import. */
export const BULK_BATCH = 5_000;

/** How long a re-sent mail is still one mail: Resend keeps an Idempotency-Key 24 hours; an hour to spare. */
const IDEMPOTENCY_WINDOW_MS = 23 * 3_600_000;

/** How long one bulk import may run at Resend before the run gives up waiting. */
export const BULK_IMPORT_DEADLINE_MS = 30 * 60_000;

/** Tries per address when creating one by one and the answer gets lost. */
const SINGLE_CREATE_ATTEMPTS = 3;

/** `reconfirm_sent_at` of a request whose mail may or may not have gone out: never sent again. */
export const RECONFIRM_UNCLEAR = "unklar";

/** Where the file came from, for the consent record. */
export interface ImportOrigin {
  source: ImportSource;
  fileName: string;
  sha256: string;
}

/** What --reconfirm needs: the signup's settings (secret, sender, confirm URL) and the consent text the mail shows. */
export interface ReconfirmSettings {
  config: SubscribeConfig;
  consent: ConsentText;
}

/** Events of a run, for the output. */
export interface ApplyReporter {
  line(text: string): void;
  progress(phase: "import" | "segment" | "reconfirm", done: number, total: number): void;
  finishProgress(): void;
}

/** What a run did. */
export interface ApplyResult {
  created: number;
  skippedByResend: number;
  failedAtResend: number;
  segmentAdded: number;
  proofWritten: number;
  reconfirmSent: number;
  reconfirmResumed: number;
  reconfirmUnclear: number;
  /** Unproven addresses that were at Resend by the time they were to be asked: left alone. */
  reconfirmSkipped: number;
  /** How the new proven addresses were created, when there were any. */
  createdVia: "bulk" | "single" | null;
  /** True when the run stopped short without a failure of its own (a failed or endless bulk import at Resend). */
  incomplete: boolean;
  /** The failure that stopped the run, if one did. */
  failure: ResendFailure | null;
  /** Set when something unexpected changed meanwhile, e.g. a contact unsubscribed during the run. */
  notes: string[];
}

/** Everything a run needs. */
export interface ApplyOptions {
  plan: ImportPlan;
  port: ImportPort;
  segmentId: string;
  origin: ImportOrigin;
  reconfirm: ReconfirmSettings | null;
  reporter: ApplyReporter;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Between two polls of a running bulk import. */
  pollMs?: number;
  /** How long to wait for one bulk import (default BULK_IMPORT_DEADLINE_MS). */
  importDeadlineMs?: number;
}

/** The proof of a candidate as contact properties. */
export function proofProperties(candidate: ImportCandidate, origin: ImportOrigin): Record<string, string> {
  const proof = candidate.proof!;
  const properties: Record<string, string> = {
    consent_at: proof.confirmedAt,
    consent_requested_at: proof.optinAt ?? "",
    consent_form_version: IMPORTED_FORM_VERSION,
    consent_page: `import:${origin.source}`,
    consent_optin_ip: proof.optinIp ?? "",
    consent_confirm_ip: proof.confirmIp ?? "",
    consent_import_file: origin.fileName,
    consent_import_sha256: origin.sha256,
  };
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== ""));
}

/** The CSV of one bulk import: `email` and every proof property; quoted where needed. */
export function bulkCsv(candidates: readonly ImportCandidate[], origin: ImportOrigin): string {
  const header = ["email", ...IMPORT_PROPERTY_KEYS];
  const lines = [header.join(",")];
  for (const candidate of candidates) {
    const properties = proofProperties(candidate, origin);
    lines.push([candidate.email, ...IMPORT_PROPERTY_KEYS.map((key) => properties[key] ?? "")].map(csvField).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `reconfirm_source` of a run: how the file was imported and its SHA-256, so a later run knows who asked. */
export function reconfirmSource(origin: ImportOrigin): string {
  return `import:${origin.source}:${origin.sha256}`;
}

/** The signup page the mail of `reconfirm_source` named (`import:mailchimp`), for resending exactly that mail. */
function pageOfSource(stored: string | undefined, fallback: string): string {
  const match = /^(import:[a-z]+)(?::|$)/.exec(stored ?? "");
  return match?.[1] ?? fallback;
}

/** One Idempotency-Key per address for its re-confirmation mail; hashed, so keys carry no address. */
export function reconfirmIdempotencyKey(email: string): string {
  return `import-reconfirm/${createHash("sha256").update(email).digest("hex").slice(0, 32)}`;
}

/** Runs the plan; stops at the first Resend failure (a rerun is safe and goes on from there). */
export async function applyImport(options: ApplyOptions): Promise<ApplyResult> {
  const { plan, port, segmentId, origin, reporter } = options;
  const result: ApplyResult = {
    created: 0,
    skippedByResend: 0,
    failedAtResend: 0,
    segmentAdded: 0,
    proofWritten: 0,
    reconfirmSent: 0,
    reconfirmResumed: 0,
    reconfirmUnclear: 0,
    reconfirmSkipped: 0,
    createdVia: null,
    incomplete: false,
    failure: null,
    notes: [],
  };
  const stop = (failure: ResendFailure) => {
    reporter.finishProgress();
    result.failure = failure;
    return result;
  };

  const keys = [...IMPORT_PROPERTY_KEYS, ...(options.reconfirm ? RECONFIRM_PROPERTY_KEYS : []), "welcome_sent_at"];
  const ensured = await port.ensureProperties(keys);
  if (!ensured.ok) return stop(ensured.failure);
  if (ensured.value.length > 0) reporter.line(`Kontakt-Eigenschaften bei Resend angelegt: ${ensured.value.join(", ")}.`);

  // 1. New proven addresses, in bulk where the account has Resend's bulk import, else one by one.
  const fresh = plan.byCategory["new-proven"];
  for (let start = 0; start < fresh.length; start += BULK_BATCH) {
    const batch = fresh.slice(start, start + BULK_BATCH);
    if (result.createdVia !== "single") {
      const started = await port.startImport(bulkCsv(batch, origin), IMPORT_PROPERTY_KEYS, segmentId);
      if (!started.ok && !bulkImportUnavailable(started.failure)) return stop(started.failure);
      if (!started.ok) {
        result.createdVia = "single";
        const status = started.failure.statusCode === null ? "" : `${started.failure.statusCode} `;
        const minutes = Math.max(1, Math.ceil((fresh.length - start) / 60));
        reporter.line(
          `Neue Adressen einzeln angelegt: Resend lehnt den Sammelimport ab (POST /contacts/imports: ${status}${started.failure.message}). ` +
            "Er ist bei Resend eine Beta, die nur ein Teil der Konten nutzen kann. Je Adresse wird nachgesehen, ob es sie schon gibt " +
            `(dann bleibt sie unverändert), und sonst ein Kontakt angelegt; bei Resends 2 Anfragen je Sekunde etwa ${minutes} Minute${minutes === 1 ? "" : "n"}.`,
        );
      } else {
        if (result.createdVia === null) {
          result.createdVia = "bulk";
          reporter.line(
            "Neue Adressen per Sammelimport von Resend (POST /contacts/imports): vorhandene Kontakte überspringt Resend, sie bleiben unverändert.",
          );
        }
        const deadline = options.now().getTime() + (options.importDeadlineMs ?? BULK_IMPORT_DEADLINE_MS);
        for (;;) {
          const state = await port.getImport(started.value.id);
          if (!state.ok) return stop(state.failure);
          if (state.value.status === "completed" || state.value.status === "failed") {
            const counts = state.value.counts;
            result.created += counts?.created ?? 0;
            result.skippedByResend += (counts?.skipped ?? 0) + (counts?.updated ?? 0);
            result.failedAtResend += counts?.failed ?? 0;
            if (state.value.status === "failed") {
              reporter.finishProgress();
              result.incomplete = true;
              result.notes.push(
                `Resend meldet den Sammelimport ${started.value.id} als fehlgeschlagen (${counts?.created ?? 0} angelegt). Erneut ausführen: schon Angelegtes bleibt, wie es ist.`,
              );
              return result;
            }
            break;
          }
          if (options.now().getTime() >= deadline) {
            reporter.finishProgress();
            result.incomplete = true;
            const minutes = Math.round((options.importDeadlineMs ?? BULK_IMPORT_DEADLINE_MS) / 60_000);
            result.notes.push(
              `Der Sammelimport ${started.value.id} ist bei Resend nach ${minutes} Minuten noch nicht fertig (Stand: ${state.value.status}); nicht länger gewartet. ` +
                "Später erneut ausführen: der Lauf wartet dann auf ihn, und schon Angelegtes bleibt, wie es ist.",
            );
            return result;
          }
          await options.sleep(options.pollMs ?? 2_000);
        }
        reporter.progress("import", Math.min(fresh.length, start + batch.length), fresh.length);
        continue;
      }
    }
    for (const [i, candidate] of batch.entries()) {
      const outcome = await createSingle(port, candidate, segmentId, origin);
      if (!outcome.ok) return stop(outcome.failure);
      if (outcome.value === "created") result.created += 1;
      else result.skippedByResend += 1;
      reporter.progress("import", start + i + 1, fresh.length);
    }
  }
  reporter.finishProgress();

  // 2. Contacts at Resend outside the segment, with proof in the file.
  const joining = plan.byCategory["segment-add"];
  for (const [i, candidate] of joining.entries()) {
    const contact = await port.getContact(candidate.email);
    if (!contact.ok) return stop(contact.failure);
    if (!contact.value || contact.value.unsubscribed) {
      result.notes.push(
        `Zeile ${candidate.row} (${candidate.file}): der Kontakt hat sich inzwischen abgemeldet oder wurde gelöscht; unverändert.`,
      );
      continue;
    }
    const stored = Date.parse(contact.value.properties.consent_at ?? "");
    const imported = Date.parse(candidate.proof!.confirmedAt);
    if (Number.isNaN(stored) || stored < imported) {
      const written = await port.setProperties(candidate.email, proofProperties(candidate, origin));
      if (!written.ok) return stop(written.failure);
      result.proofWritten += 1;
    }
    const added = await port.addToSegment(candidate.email, segmentId);
    if (!added.ok) return stop(added.failure);
    result.segmentAdded += 1;
    reporter.progress("segment", i + 1, joining.length);
  }
  reporter.finishProgress();

  // 3. Addresses without proof: asked once, ever.
  if (options.reconfirm) {
    const failure = await reconfirmAll(options, options.reconfirm, result);
    reporter.finishProgress();
    if (failure) result.failure = failure;
  }
  return result;
}

/**
 * Creates one proven address, subscribed and in the segment, unless Resend has it by now
 * (then "skipped": whatever is there stays). After a lost answer it reads again instead
 * of creating twice.
 */
async function createSingle(
  port: ImportPort,
  candidate: ImportCandidate,
  segmentId: string,
  origin: ImportOrigin,
): Promise<CallResult<"created" | "skipped">> {
  let lost: ResendFailure | null = null;
  for (let attempt = 0; attempt < SINGLE_CREATE_ATTEMPTS; attempt += 1) {
    const existing = await port.getContact(candidate.email);
    if (!existing.ok) return existing;
    // After a lost answer the contact that is there now is the one just created.
    if (existing.value) return { ok: true, value: lost ? "created" : "skipped" };
    const created = await port.createContact({
      email: candidate.email,
      unsubscribed: false,
      properties: proofProperties(candidate, origin),
      segments: [segmentId],
    });
    if (created.ok) return { ok: true, value: "created" };
    if (created.failure.kind === "conflict") return { ok: true, value: "skipped" };
    if (created.failure.effect !== "unknown") return created;
    lost = created.failure;
  }
  return { ok: false, failure: lost! };
}

async function reconfirmAll(
  options: ApplyOptions,
  settings: ReconfirmSettings,
  result: ApplyResult,
): Promise<ResendFailure | null> {
  const { plan, port, reporter, origin } = options;
  const page = `import:${origin.source}`;
  const source = reconfirmSource(origin);

  const send = async (email: string, requestedAt: number, mailPage: string) => {
    const claim = { email, page: mailPage, formVersion: settings.consent.version, requestedAt };
    const link = new URL(settings.config.confirmUrl);
    link.searchParams.set("token", await signToken(claim, settings.config.secret));
    const mail = renderConfirmationEmail({
      consent: settings.consent,
      siteTitle: settings.config.siteTitle,
      siteUrl: settings.config.siteUrl,
      confirmUrl: link.href,
      imprint: settings.config.imprint,
    });
    return port.sendEmail(
      { from: settings.config.from, to: email, replyTo: settings.config.replyTo, ...mail },
      reconfirmIdempotencyKey(email),
    );
  };
  const markSent = (email: string, value: string) => port.setProperties(email, { reconfirm_sent_at: value });
  const where = (candidate: ImportCandidate) => `Zeile ${candidate.row} (${candidate.file})`;
  /** A mail Resend would not repeat unchanged (409): it may have gone out, so it is never sent again. */
  const markUnclear = async (candidate: ImportCandidate, why: string): Promise<ResendFailure | null> => {
    const marked = await markSent(candidate.email, RECONFIRM_UNCLEAR);
    if (!marked.ok) return marked.failure;
    result.reconfirmUnclear += 1;
    reporter.line(`${where(candidate)}: ${why}; sie wird nicht wiederholt.`);
    return null;
  };

  // Any unproven address Resend knows as unsubscribed may be one a run (of this file or
  // another) asked and could not mark: each is read, none skipped, and every such request finished.
  for (const candidate of unprovenAsked(plan)) {
    const contact = await port.getContact(candidate.email);
    if (!contact.ok) return contact.failure;
    const properties = contact.value?.properties;
    const requested = properties?.reconfirm_requested_at;
    if (!requested || properties.reconfirm_sent_at) continue;
    const other = properties.reconfirm_source && properties.reconfirm_source !== source ? properties.reconfirm_source : null;
    const by = other ? ` (gebeten von einem Import mit ${other.replace(/^import:([a-z]+):/, "$1, SHA-256 ")})` : "";
    const requestedAt = Date.parse(requested);
    if (Number.isNaN(requestedAt) || options.now().getTime() - requestedAt > IDEMPOTENCY_WINDOW_MS) {
      const failure = await markUnclear(
        candidate,
        `ob die Bitte um Bestätigung vom ${requested}${by} hinausging, ist unklar (Abbruch vor über 23 Stunden)`,
      );
      if (failure) return failure;
      continue;
    }
    const sent = await send(candidate.email, requestedAt, pageOfSource(properties.reconfirm_source, page));
    if (!sent.ok && sent.failure.kind === "conflict") {
      const failure = await markUnclear(
        candidate,
        `die unterbrochene Bitte um Bestätigung vom ${requested}${by} lässt sich nicht unverändert wiederholen ` +
          `(Resend: ${sent.failure.message} – etwa eine neue Fassung der Einwilligung); ob sie hinausging, ist unklar`,
      );
      if (failure) return failure;
      continue;
    }
    if (!sent.ok) return sent.failure;
    const marked = await markSent(candidate.email, options.now().toISOString());
    if (!marked.ok) return marked.failure;
    result.reconfirmResumed += 1;
    reporter.line(`${where(candidate)}: unterbrochene Bitte um Bestätigung abgeschlossen${by} (höchstens eine Mail).`);
  }

  const asking = plan.byCategory["new-unproven"];
  for (const [i, candidate] of asking.entries()) {
    // The plan may be hours old: whoever is at Resend by now (signed up, unsubscribed) is not asked.
    const current = await port.getContact(candidate.email);
    if (!current.ok) return current.failure;
    if (current.value) {
      result.reconfirmSkipped += 1;
      reporter.line(
        `${where(candidate)}: die Adresse ist inzwischen bei Resend (${current.value.unsubscribed ? "abgemeldet" : "angemeldet"}); nicht um Bestätigung gebeten.`,
      );
      continue;
    }
    const requestedAt = options.now().getTime();
    const created = await port.createContact({
      email: candidate.email,
      unsubscribed: true,
      properties: { reconfirm_requested_at: new Date(requestedAt).toISOString(), reconfirm_source: source },
    });
    if (!created.ok) return created.failure;
    const sent = await send(candidate.email, requestedAt, page);
    if (!sent.ok && sent.failure.kind === "conflict") {
      // The address was asked under the same key within the last 24 hours, by a contact deleted since.
      const failure = await markUnclear(
        candidate,
        `Resend hat eine Bitte um Bestätigung an diese Adresse aus den letzten 24 Stunden (${sent.failure.message}); ob sie hinausging, ist unklar`,
      );
      if (failure) return failure;
      continue;
    }
    if (!sent.ok) return sent.failure;
    const marked = await markSent(candidate.email, options.now().toISOString());
    if (!marked.ok) return marked.failure;
    result.reconfirmSent += 1;
    reporter.progress("reconfirm", i + 1, asking.length);
  }
  return null;
}

/** Unproven addresses of the file that Resend knows as unsubscribed: real unsubscribes, or asked by an earlier run. */
function unprovenAsked(plan: ImportPlan): ImportCandidate[] {
  return plan.byCategory["resend-unsubscribed"].filter((candidate) => !candidate.proof);
}
