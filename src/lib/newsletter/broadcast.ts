/**
 * What Rundbrief knows about a Resend broadcast, independent of the SDK's wire format:
 * which segment it belongs to, and the draft settling rule that two runs at once both
 * apply and therefore agree on. Campaign names are in manifest.ts.
 */

/** A broadcast that exists on Resend, as the list (and optionally the detail) endpoint reports it. */
export interface ExistingBroadcast {
  id: string;
  name: string;
  /** draft, queued, sent, scheduled, canceled, … (only `draft` may still be sent). */
  status: string;
  createdAt: Date;
  scheduledAt: Date | null;
  sentAt: Date | null;
  /** The segment it goes to, where the listing says (null or absent: unknown). */
  segmentId?: string | null;
  /** Known only after a detail lookup: the list endpoint does not return subjects. */
  subject?: string | null;
}

/**
 * Whether a broadcast may be this blog's: it goes to `segmentId`, or the listing does not
 * say where it goes. Another blog on the same Resend account has campaigns of the same
 * names (every weekly digest is `digest:2026-W49`); those are never counted, changed or
 * settled on.
 */
export function inSegment(broadcast: Pick<ExistingBroadcast, "segmentId">, segmentId: string | null | undefined): boolean {
  return !segmentId || !broadcast.segmentId || broadcast.segmentId === segmentId;
}

/** True while a broadcast may still be updated and sent; every other status means "on its way or done". */
export function isDraft(broadcast: Pick<ExistingBroadcast, "status">): boolean {
  return broadcast.status === "draft";
}

const RESEND_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads Resend's timestamps, which come as `2023-10-06 22:59:55.977+00` (not ISO 8601),
 * as well as plain ISO strings. Returns null for empty or unreadable values.
 */
export function parseResendTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const match = RESEND_TIME.exec(value.trim());
  let iso = value.trim();
  if (match) {
    const [, day, time, zone] = match;
    let offset = zone ?? "Z";
    if (offset !== "Z") {
      const digits = offset.replace(":", "");
      offset = `${digits.slice(0, 3)}:${digits.slice(3, 5) || "00"}`;
    }
    iso = `${day}T${time}${offset}`;
  }
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Oldest first; ties broken by id so that every run picks the same winner. */
function oldestFirst(a: ExistingBroadcast, b: ExistingBroadcast): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Outcome of looking at all broadcasts that share one post's name. */
export interface SettledDrafts {
  /** A broadcast of this post that is already on its way (queued, scheduled, sent, …). */
  delivered: ExistingBroadcast | null;
  /** The draft to send: the oldest one, and only when nothing was delivered yet. */
  winner: ExistingBroadcast | null;
  /** Every other draft; safe to delete. */
  losers: ExistingBroadcast[];
}

/**
 * Decides among broadcasts with the same name which one counts. Two concurrent runs see
 * the same drafts and therefore the same oldest one, so only that one gets sent.
 */
export function settleDrafts(sameName: readonly ExistingBroadcast[]): SettledDrafts {
  const drafts = sameName.filter(isDraft).sort(oldestFirst);
  const others = sameName.filter((b) => !isDraft(b)).sort(oldestFirst);
  const delivered = others.find((b) => b.status === "sent") ?? others[0] ?? null;
  if (delivered) return { delivered, winner: null, losers: drafts };
  const [winner = null, ...losers] = drafts;
  return { delivered: null, winner, losers };
}

/** Creation time of the newest broadcast in a listing; null for an empty one. */
export function newestCreatedAt(broadcasts: readonly ExistingBroadcast[]): Date | null {
  let newest: Date | null = null;
  for (const b of broadcasts) if (!newest || b.createdAt.getTime() > newest.getTime()) newest = b.createdAt;
  return newest;
}
