/**
 * Pure planning: from the manifest and the broadcasts that exist on Resend, decide per
 * post whether to send, resume or skip, and whether the run may go ahead at all. The CLI
 * prints this plan as the dry run and applies exactly this plan with `--send`.
 */
import type { Manifest, ManifestEntry } from "./manifest.ts";
import { broadcastName, postIdOfBroadcast, settleDrafts, type ExistingBroadcast } from "./broadcast.ts";

/** The settings planning depends on (a subset of NewsletterConfig). */
export interface PlanSettings {
  since: Date | null;
  maxPerRun: number;
}

/** Inputs that come from the command line or the clock. */
export interface PlanOptions {
  now: Date;
  /** `--post <id>`: plan only this post. */
  only?: string | null;
  /** `--force`: lift maxPerRun (never `since`). */
  force?: boolean;
}

/** send = create a draft and send it; resume = update a leftover draft and send it; skip = do nothing. */
export type PlanAction = "send" | "resume" | "skip";

/** Why a post got its action; the CLI turns these codes into German sentences. */
export type PlanReason =
  | "new"
  | "leftover-draft"
  | "already-sent"
  | "queued"
  | "scheduled"
  | "other-status"
  | "before-since"
  | "not-yet-published"
  | "looks-renamed";

/** The broadcast a plan item refers to, in a JSON-friendly shape. */
export interface BroadcastRef {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  scheduledAt: string | null;
}

/** One post's decision. */
export interface PlanItem {
  postId: string;
  title: string;
  subject: string;
  url: string;
  publishedAt: string;
  action: PlanAction;
  reason: PlanReason;
  /** The existing broadcast (skip), the draft to resume, or the look-alike of a renamed post. */
  broadcast: BroadcastRef | null;
  /** Further drafts with this post's name; deleted before resuming. */
  extraDraftIds: string[];
}

/** The whole plan. */
export interface NewsletterPlan {
  items: PlanItem[];
  /** Posts that would go out (send + resume). */
  candidates: number;
  /** Set when more than maxPerRun would go out without `--force`: then nothing is sent. */
  refusal: { candidates: number; maxPerRun: number } | null;
}

/**
 * How far before a post's publication date its broadcast may have been created and still
 * count. Covers clock skew and a pubDate moved later after sending; a larger margin only
 * costs list pages, a smaller one could miss a sent broadcast.
 */
export const LIST_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

type Eligibility = "eligible" | "before-since" | "not-yet-published";

function eligibilityOf(post: ManifestEntry, settings: PlanSettings, now: Date): Eligibility {
  const published = Date.parse(post.publishedAt);
  if (published > now.getTime()) return "not-yet-published";
  if (settings.since && published < settings.since.getTime()) return "before-since";
  return "eligible";
}

function selectedPosts(manifest: Manifest, only: string | null | undefined): ManifestEntry[] {
  return manifest.posts
    .filter((post) => !only || post.id === only)
    .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || a.id.localeCompare(b.id));
}

/**
 * The instant before which listed broadcasts cannot belong to any post that might be
 * sent: listing (newest first) stops once a page reaches it. It starts from `since`
 * when set (every campaign was created after it), so moving a sent post's pubDate later
 * cannot hide its campaign. Null when no post is eligible: nothing to ask Resend.
 */
export function listingCutoff(manifest: Manifest, settings: PlanSettings, options: PlanOptions): Date | null {
  const eligible = selectedPosts(manifest, options.only).filter(
    (post) => eligibilityOf(post, settings, options.now) === "eligible",
  );
  if (eligible.length === 0) return null;
  const earliest = settings.since?.getTime() ?? Math.min(...eligible.map((post) => Date.parse(post.publishedAt)));
  return new Date(earliest - LIST_LOOKBACK_MS);
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
  const known = new Set(manifest.posts.map((post) => post.id));
  return existing.filter((b) => {
    const id = postIdOfBroadcast(b.name);
    return id !== null && !known.has(id);
  });
}

/**
 * Decides per post: skip (a broadcast with its name is queued, scheduled or sent),
 * resume (only drafts exist: the oldest one is updated and sent), or send (create a
 * draft). Never before `since` or before publication. A post whose subject matches an
 * orphaned `post:` broadcast looks renamed and is skipped. More than maxPerRun
 * candidates without `force` sets `refusal`.
 */
export function planNewsletter(
  manifest: Manifest,
  existing: readonly ExistingBroadcast[],
  settings: PlanSettings,
  options: PlanOptions,
): NewsletterPlan {
  const byName = new Map<string, ExistingBroadcast[]>();
  for (const broadcast of existing) {
    const list = byName.get(broadcast.name) ?? [];
    list.push(broadcast);
    byName.set(broadcast.name, list);
  }
  const orphans = orphanedPostBroadcasts(manifest, existing);

  const items = selectedPosts(manifest, options.only).map((post): PlanItem => {
    const base = {
      postId: post.id,
      title: post.title,
      subject: post.subject,
      url: post.url,
      publishedAt: post.publishedAt,
      broadcast: null,
      extraDraftIds: [],
    };
    const eligibility = eligibilityOf(post, settings, options.now);
    if (eligibility !== "eligible") return { ...base, action: "skip", reason: eligibility };

    const settled = settleDrafts(byName.get(broadcastName(post.id)) ?? []);
    if (settled.delivered) {
      return { ...base, action: "skip", reason: skipReasonFor(settled.delivered), broadcast: refOf(settled.delivered) };
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
    const lookalike = orphans.find((b) => b.subject === post.subject);
    if (lookalike) return { ...base, action: "skip", reason: "looks-renamed", broadcast: refOf(lookalike) };
    return { ...base, action: "send", reason: "new" };
  });

  const candidates = items.filter((item) => item.action !== "skip").length;
  const refusal = candidates > settings.maxPerRun && !options.force ? { candidates, maxPerRun: settings.maxPerRun } : null;
  return { items, candidates, refusal };
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
  const newPosts = plan.items.filter((item) => item.reason === "new");
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
