/**
 * Pure planning: from the manifest and the broadcasts that exist on Resend, decide per
 * campaign (post, edition or digest) whether to send, resume, correct or skip, and
 * whether the run may go ahead at all. The CLI prints this plan as the dry run and
 * applies exactly this plan with `--send`.
 */
import { parseCampaignName, type CampaignKind, type Manifest, type ManifestEntry } from "./manifest.ts";
import { inSegment, settleDrafts, type ExistingBroadcast } from "./broadcast.ts";
import { DEFAULT_SAFETY_MARGIN_MINUTES, stillChangeable } from "./send-time.ts";

/** The settings planning depends on (a subset of NewsletterConfig). */
export interface PlanSettings {
  since: Date | null;
  maxPerRun: number;
  /**
   * newsletter.safetyMarginMinutes in ms: from then on before its send time a campaign is
   * left alone. Default: DEFAULT_SAFETY_MARGIN_MINUTES.
   */
  safetyMarginMs?: number;
  /** The segment campaigns go to: a broadcast for another segment (another blog on the account) is never withdrawn. */
  segmentId?: string | null;
  /** The sender the campaigns carry now, to notice a changed one in a scheduled broadcast. */
  from?: string;
  replyTo?: readonly string[];
}

/** Inputs that come from the command line or the clock. */
export interface PlanOptions {
  now: Date;
  /** `--post`, `--edition` or `--digest`: plan only the campaign of this name (`post:<id>`, …). */
  only?: string | null;
  /** `--force`: lift maxPerRun (never `since`). */
  force?: boolean;
}

/**
 * send = create a draft and send it (at its send time); resume = update a leftover draft
 * and send it; update = cancel a scheduled broadcast, update it and schedule it again;
 * reschedule = the same for a moved send time; withdraw = cancel a scheduled broadcast
 * (or take a leftover draft) of a post that is no longer to be mailed, and delete it;
 * skip = do nothing.
 */
export type PlanAction = "send" | "resume" | "update" | "reschedule" | "withdraw" | "skip";

/** send and resume: what adds a mail, and what maxPerRun counts. */
export function addsMail(action: PlanAction): boolean {
  return action === "send" || action === "resume";
}

/** update, reschedule and withdraw: corrections to a campaign already scheduled, which add no mail. */
export function isCorrection(action: PlanAction): boolean {
  return action === "update" || action === "reschedule" || action === "withdraw";
}

/** Whether carrying out the action needs the post's rendered email (a withdrawal does not). */
export function needsEmail(action: PlanAction): boolean {
  return action !== "skip" && action !== "withdraw";
}

/** What differs between a scheduled broadcast and the post's email now. */
export type ContentChange = "subject" | "preview" | "content" | "sender" | "send-time";

/** Why a campaign got its action; the CLI turns these codes into German sentences. */
export type PlanReason =
  | "new"
  | "not-yet-due"
  | "missed"
  | "leftover-draft"
  | "already-sent"
  | "queued"
  | "scheduled"
  | "other-status"
  | "before-since"
  | "not-yet-published"
  | "looks-renamed"
  | "changed"
  | "locked"
  | "no-longer-mailed"
  | "orphaned-draft"
  | "too-late-to-withdraw"
  | "withdrawal-held";

/** The broadcast a plan item refers to, in a JSON-friendly shape. */
export interface BroadcastRef {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  scheduledAt: string | null;
}

/** One campaign's decision. */
export interface PlanItem {
  kind: CampaignKind;
  /** The post's or edition's id, or the digest's period key. */
  id: string;
  /** The broadcast name, `<kind>:<id>`. */
  name: string;
  title: string;
  subject: string;
  url: string;
  publishedAt: string;
  /** When the campaign goes out (the manifest's sendAt); for a withdrawal, when it would have. */
  sendAt: string;
  /** The posts an edition or digest shows; empty for a post. */
  posts: string[];
  action: PlanAction;
  reason: PlanReason;
  /** update/reschedule: what changed since the broadcast was scheduled. */
  changes: ContentChange[];
  /** The existing broadcast (skip), the draft to resume, or the look-alike of a renamed post. */
  broadcast: BroadcastRef | null;
  /** Further drafts with this campaign's name; deleted before resuming. */
  extraDraftIds: string[];
}

