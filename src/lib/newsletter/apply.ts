/**
 * The apply step of `--send`: carries out a plan against the Resend port, campaign by campaign.
 * It holds the exactly-once rules that need the network: after a create it lists again
 * and lets the oldest draft win; after a lost answer it looks before it acts; and
 * "already sent" counts as done. All I/O comes in through the context, so the rules are
 * tested against an in-memory double.
 */
import { inSegment, isDraft, settleDrafts } from "./broadcast.ts";
import { stillChangeable } from "./send-time.ts";
import type { JournalEntry } from "./journal.ts";
import type { LiveCheckResult } from "./live-check.ts";
import { MISSED_AFTER_MS, addsMail, isCorrection, type NewsletterPlan, type PlanItem } from "./plan.ts";
import type { BroadcastContent, ResendPort } from "./resend-port.ts";
import type { ResendFailure } from "../resend-call.ts";

/** What the apply step needs from the outside world. */
export interface ApplyContext {
  port: ResendPort;
  /** The plan's listing cutoff, for looking again when a broadcast has vanished. */
  listCutoff: Date | null;
  /**
   * Creation time of the newest broadcast the plan saw. A draft the plan did not see
   * (a concurrent run's, or our own) is newer, so settling a race after a create stops
   * listing there: one page instead of the whole history.
   */
  settleCutoff: Date | null;
  /** The broadcast content and HTML hash of a post (read and verified before applying). */
  emailFor(item: PlanItem): { content: BroadcastContent; sha256: string };
  /** Waits until the post URL answers 200; null when `--no-wait-live`. */
  checkLive: ((url: string) => Promise<LiveCheckResult>) | null;
  /** Appends to the journal and prints the line. */
  record(entry: Omit<JournalEntry, "at">): Promise<void>;
  /** Progress the CLI may print. */
  onEvent(event: ApplyEvent): void;
  /** The clock, read again right before each cancel: a run may take minutes. */
  now(): Date;
  /** newsletter.safetyMarginMinutes in ms. */
  safetyMarginMs: number;
}

/**
 * A send time less than this ahead is sent at once: a schedule that close leaves no
 * room to take it back anyway, and Resend refuses times in the past.
 */
export const SEND_AT_ONCE_WITHIN_MS = 60_000;

/** The `scheduled_at` for an item's send, or null to send at once. */
export function scheduleFor(item: Pick<PlanItem, "sendAt">, now: Date): Date | null {
  const at = Date.parse(item.sendAt);
  return at - now.getTime() > SEND_AT_ONCE_WITHIN_MS ? new Date(at) : null;
}

/** Progress worth telling a person watching the run. */
export type ApplyEvent =
  | { type: "waiting-live"; name: string; url: string }
  | { type: "lost-answer"; name: string; operation: string }
  | { type: "lost-race"; name: string; ownId: string; winnerId: string };

/**
 * How one campaign ended, by its broadcast name. `scheduledAt` (ISO) is set when the
 * broadcast waits for its send time.
 */
export type PostOutcome =
  | { name: string; status: "sent"; broadcastId: string; confirmedAfterLostAnswer: boolean; scheduledAt: string | null }
  | { name: string; status: "withdrawn"; broadcastId: string }
  | { name: string; status: "too-late"; broadcastId: string; scheduledAt: string }
  | { name: string; status: "missed"; sendAt: string }
  | { name: string; status: "sent-elsewhere"; broadcastId: string }
  | { name: string; status: "not-live"; url: string; live: Extract<LiveCheckResult, { live: false }> }
  | { name: string; status: "failed"; failure: ResendFailure | null; reason: FailureReason; broadcastId: string | null };

/** Why a post failed without a Resend error to show (or in addition to it). */
export type FailureReason = "api" | "draft-not-listed" | "broadcast-vanished" | "gave-up";

/** All outcomes; `stoppedBy` is set when an auth/validation/quota error ended the run early. */
export interface ApplyResult {
  outcomes: PostOutcome[];
  stoppedBy: ResendFailure | null;
}

/** Errors that will fail every further post too: stop the run and show them. */
function stopsTheRun(failure: ResendFailure): boolean {
  return failure.kind === "auth" || failure.kind === "quota" || failure.kind === "rate-limit" || failure.kind === "validation";
}

