/**
 * Everything the newsletter CLI says, in German and in one place: the plan table, the
 * reasons, progress, outcomes and error explanations. Pure string building; the CLI
 * decides where it goes (stdout, or stderr when `--json` owns stdout).
 */
import type { ApplyEvent, PostOutcome } from "../../src/lib/newsletter/apply.ts";
import { join } from "node:path";
import type { JournalEntry } from "../../src/lib/newsletter/journal.ts";
import type { CampaignKind, Manifest } from "../../src/lib/newsletter/manifest.ts";
import { journalLine } from "../../src/lib/newsletter/journal.ts";
import {
  MAX_BUILD_AGE_FOR_WITHDRAWAL_MS,
  MAX_SEND_DELAY_MS,
  MISSED_AFTER_MS,
  needsEmail,
  type ContentChange,
  type NewsletterPlan,
  type PlanAction,
  type PlanItem,
} from "../../src/lib/newsletter/plan.ts";
import type { ResendFailure } from "../../src/lib/resend-call.ts";

/** How dates are shown. */
export interface OutputLocale {
  locale: string;
  timeZone: string;
}

/** German labels of the plan actions. */
export const ACTION_LABELS: Record<PlanAction, string> = {
  send: "senden",
  resume: "fortsetzen",
  update: "aktualisieren",
  reschedule: "verschieben",
  withdraw: "zurückziehen",
  skip: "überspringen",
};

/** What a campaign is about, as its sentences name it. */
export const KIND_NOUNS: Record<CampaignKind, string> = { post: "Artikel", edition: "Ausgabe", digest: "Übersicht" };

/** What changed in a scheduled campaign, for "Betreff und Inhalt geändert". */
const CHANGE_LABELS: Record<ContentChange, string> = {
  subject: "Betreff",
  preview: "Vorschautext",
  content: "Inhalt",
  sender: "Absender",
  "send-time": "Versandzeit",
};

