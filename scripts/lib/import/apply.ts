/**
 * Carries out an import plan at Resend. The state lives at Resend, so a rerun of the same
 * file after a crash at any row plans again from what is there and finishes the rest:
 *
 * - New proven addresses go in one bulk import per 5,000 (`POST /contacts/imports` with
 *   `on_conflict: skip`): Resend creates each address once and leaves existing contacts
 *   alone, so a rerun, a lost answer or a second import never duplicates, never touches
 *   an unsubscribe and never overwrites a consent record.
 * - Contacts at Resend outside the segment with proof in the file: the proof is written
 *   only when the contact has none or an older one, then the contact joins the segment.
 * - Addresses without proof, with --reconfirm: once per address, ever. A contact outside
 *   every segment and unsubscribed is created first with `reconfirm_requested_at` (the
 *   mark that it was asked), then the confirmation mail goes out with an Idempotency-Key
 *   of the address, then `reconfirm_sent_at` is written. A crash between the steps leaves
 *   a contact with the mark but without `reconfirm_sent_at`: the next run sends it the
 *   same mail with the same key (within Resend's 24 hours one mail), or, later than
 *   that, reports it and asks nobody twice.
 */
import { createHash } from "node:crypto";
import type { ConsentText } from "../../../src/lib/subscribe/consent.ts";
import { renderConfirmationEmail } from "../../../src/lib/subscribe/confirmation-email.ts";
import type { SubscribeConfig } from "../../../src/lib/subscribe/config.ts";
import { signToken } from "../../../src/lib/subscribe/token.ts";
import type { ResendFailure } from "../../../src/lib/resend-call.ts";
import type { ImportPlan } from "./plan.ts";
import type { ImportPort } from "./resend-port.ts";
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

  // 1. New proven addresses, in bulk.
  const fresh = plan.byCategory["new-proven"];
  for (let start = 0; start < fresh.length; start += BULK_BATCH) {
    const batch = fresh.slice(start, start + BULK_BATCH);
    const started = await port.startImport(bulkCsv(batch, origin), IMPORT_PROPERTY_KEYS, segmentId);
    if (!started.ok) return stop(started.failure);
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
          result.notes.push(
            `Resend meldet den Sammelimport ${started.value.id} als fehlgeschlagen (${counts?.created ?? 0} angelegt). Erneut ausführen: schon Angelegtes bleibt, wie es ist.`,
          );
          return result;
        }
        break;
      }
      await options.sleep(options.pollMs ?? 2_000);
    }
    reporter.progress("import", Math.min(fresh.length, start + batch.length), fresh.length);
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

async function reconfirmAll(
  options: ApplyOptions,
  settings: ReconfirmSettings,
  result: ApplyResult,
): Promise<ResendFailure | null> {
  const { plan, port, reporter, origin } = options;
  const page = `import:${origin.source}`;

  const send = async (email: string, requestedAt: number) => {
    const claim = { email, page, formVersion: settings.consent.version, requestedAt };
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

  // A crash leaves at most one address asked but not marked: the last one this file asked
  // before the run stopped, i.e. the last existing unproven address before the first new one.
  const unproven = [...plan.byCategory["new-unproven"], ...unprovenAsked(plan)].sort(
    (a, b) => a.fileIndex - b.fileIndex || a.row - b.row,
  );
  const isNew = new Set(plan.byCategory["new-unproven"]);
  const firstNew = unproven.findIndex((candidate) => isNew.has(candidate));
  const before = (firstNew === -1 ? unproven : unproven.slice(0, firstNew)).reverse().slice(0, 25);
  for (const candidate of before) {
    const contact = await port.getContact(candidate.email);
    if (!contact.ok) return contact.failure;
    const requested = contact.value?.properties.reconfirm_requested_at;
    if (!requested) continue;
    if (contact.value?.properties.reconfirm_sent_at) break;
    const requestedAt = Date.parse(requested);
    if (Number.isNaN(requestedAt) || options.now().getTime() - requestedAt > IDEMPOTENCY_WINDOW_MS) {
      const marked = await markSent(candidate.email, "unklar");
      if (!marked.ok) return marked.failure;
      result.reconfirmUnclear += 1;
      reporter.line(
        `Zeile ${candidate.row} (${candidate.file}): ob die Bitte um Bestätigung vom ${requested} hinausging, ist unklar (Abbruch); sie wird nicht wiederholt.`,
      );
      break;
    }
    const sent = await send(candidate.email, requestedAt);
    if (!sent.ok) return sent.failure;
    const marked = await markSent(candidate.email, options.now().toISOString());
    if (!marked.ok) return marked.failure;
    result.reconfirmResumed += 1;
    reporter.line(
      `Zeile ${candidate.row} (${candidate.file}): unterbrochene Bitte um Bestätigung abgeschlossen (höchstens eine Mail).`,
    );
    break;
  }

  const asking = plan.byCategory["new-unproven"];
  for (const [i, candidate] of asking.entries()) {
    const requestedAt = options.now().getTime();
    const created = await port.createContact({
      email: candidate.email,
      unsubscribed: true,
      properties: { reconfirm_requested_at: new Date(requestedAt).toISOString(), reconfirm_source: page },
    });
    if (!created.ok) return created.failure;
    const sent = await send(candidate.email, requestedAt);
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