/** The whole plan. */
export interface NewsletterPlan {
  items: PlanItem[];
  /** Campaigns that would go out (send + resume): what maxPerRun counts. */
  candidates: number;
  /** Every item that changes something at Resend (all but skip). */
  actions: number;
  /** Set when more than maxPerRun would go out without `--force`: then nothing is sent. */
  refusal: { candidates: number; maxPerRun: number } | null;
}

/**
 * How far before a post's publication date its broadcast may have been created and still
 * count. Covers clock skew and a pubDate moved later after sending; a larger margin only
 * costs list pages, a smaller one could miss a sent broadcast.
 */
export const LIST_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The longest a campaign waits at Resend for its send time: a per-post campaign's
 * newsletter.sendTime comes round within a day of publication, and an edition or digest
 * is created no earlier than this before its send time. A broadcast still waiting was
 * therefore created less than this (plus LIST_LOOKBACK_MS) ago.
 */
export const MAX_SEND_DELAY_MS = 24 * 60 * 60 * 1000;

/**
 * An edition or digest whose send time is longer ago than this and that has no broadcast
 * yet is never sent (CI was down): a late weekly email in a batch helps no reader.
 */
export const MISSED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * A draft of a post that is no longer mailed is deleted only once it is this old: a
 * younger one may belong to a concurrent run with a newer build, which then simply
 * settles on it.
 */
export const ORPHANED_DRAFT_MIN_AGE_MS = 60 * 60 * 1000;

/**
 * A build older than this withdraws nothing: the CLI is then likely running on an old
 * dist/ (a re-run of an old job), and a post it lacks may simply be newer than it. CI
 * builds and sends in one job, minutes apart.
 */
export const MAX_BUILD_AGE_FOR_WITHDRAWAL_MS = 2 * 60 * 60 * 1000;

/** What a scheduled broadcast would send, from GET /broadcasts/{id}, reduced to what the plan compares. */
export interface ScheduledContent {
  subject: string | null;
  previewText: string | null;
  /** sha256 of its HTML, as the manifest records ours. */
  htmlSha256: string | null;
  from: string | null;
  replyTo: readonly string[];
}

type Eligibility = "eligible" | "before-since" | "not-yet-published" | "not-yet-due" | "missed";

/**
 * Whether a campaign may go out now. Posts from publication on, never before `since`;
 * editions and digests within a day of their send time (earlier: not yet due; more than
 * a day after it: missed), never with a send time before `since`.
 */
function eligibilityOf(entry: ManifestEntry, settings: PlanSettings, now: Date): Eligibility {
  if (entry.kind === "post") {
    const published = Date.parse(entry.publishedAt);
    if (published > now.getTime()) return "not-yet-published";
    if (settings.since && published < settings.since.getTime()) return "before-since";
    return "eligible";
  }
  const sendAt = Date.parse(entry.sendAt);
  if (settings.since && sendAt < settings.since.getTime()) return "before-since";
  if (sendAt - MAX_SEND_DELAY_MS > now.getTime()) return "not-yet-due";
  if (now.getTime() - sendAt > MISSED_AFTER_MS) return "missed";
  return "eligible";
}

/**
 * The earliest a broadcast of an eligible campaign can have been created (before
 * LIST_LOOKBACK_MS). From `since` when set: an edition whose send time moved a week later
 * after it went out still finds its old broadcast, as a post with a later pubDate does.
 */
function earliestCreation(entry: ManifestEntry, settings: PlanSettings): number {
  const since = settings.since?.getTime() ?? Infinity;
  if (entry.kind === "post") return Math.min(since, Date.parse(entry.publishedAt));
  return Math.min(since, Date.parse(entry.sendAt) - MAX_SEND_DELAY_MS);
}

function selectedCampaigns(manifest: Manifest, only: string | null | undefined): ManifestEntry[] {
  return manifest.campaigns
    .filter((entry) => !only || entry.name === only)
    .sort((a, b) => Date.parse(a.sendAt) - Date.parse(b.sendAt) || a.name.localeCompare(b.name));
}

/**
 * The instant before which listed broadcasts cannot belong to any campaign that might be
 * sent: listing (newest first) stops once a page reaches it. For posts it starts from
 * `since` when set (every campaign was created after it), so moving a sent post's
 * pubDate later cannot hide its campaign; editions and digests are created at most a day
 * before their send time. Null when nothing is eligible: nothing to ask Resend.
 */