/** "Betreff", "Betreff und Inhalt", "Betreff, Inhalt und Versandzeit". */
function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} und ${words.at(-1)}`;
}

/**
 * "; Versand am 01.12.2026, 07:30" when the send time is still ahead (with `now` known)
 * and, for a post, later than its publication; a send time already past means: at once.
 * An edition's send time is its publication, and always said.
 */
function sendTimeText(item: PlanItem, context: OutputLocale & { now?: Date }): string {
  const at = Date.parse(item.sendAt);
  if (item.kind === "post" && at === Date.parse(item.publishedAt)) return "";
  if (context.now && at <= context.now.getTime()) return "; Versand sofort (Versandzeit schon vorbei)";
  return `; Versand am ${formatDateTime(item.sendAt, context)}`;
}

/** Where a field Resend complains about is configured. */
const SETTING_OF_FIELD: Record<string, string> = {
  from: "NEWSLETTER_FROM bzw. newsletter.from (Absender-Domain in Resend verifiziert?)",
  reply_to: "NEWSLETTER_REPLY_TO bzw. newsletter.replyTo",
  segment_id: "RESEND_SEGMENT_ID bzw. newsletter.segmentId",
  audience_id: "RESEND_SEGMENT_ID bzw. newsletter.segmentId",
  subject: "subject/title im Frontmatter des Artikels oder der Ausgabe",
  html: "die gebaute E-Mail (npm run build)",
  name: "den Kampagnennamen (post:<id>, edition:<id>, digest:<Zeitraum>)",
};

/** "28.11.2026, 09:14" in the site's zone. */
export function formatDateTime(iso: string | Date, where: OutputLocale): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(where.locale, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: where.timeZone,
  }).format(date);
}

/** Why an item got its action, as one German sentence fragment. */
export function reasonText(item: PlanItem, context: OutputLocale & { since: Date | null; now?: Date }): string {
  const b = item.broadcast;
  const noun = KIND_NOUNS[item.kind];
  switch (item.reason) {
    case "new":
      return `neu: noch keine Kampagne „${item.name}“${sendTimeText(item, context)}`;
    case "not-yet-due":
      return `geht am ${formatDateTime(item.sendAt, context)} raus; die Kampagne wird ab ${formatDateTime(new Date(Date.parse(item.sendAt) - MAX_SEND_DELAY_MS), context)} angelegt (${MAX_SEND_DELAY_MS / 3_600_000} Stunden vorher)`;
    case "missed":
      return `Versandzeit ${formatDateTime(item.sendAt, context)} liegt mehr als ${MISSED_AFTER_MS / 3_600_000} Stunden zurück und es gibt keine Kampagne: wird nicht nachgeholt (war CI ausgefallen?)`;
    case "changed": {
      const changed = item.changes.filter((c) => c !== "send-time").map((c) => CHANGE_LABELS[c]);
      const moved = item.changes.includes("send-time")
        ? `Versandzeit ${b?.scheduledAt ? `${formatDateTime(b.scheduledAt, context)} → ` : ""}${formatDateTime(item.sendAt, context)}`
        : "";
      const what = [changed.length > 0 ? `${listOf(changed)} geändert` : "", moved].filter(Boolean).join("; ");
      return `${what}: geplante Kampagne ${b?.id ?? "?"} wird zurückgeholt, angepasst und neu geplant`;
    }
    case "locked":
      return `geplant für ${b?.scheduledAt ? formatDateTime(b.scheduledAt, context) : "?"} (Kampagne ${b?.id ?? "?"}): so kurz vor dem Versand wird nichts mehr geändert`;
    case "no-longer-mailed":
      return `${noun} wird nicht mehr versendet (${item.kind === "digest" ? "keine neuen Artikel mehr im Zeitraum, eine Ausgabe an ihrer Stelle oder Übersichten abgeschaltet" : `gelöscht, Entwurf, ${item.kind === "post" ? "in der Zukunft, vor dem Stichtag, newsletter: false oder Einzelversand abgeschaltet" : "Versandzeit mehr als einen Tag entfernt oder vor dem Stichtag"}`}): geplante Kampagne ${b?.id ?? "?"}${b?.scheduledAt ? ` für ${formatDateTime(b.scheduledAt, context)}` : ""} wird zurückgeholt und gelöscht`;
    case "too-late-to-withdraw":
      return `${noun} wird nicht mehr versendet, aber Kampagne ${b?.id ?? "?"} ist für ${b?.scheduledAt ? formatDateTime(b.scheduledAt, context) : "?"} geplant und so kurz vor dem Versand nicht mehr zurückzuholen: sie geht raus`;
    case "withdrawal-held":
      return `${noun} fehlt in diesem Build, aber der Build ist älter als ${MAX_BUILD_AGE_FOR_WITHDRAWAL_MS / 3_600_000} Stunden: Kampagne ${b?.id ?? "?"} wird nicht zurückgezogen (erst neu bauen, dann erneut ausführen)`;
    case "orphaned-draft":
      return `Entwurf ${b?.id ?? "?"} von „${item.name}“, das nicht mehr versendet wird, wird gelöscht`;
    case "leftover-draft": {
      const extra =
        item.extraDraftIds.length > 0 ? `; ${item.extraDraftIds.length} doppelte(r) Entwurf/Entwürfe wird gelöscht` : "";
      return `Entwurf ${b?.id ?? "?"} eines abgebrochenen Laufs wird aktualisiert und gesendet${extra}${sendTimeText(item, context)}`;
    }
    case "already-sent":
      return `bereits versendet am ${formatDateTime(b?.sentAt ?? b?.createdAt ?? item.publishedAt, context)} (Kampagne ${b?.id ?? "?"})`;
    case "queued":
      return `wird gerade versendet (Kampagne ${b?.id ?? "?"})`;
    case "scheduled":
      return `geplant${b?.scheduledAt ? ` für ${formatDateTime(b.scheduledAt, context)}` : ""} (Kampagne ${b?.id ?? "?"})`;
    case "other-status":
      return `Kampagne ${b?.id ?? "?"} hat den Status „${b?.status ?? "?"}“ und wird nicht erneut gesendet`;
    case "before-since":
      return `${item.kind === "post" ? "veröffentlicht" : "Versandzeit"} vor dem Stichtag${context.since ? ` ${formatDateTime(context.since, context)}` : ""}: wird nie versendet`;
    case "not-yet-published":
      return `erscheint erst am ${formatDateTime(item.publishedAt, context)}`;
    case "looks-renamed":
      return `sieht umbenannt aus: Kampagne „${b?.name ?? "?"}“ (${b?.id ?? "?"}) hat denselben Betreff`;
  }
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function pad(text: string, width: number): string {
  return text.padEnd(width, " ");
}

/** The plan as a table, one row per campaign; more than three before `since` collapse into one line. */
export function formatPlanTable(plan: NewsletterPlan, context: OutputLocale & { since: Date | null; now?: Date }): string[] {
  const beforeSince = plan.items.filter((item) => item.reason === "before-since");
  const collapse = beforeSince.length > 3;
  const rows = plan.items
    .filter((item) => !(collapse && item.reason === "before-since"))
    .map((item) => [item.name, truncate(item.title, 40), ACTION_LABELS[item.action], reasonText(item, context)] as const);
  if (rows.length === 0 && !collapse) return ["Keine Kampagnen im Manifest."];
  const header = ["Kampagne", "Titel", "Aktion", "Grund"] as const;
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) =>
    [pad(row[0]!, widths[0]!), pad(row[1]!, widths[1]!), pad(row[2]!, widths[2]!), row[3]].join("  ").trimEnd();
  const lines = rows.length > 0 ? [line(header), ...rows.map(line)] : [];
  if (collapse)
    lines.push(
      `(${beforeSince.length} ältere Kampagnen vor dem Stichtag werden nie versendet und sind hier nicht einzeln aufgeführt.)`,
    );
  return lines;
}

/** Where the dry run's previews are: the email files the build rendered for each campaign that would go out. */
export function previewLines(plan: NewsletterPlan, manifest: Manifest, folder: string): string[] {
  return plan.items
    .filter((item) => needsEmail(item.action))
    .flatMap((item) => {
      const entry = manifest.campaigns.find((c) => c.name === item.name);
      return entry ? [`Vorschau ${item.name}: ${join(folder, entry.html)} (Text: ${join(folder, entry.text)})`] : [];
    });
}

const EVERY: Record<NonNullable<Manifest["digest"]>["every"], string> = {
  day: "täglich",
  week: "wöchentlich",
  month: "monatlich",
};
const WEEKDAY_NAMES: Record<string, string> = {
  monday: "montags",
  tuesday: "dienstags",
  wednesday: "mittwochs",
  thursday: "donnerstags",
  friday: "freitags",
  saturday: "samstags",
  sunday: "sonntags",
};

/** What the build chose to send: per-post campaigns, digests, editions. Says so when digests replace per-post mails. */
export function campaignModeText(manifest: Manifest): string {
  const digest = manifest.digest;
  if (!digest)
    return manifest.perPost ? "" : "Artikel werden nicht einzeln versendet (newsletter.perPost: false); nur Ausgaben gehen raus.";
  const when = `${EVERY[digest.every]}${digest.on ? ` ${WEEKDAY_NAMES[digest.on] ?? digest.on}` : ""} um ${digest.at} Uhr`;
  return manifest.perPost
    ? `Übersichten: ${when}; Artikel gehen zusätzlich einzeln raus (newsletter.perPost: true) – Leser bekommen jeden Artikel zweimal.`
    : `Übersichten: ${when}; Artikel gehen nicht einzeln raus, damit niemand einen Artikel zweimal bekommt (newsletter.perPost).`;
}

/** "2 senden, 1 fortsetzen, 5 überspringen." */
export function planSummary(plan: NewsletterPlan): string {
  const count = (action: PlanAction) => plan.items.filter((item) => item.action === action).length;
  const corrections = (["update", "reschedule", "withdraw"] as const)
    .filter((action) => count(action) > 0)
    .map((action) => `${count(action)} ${ACTION_LABELS[action]}`);
  return `Zusammenfassung: ${[`${count("send")} senden`, `${count("resume")} fortsetzen`, ...corrections, `${count("skip")} überspringen`].join(", ")}.`;
}

/** Warnings for posts that look renamed: they are skipped, and someone should look. */
export function renameWarnings(plan: NewsletterPlan): string[] {
  return plan.items
    .filter((item) => item.reason === "looks-renamed")
    .map(
      (item) =>
        `Warnung: „${item.id}“ wird übersprungen, weil Kampagne „${item.broadcast?.name}“ denselben Betreff „${item.subject}“ hat. ` +
        `Wurde die Datei umbenannt, ist alles richtig. Ist es ein anderer Artikel: Betreff (subject) ändern oder die alte Kampagne in Resend löschen.`,
    );
}

/** When more orphaned `post:` campaigns exist than the run looks up for renamed posts. */
export function uncheckedRenamesText(unchecked: number): string {
  return (
    `Hinweis: ${unchecked} weitere Kampagnen „post:…“ zu Artikeln, die nicht mehr im Manifest stehen, wurden nicht auf Umbenennung geprüft. ` +
    "Wurde ein Artikel umbenannt, bitte vor --send seine alte Kampagne in Resend prüfen."
  );
}

/** Why a run with too many candidates sends nothing, and what to do. */
export function refusalText(refusal: { candidates: number; maxPerRun: number }): string[] {
  return [
    `Abgelehnt: ${refusal.candidates} Kampagnen würden versendet, erlaubt sind höchstens ${refusal.maxPerRun} pro Lauf (newsletter.maxPerRun / NEWSLETTER_MAX_PER_RUN). Es wird nichts versendet.`,
    "Stichtag prüfen (newsletter.since / NEWSLETTER_SINCE), damit das Archiv nicht verschickt wird. Sind wirklich alle neu: rundbrief newsletter --send --force",
  ];
}

/** A Resend error with its message, the field and what to do. */
export function failureText(failure: ResendFailure): string {
  const status = failure.statusCode === null ? "keine Antwort" : `${failure.statusCode} ${failure.name}`;
  const resend = `Resend (${failure.operation}, ${status}): ${failure.message}`;
  switch (failure.kind) {
    case "auth":
      return `${resend}\nRESEND_API_KEY wird abgelehnt. Einen Schlüssel mit „Full access“ im Resend-Dashboard anlegen und als RESEND_API_KEY setzen.`;
    case "validation": {
      const setting = failure.field ? SETTING_OF_FIELD[failure.field] : undefined;
      const where = failure.field ? `\nBetroffenes Feld: ${failure.field}${setting ? ` → ${setting} prüfen.` : "."}` : "";
      return `${resend}${where}`;
    }
    case "quota":
      return `${resend}\nDas Sendekontingent des Resend-Kontos ist erschöpft. Später erneut ausführen oder das Kontingent erhöhen.`;
    case "rate-limit":
      return `${resend}\nResend drosselt dauerhaft (429). Später erneut ausführen; RESEND_MIN_INTERVAL_MS vergrößern, wenn andere Programme dasselbe Konto nutzen.`;
    case "not-found":
      return `${resend}\nErneut ausführen: der Plan wird neu berechnet.`;
    case "conflict":
    case "server":
    case "network":
      return `${resend}\nErneut ausführen ist sicher: bereits Gesendetes wird erkannt und nicht doppelt verschickt.`;
  }
}

/** One line of progress. */
export function eventText(event: ApplyEvent): string {
  switch (event.type) {
    case "waiting-live":
      return `${event.name}: warte, bis ${event.url} mit 200 antwortet …`;
    case "lost-answer":
      return `${event.name}: Antwort auf ${event.operation} ging verloren – prüfe bei Resend nach, statt blind zu wiederholen …`;
    case "lost-race":
      return `${event.name}: ein gleichzeitiger Lauf war schneller (Entwurf ${event.winnerId}); der eigene Entwurf ${event.ownId} wird gelöscht.`;
  }
}

function waited(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/** How a campaign ended, with the next step when it failed. */
export function outcomeText(
  outcome: PostOutcome,
  liveWaitMs: number,
  where: OutputLocale & { now?: Date } = { locale: "de-DE", timeZone: "Europe/Berlin" },
  marginMs = 10 * 60_000,
): string {
  switch (outcome.status) {
    case "sent": {
      const changeable =
        outcome.scheduledAt !== null && Date.parse(outcome.scheduledAt) - marginMs > (where.now ?? new Date()).getTime();
      const what = outcome.scheduledAt
        ? `geplant für ${formatDateTime(outcome.scheduledAt, where)}${changeable ? `; die Kampagne lässt sich bis ${Math.round(marginMs / 60_000)} Minuten vorher noch ändern oder zurückziehen` : ""}`
        : "gesendet";
      return `✓ ${outcome.name}: ${what} (Kampagne ${outcome.broadcastId})${outcome.confirmedAfterLostAnswer ? " – bestätigt nach verlorener Antwort" : ""}`;
    }
    case "withdrawn":
      return `✓ ${outcome.name}: Kampagne ${outcome.broadcastId} zurückgezogen und gelöscht – es geht nichts raus`;
    case "too-late":
      return `✗ ${outcome.name}: Kampagne ${outcome.broadcastId} (geplant für ${outcome.scheduledAt ? formatDateTime(outcome.scheduledAt, where) : "?"}) ist so kurz vor dem Versand, schon im Versand oder verschickt, dass sie nicht mehr angefasst wird: die Änderung erreicht sie nicht.`;
    case "missed":
      return `– ${outcome.name}: Versandzeit ${formatDateTime(outcome.sendAt, where)} liegt inzwischen mehr als ${MISSED_AFTER_MS / 3_600_000} Stunden zurück: nicht verschickt.`;
    case "sent-elsewhere":
      return `✓ ${outcome.name}: bereits versendet (Kampagne ${outcome.broadcastId}, durch einen anderen Lauf) – nichts doppelt`;
    case "not-live": {
      const last =
        outcome.live.lastStatus !== null ? `HTTP ${outcome.live.lastStatus}` : (outcome.live.lastError ?? "keine Antwort");
      return (
        `✗ ${outcome.name}: ${outcome.url} antwortet nicht mit 200 (zuletzt: ${last}, gewartet: ${waited(liveWaitMs)}). Nichts versendet. ` +
        "Deployment prüfen und erneut ausführen (oder --no-wait-live)."
      );
    }
    case "failed": {
      const why: Record<typeof outcome.reason, string> = {
        api: "",
        "draft-not-listed": `Entwurf ${outcome.broadcastId ?? "?"} wurde angelegt, taucht in der Liste aber nicht auf. Erneut ausführen: der Entwurf wird fortgesetzt.`,
        "broadcast-vanished": "Die Kampagne ist bei Resend verschwunden. Erneut ausführen: der Plan wird neu berechnet.",
        "gave-up": "Auch nach erneutem Nachsehen unklar. Erneut ausführen ist sicher: bereits Gesendetes wird erkannt.",
      };
      const parts = [why[outcome.reason], outcome.failure ? failureText(outcome.failure) : ""].filter(Boolean);
      return `✗ ${outcome.name}: fehlgeschlagen. ${parts.join("\n")}`;
    }
  }
}

/** "1 Resend-API-Aufruf", "3 Resend-API-Aufrufe". */
export function apiCallsText(count: number): string {
  return `${count} Resend-API-Aufruf${count === 1 ? "" : "e"}`;
}

/** The journal line as printed, so a CI log is an audit trail. */
export function journalText(entry: JournalEntry): string {
  return `Protokoll: ${journalLine(entry)}`;
}

/** Replaces every occurrence of the secret, so it cannot leak through any message. */
export function redactSecret(text: string, secret: string | null): string {
  return secret && secret.length >= 4 ? text.split(secret).join("[RESEND_API_KEY]") : text;
}