class RunStopped extends Error {
  readonly failure: ResendFailure;
  constructor(failure: ResendFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** A campaign that is finished (sent, skipped as sent elsewhere, failed): nothing more to do for it. */
type Done = { kind: "done"; outcome: PostOutcome };
type Target = { kind: "send"; id: string } | Done;

/**
 * Applies a plan: first the corrections (withdraw, update, reschedule), which cannot wait
 * behind live checks and are never held back by a refusal, since they add no mail; then,
 * without a refusal, every send and resume. Skips are left alone.
 */
export async function applyNewsletterPlan(plan: NewsletterPlan, context: ApplyContext): Promise<ApplyResult> {
  const outcomes: PostOutcome[] = [];
  const corrections = plan.items.filter((item) => isCorrection(item.action));
  const sends = plan.refusal ? [] : plan.items.filter((item) => addsMail(item.action));
  for (const item of [...corrections, ...sends]) {
    try {
      outcomes.push(await applyItem(item, context));
    } catch (error) {
      if (error instanceof RunStopped) {
        outcomes.push({ name: item.name, status: "failed", failure: error.failure, reason: "api", broadcastId: null });
        return { outcomes, stoppedBy: error.failure };
      }
      throw error;
    }
  }
  return { outcomes, stoppedBy: null };
}

async function applyItem(item: PlanItem, context: ApplyContext): Promise<PostOutcome> {
  if (item.action === "withdraw") return withdraw(item, context);
  if (item.action === "update" || item.action === "reschedule") {
    const email = context.emailFor(item);
    const back = await cancelToDraft(item, email.sha256, context);
    if (back.kind === "done") return back.outcome;
    // Now a draft like a leftover one: extra drafts go, the oldest is updated (a failed update is looked into).
    const target = await resumeDraft(item, email, context);
    if (target.kind === "done") return target.outcome;
    await context.record({ ...journalBase(item, target.id, email.sha256), event: "updated" });
    return sendAndConfirm(item, target.id, email.sha256, context);
  }
  // Only a post's page is published by the same run; an edition's page appears with the build after its send time.
  if (context.checkLive && item.kind === "post") {
    context.onEvent({ type: "waiting-live", name: item.name, url: item.url });
    const live = await context.checkLive(item.url);
    if (!live.live) return { name: item.name, status: "not-live", url: item.url, live };
  }
  // The plan was made minutes ago; an edition or digest that has since passed the late limit stays unsent.
  if (item.kind !== "post" && context.now().getTime() - Date.parse(item.sendAt) > MISSED_AFTER_MS) {
    return { name: item.name, status: "missed", sendAt: item.sendAt };
  }
  const email = context.emailFor(item);
  const target = item.action === "resume" ? await resumeDraft(item, email, context) : await createAndSettle(item, email, context);
  if (target.kind === "done") return target.outcome;
  return sendAndConfirm(item, target.id, email.sha256, context);
}

function journalBase(item: PlanItem, broadcastId: string, sha256: string | null): Omit<JournalEntry, "at" | "event"> {
  return { kind: item.kind, id: item.id, broadcastId, broadcastName: item.name, sha256, publishedAt: item.publishedAt };
}

type BackToDraft = { kind: "draft"; id: string } | Done;

/**
 * Returns the item's scheduled broadcast to draft, so it can be updated or deleted. Looks
 * at it first: one no longer scheduled outside the safety margin is left alone
 * ("too-late"). A lost answer is followed by a look: a draft means the cancel took effect.
 */
async function cancelToDraft(item: PlanItem, sha256: string | null, context: ApplyContext): Promise<BackToDraft> {
  const broadcast = item.broadcast;
  if (!broadcast) return done(failure(item, null, "broadcast-vanished"));
  if (broadcast.status === "draft") return { kind: "draft", id: broadcast.id };
  const tooLate = (scheduledAt: string | null) =>
    done({ name: item.name, status: "too-late", broadcastId: broadcast.id, scheduledAt: scheduledAt ?? "" });
  // Looked at again right before: the plan is minutes old, and another run or the dashboard
  // may have moved the send time. Only a broadcast still scheduled outside the margin is cancelled.
  const current = await context.port.getBroadcast(broadcast.id);
  if (!current.ok) {
    if (current.failure.kind === "not-found" && item.action === "withdraw")
      return done({ name: item.name, status: "withdrawn", broadcastId: broadcast.id });
    return done(failure(item, current.failure, "api", broadcast.id));
  }
  if (isDraft(current.value)) return { kind: "draft", id: broadcast.id };
  const scheduledAt = current.value.scheduledAt;
  if (
    current.value.status !== "scheduled" ||
    !scheduledAt ||
    !stillChangeable(scheduledAt, context.now(), context.safetyMarginMs)
  ) {
    return tooLate(scheduledAt?.toISOString() ?? broadcast.scheduledAt);
  }
  const canceled = await context.port.cancelBroadcast(broadcast.id);
  if (!canceled.ok) {
    if (canceled.failure.kind === "auth") return done(failure(item, canceled.failure, "api", broadcast.id));
    if (canceled.failure.effect === "unknown")
      context.onEvent({ type: "lost-answer", name: item.name, operation: canceled.failure.operation });
    const look = await context.port.getBroadcast(broadcast.id);
    if (!look.ok) return done(failure(item, look.failure, "api", broadcast.id));
    if (!isDraft(look.value)) {
      // Still scheduled: the cancel did not happen; anything else is on its way and stays untouched.
      if (look.value.status === "scheduled") return done(failure(item, canceled.failure, "api", broadcast.id));
      return tooLate(look.value.scheduledAt?.toISOString() ?? broadcast.scheduledAt);
    }
  }
  await context.record({ ...journalBase(item, broadcast.id, sha256), event: "canceled" });
  return { kind: "draft", id: broadcast.id };
}

/** Cancels (when scheduled) and deletes the broadcast of a post that is no longer mailed. */
async function withdraw(item: PlanItem, context: ApplyContext): Promise<PostOutcome> {
  const back = await cancelToDraft(item, null, context);
  if (back.kind === "done") return back.outcome;
  const removed = await context.port.removeBroadcast(back.id);
  if (!removed.ok && removed.failure.kind !== "not-found") return failure(item, removed.failure, "api", back.id);
  await context.record({ ...journalBase(item, back.id, null), event: "deleted", note: "zurückgezogen" });
  return { name: item.name, status: "withdrawn", broadcastId: back.id };
}

/** A failed post; errors that would fail every further post stop the run instead. */
function failure(
  item: PlanItem,
  cause: ResendFailure | null,
  reason: FailureReason,
  broadcastId: string | null = null,
): PostOutcome {
  if (cause && stopsTheRun(cause)) throw new RunStopped(cause);
  return { name: item.name, status: "failed", failure: cause, reason, broadcastId };
}

function done(outcome: PostOutcome): Done {
  return { kind: "done", outcome };
}

async function removeDraft(item: PlanItem, id: string, sha256: string, context: ApplyContext): Promise<void> {
  const removed = await context.port.removeBroadcast(id);
  if (removed.ok) await context.record({ ...journalBase(item, id, sha256), event: "deleted", note: "doppelter Entwurf" });
}

async function resumeDraft(
  item: PlanItem,
  email: { content: BroadcastContent; sha256: string },
  context: ApplyContext,
): Promise<Target> {
  const draft = item.broadcast;
  if (!draft) return done(failure(item, null, "broadcast-vanished"));
  for (const id of item.extraDraftIds) await removeDraft(item, id, email.sha256, context);
  const updated = await context.port.updateBroadcast(draft.id, email.content);
  if (updated.ok) return { kind: "send", id: draft.id };
  if (updated.failure.kind === "auth") return done(failure(item, updated.failure, "api", draft.id));
  const look = await context.port.getBroadcast(draft.id);
  if (look.ok && !isDraft(look.value)) {
    return done({ name: item.name, status: "sent-elsewhere", broadcastId: draft.id });
  }
  return done(failure(item, updated.failure, "api", draft.id));
}

async function createAndSettle(
  item: PlanItem,
  email: { content: BroadcastContent; sha256: string },
  context: ApplyContext,
): Promise<Target> {
  const name = item.name;
  let lastFailure: ResendFailure | null = null;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const created = await context.port.createBroadcast(email.content);
    let ownId: string | null = null;
    if (created.ok) {
      ownId = created.value.id;
      await context.record({ ...journalBase(item, ownId, email.sha256), event: "created" });
    } else if (created.failure.effect === "not-applied") {
      return done(failure(item, created.failure, "api"));
    } else {
      lastFailure = created.failure;
      context.onEvent({ type: "lost-answer", name: item.name, operation: created.failure.operation });
    }

    const listed = await context.port.listBroadcasts(context.settleCutoff);
    if (!listed.ok) return done(failure(item, listed.failure, "api", ownId));
    const settled = settleDrafts(listed.value.filter((b) => b.name === name && inSegment(b, email.content.segmentId)));
    for (const loser of settled.losers) await removeDraft(item, loser.id, email.sha256, context);
    if (settled.delivered) {
      return done({ name: item.name, status: "sent-elsewhere", broadcastId: settled.delivered.id });
    }
    if (settled.winner) {
      if (ownId && settled.winner.id !== ownId) {
        context.onEvent({ type: "lost-race", name: item.name, ownId, winnerId: settled.winner.id });
      }
      return { kind: "send", id: settled.winner.id };
    }
    if (ownId) return done(failure(item, null, "draft-not-listed", ownId));
  }
  return done(failure(item, lastFailure, "gave-up"));
}

/**
 * Sends the winning draft. A lost answer or an error is followed by a look at the
 * broadcast: not a draft any more means it went out (ours after a lost answer, otherwise
 * another run's); still a draft after a lost answer means the send had no effect and
 * may be repeated; gone means a concurrent run settled on another draft.
 */
async function sendAndConfirm(item: PlanItem, firstId: string, sha256: string, context: ApplyContext): Promise<PostOutcome> {
  let id = firstId;
  let lastFailure: ResendFailure | null = null;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const scheduledAt = scheduleFor(item, context.now());
    const at = scheduledAt?.toISOString() ?? null;
    const sent = await context.port.sendBroadcast(id, scheduledAt);
    if (sent.ok) {
      await context.record({ ...journalBase(item, id, sha256), event: "sent", ...(at ? { scheduledAt: at } : {}) });
      return { name: item.name, status: "sent", broadcastId: id, confirmedAfterLostAnswer: false, scheduledAt: at };
    }
    lastFailure = sent.failure;
    const kind = sent.failure.kind;
    if (kind === "auth" || kind === "quota" || kind === "rate-limit") return failure(item, sent.failure, "api", id);
    const lostAnswer = sent.failure.effect === "unknown";
    if (lostAnswer) context.onEvent({ type: "lost-answer", name: item.name, operation: sent.failure.operation });

    const look = await context.port.getBroadcast(id);
    if (look.ok && !isDraft(look.value)) {
      if (!lostAnswer) return { name: item.name, status: "sent-elsewhere", broadcastId: id };
      const confirmedAt = look.value.scheduledAt?.toISOString() ?? at;
      await context.record({
        ...journalBase(item, id, sha256),
        event: "sent",
        note: "bestätigt nach verlorener Antwort",
        ...(confirmedAt ? { scheduledAt: confirmedAt } : {}),
      });
      return { name: item.name, status: "sent", broadcastId: id, confirmedAfterLostAnswer: true, scheduledAt: confirmedAt };
    }
    if (look.ok) {
      if (lostAnswer) continue;
      return failure(item, sent.failure, "api", id);
    }
    if (look.failure.kind !== "not-found") return failure(item, look.failure, "api", id);

    const listed = await context.port.listBroadcasts(context.listCutoff);
    if (!listed.ok) return failure(item, listed.failure, "api", id);
    const segmentId = context.emailFor(item).content.segmentId;
    const settled = settleDrafts(listed.value.filter((b) => b.name === item.name && inSegment(b, segmentId)));
    if (settled.delivered) return { name: item.name, status: "sent-elsewhere", broadcastId: settled.delivered.id };
    if (!settled.winner) return failure(item, null, "broadcast-vanished", id);
    id = settled.winner.id;
  }
  return failure(item, lastFailure, "gave-up", id);
}