export function listingCutoff(manifest: Manifest, settings: PlanSettings, options: PlanOptions): Date | null {
  const eligible = selectedCampaigns(manifest, options.only).filter(
    (entry) => eligibilityOf(entry, settings, options.now) === "eligible",
  );
  // A whole run also looks for campaigns still waiting for their send time that are no
  // longer to be mailed (to withdraw them): those were created within the last day or so.
  const pending = options.only ? [] : [options.now.getTime() - MAX_SEND_DELAY_MS];
  if (eligible.length === 0 && pending.length === 0) return null;
  let earliest = Math.min(...pending, Infinity);
  for (const entry of eligible) earliest = Math.min(earliest, earliestCreation(entry, settings));
  return new Date(earliest - LIST_LOOKBACK_MS);
}

/** Whether a broadcast is one of ours that waits for its send time and may still be changed. */
function changeableScheduled(broadcast: ExistingBroadcast, settings: PlanSettings, now: Date): boolean {
  return (
    broadcast.status === "scheduled" &&
    broadcast.scheduledAt !== null &&
    stillChangeable(broadcast.scheduledAt, now, settings.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MINUTES * 60_000)
  );
}

/**
 * The scheduled broadcasts whose content the plan must see to reconcile them: ours,
 * waiting for their send time and outside the safety margin. One detail lookup each;
 * there are only as many as campaigns that have not gone out yet.
 */
export function broadcastsToReconcile(
  existing: readonly ExistingBroadcast[],
  settings: PlanSettings,
  options: PlanOptions,
): string[] {
  return existing
    .filter((b) => parseCampaignName(b.name) !== null && (!options.only || b.name === options.only))
    .filter((b) => inSegment(b, settings.segmentId))
    .filter((b) => changeableScheduled(b, settings, options.now))
    .map((b) => b.id);
}

/**
 * Two sender or reply addresses alike, however Resend writes them back: quotes around the
 * name, spacing and the address's case do not count, or every run would reschedule.
 */
function sameAddress(a: string, b: string): boolean {
  const normal = (value: string) => value.replace(/"/g, "").replace(/\s+/g, " ").trim().toLowerCase();
  return normal(a) === normal(b);
}

/** What differs between a scheduled broadcast and the campaign's email now; empty when they match. */
function changesOf(
  post: ManifestEntry,
  broadcast: ExistingBroadcast,
  content: ScheduledContent,
  settings: PlanSettings,
): ContentChange[] {
  const changes: ContentChange[] = [];
  if (content.subject !== post.subject) changes.push("subject");
  if ((content.previewText ?? "") !== post.previewText) changes.push("preview");
  if (content.htmlSha256 !== post.sha256) changes.push("content");
  const sameReplyTo =
    settings.replyTo === undefined ||
    (content.replyTo.length === settings.replyTo.length &&
      content.replyTo.every((a, i) => sameAddress(a, settings.replyTo![i]!)));
  const sameFrom = settings.from === undefined || (content.from !== null && sameAddress(content.from, settings.from));
  if (!sameFrom || !sameReplyTo) changes.push("sender");
  if (broadcast.scheduledAt?.getTime() !== Date.parse(post.sendAt)) changes.push("send-time");
  return changes;
}

function refOf(broadcast: ExistingBroadcast): BroadcastRef {
  return {
    id: broadcast.id,
    name: broadcast.name,
    status: broadcast.status,
    createdAt: broadcast.createdAt.toISOString(),
    sentAt: broadcast.sentAt?.toISOString() ?? null,
    scheduledAt: broadcast.scheduledAt?.toISOString() ?? null,
  };
}

function skipReasonFor(delivered: ExistingBroadcast): PlanReason {
  if (delivered.status === "sent") return "already-sent";
  if (delivered.status === "scheduled" || (delivered.status === "queued" && delivered.scheduledAt)) return "scheduled";
  if (delivered.status === "queued") return "queued";
  return "other-status";
}

/** Broadcasts named `post:<id>` for an id the manifest no longer has: where a renamed post's old campaign would be. */
function orphanedPostBroadcasts(manifest: Manifest, existing: readonly ExistingBroadcast[]): ExistingBroadcast[] {
  const known = new Set(manifest.campaigns.map((entry) => entry.name));
  return existing.filter((b) => parseCampaignName(b.name)?.kind === "post" && !known.has(b.name));
}

/**
 * Decides per campaign: skip (a broadcast with its name is queued, scheduled or sent),
 * update or reschedule (it waits for its send time and differs from the build), resume
 * (only drafts exist: the oldest one is updated and sent), or send (create a draft).
 * Never before `since`, before publication, long before or long after an edition's or
 * digest's send time. A post whose subject matches an orphaned `post:` broadcast looks
 * renamed and is skipped. More than maxPerRun candidates without `force` sets `refusal`.
 */
export function planNewsletter(
  manifest: Manifest,
  existing: readonly ExistingBroadcast[],
  settings: PlanSettings,
  options: PlanOptions,
  scheduled: ReadonlyMap<string, ScheduledContent> = new Map(),
): NewsletterPlan {
  const byName = new Map<string, ExistingBroadcast[]>();
  for (const broadcast of existing.filter((b) => inSegment(b, settings.segmentId))) {
    const list = byName.get(broadcast.name) ?? [];
    list.push(broadcast);
    byName.set(broadcast.name, list);
  }
  const orphans = orphanedPostBroadcasts(
    manifest,
    existing.filter((b) => inSegment(b, settings.segmentId)),
  );
  const lookalikes = new Set<string>();

  const items = selectedCampaigns(manifest, options.only).map((post): PlanItem => {
    const base = {
      kind: post.kind,
      id: post.id,
      name: post.name,
      title: post.title,
      subject: post.subject,
      url: post.url,
      publishedAt: post.publishedAt,
      sendAt: post.sendAt,
      posts: post.posts,
      changes: [],
      broadcast: null,
      extraDraftIds: [],
    };
    const settled = settleDrafts(byName.get(post.name) ?? []);
    const eligibility = eligibilityOf(post, settings, options.now);
    // A missed edition that did go out says so; one that did not is never sent late.
    if (eligibility === "missed" && settled.delivered) {
      return { ...base, action: "skip", reason: skipReasonFor(settled.delivered), broadcast: refOf(settled.delivered) };
    }
    if (eligibility !== "eligible") return { ...base, action: "skip", reason: eligibility };

    if (settled.delivered) {
      const delivered = settled.delivered;
      const ref = refOf(delivered);
      const waiting = delivered.status === "scheduled" && delivered.scheduledAt !== null;
      if (waiting && !changeableScheduled(delivered, settings, options.now)) {
        return { ...base, action: "skip", reason: "locked", broadcast: ref };
      }
      const content = scheduled.get(delivered.id);
      if (waiting && content) {
        const changes = changesOf(post, delivered, content, settings);
        if (changes.length > 0) {
          const action = changes.every((c) => c === "send-time") ? "reschedule" : "update";
          return { ...base, action, reason: "changed", changes, broadcast: ref, extraDraftIds: settled.losers.map((b) => b.id) };
        }
      }
      return { ...base, action: "skip", reason: skipReasonFor(delivered), broadcast: ref };
    }
    if (settled.winner) {
      return {
        ...base,
        action: "resume",
        reason: "leftover-draft",
        broadcast: refOf(settled.winner),
        extraDraftIds: settled.losers.map((b) => b.id),
      };
    }
    const lookalike = post.kind === "post" ? orphans.find((b) => b.subject === post.subject) : undefined;
    if (lookalike) {
      lookalikes.add(lookalike.id);
      return { ...base, action: "skip", reason: "looks-renamed", broadcast: refOf(lookalike) };
    }
    return { ...base, action: "send", reason: "new" };
  });
  if (!options.only) items.push(...withdrawals(manifest, existing, settings, options, scheduled, lookalikes));

  const candidates = items.filter((item) => addsMail(item.action)).length;
  const actions = items.filter((item) => item.action !== "skip").length;
  const refusal = candidates > settings.maxPerRun && !options.force ? { candidates, maxPerRun: settings.maxPerRun } : null;
  return { items, candidates, actions, refusal };
}

/**
 * Campaigns that are no longer to be mailed (a post or edition removed, made a draft,
 * moved into the future or `newsletter: false`; a digest whose period lost its posts or
 * got an edition) but still wait for their send time: cancelled and deleted. Also
 * leftover drafts of such campaigns (a withdrawal cut short). A broadcast that looks like
 * the old campaign of a renamed post stays, as the rename warning says.
 */
function withdrawals(
  manifest: Manifest,
  existing: readonly ExistingBroadcast[],
  settings: PlanSettings,
  options: PlanOptions,
  scheduled: ReadonlyMap<string, ScheduledContent>,
  lookalikes: ReadonlySet<string>,
): PlanItem[] {
  const mailable = new Set(
    manifest.campaigns.filter((entry) => eligibilityOf(entry, settings, options.now) === "eligible").map((entry) => entry.name),
  );
  const oldDraftBefore = options.now.getTime() - ORPHANED_DRAFT_MIN_AGE_MS;
  const builtAt = Date.parse(manifest.generatedAt);
  const staleBuild = options.now.getTime() - builtAt > MAX_BUILD_AGE_FOR_WITHDRAWAL_MS;
  return existing
    .filter((b) => {
      if (parseCampaignName(b.name) === null || mailable.has(b.name) || lookalikes.has(b.id)) return false;
      // Created after this build, or for another segment: not this build's to judge.
      if (b.createdAt.getTime() > builtAt) return false;
      if (settings.segmentId && b.segmentId && b.segmentId !== settings.segmentId) return false;
      return b.status === "scheduled" || (b.status === "draft" && b.createdAt.getTime() < oldDraftBefore);
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((b): PlanItem => {
      const subject = scheduled.get(b.id)?.subject ?? b.subject ?? "";
      const waiting = b.status === "scheduled";
      // Said, not done: inside the margin it goes out anyway; from an old build nothing is withdrawn.
      const reason: PlanReason =
        waiting && !changeableScheduled(b, settings, options.now)
          ? "too-late-to-withdraw"
          : staleBuild
            ? "withdrawal-held"
            : waiting
              ? "no-longer-mailed"
              : "orphaned-draft";
      const action = reason === "no-longer-mailed" || reason === "orphaned-draft" ? "withdraw" : "skip";
      const { kind, id } = parseCampaignName(b.name)!;
      const sendAt = (b.scheduledAt ?? b.createdAt).toISOString();
      return {
        kind,
        id,
        name: b.name,
        title: subject || "–",
        subject,
        url: "",
        publishedAt: sendAt,
        sendAt,
        posts: [],
        action,
        reason,
        changes: [],
        broadcast: refOf(b),
        extraDraftIds: [],
      };
    });
}

/**
 * Most subject lookups a run makes to detect renamed posts (one request each). Renames
 * are rare; an account with many recently orphaned `post:` broadcasts gets the newest
 * ones checked and a warning about the rest instead of hundreds of extra calls.
 */
export const RENAME_LOOKUP_LIMIT = 25;

/**
 * Orphaned `post:` broadcasts whose subject is still unknown and that could be the old
 * campaign of a post the plan would send: only these need a detail lookup before the
 * plan can rule out a renamed post. Newest first, at most `limit`; `unchecked` counts
 * the rest.
 */
export function broadcastsToCheckForRename(
  manifest: Manifest,
  existing: readonly ExistingBroadcast[],
  plan: NewsletterPlan,
  limit: number = RENAME_LOOKUP_LIMIT,
): { ids: string[]; unchecked: number } {
  const newPosts = plan.items.filter((item) => item.kind === "post" && item.reason === "new");
  if (newPosts.length === 0) return { ids: [], unchecked: 0 };
  const earliest = Math.min(...newPosts.map((item) => Date.parse(item.publishedAt))) - LIST_LOOKBACK_MS;
  const suspects = orphanedPostBroadcasts(manifest, existing)
    .filter((b) => b.subject === undefined && b.createdAt.getTime() >= earliest)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { ids: suspects.slice(0, limit).map((b) => b.id), unchecked: Math.max(0, suspects.length - limit) };
}

/**
 * The stricter (later) of the configured `since` and the one the build recorded in the
 * manifest, so a stale environment on either side can never widen what gets mailed.
 */
export function effectiveSince(configured: Date | null, fromManifest: string | null): Date | null {
  const recorded = fromManifest ? new Date(fromManifest) : null;
  if (!configured) return recorded;
  if (!recorded) return configured;
  return recorded.getTime() > configured.getTime() ? recorded : configured;
}
