/**
 * Which automatic digests there are: the periods with new mailable posts, each sent once
 * after it ends, unless a hand-written edition takes its slot. Pure: the build hands in
 * the posts and editions, the CLI never needs this.
 */
import { formatDate } from "../dates.ts";
import type { UiStrings } from "../i18n.ts";
import { digestPeriodOf, digestSendAt, groupByPeriod, type DigestPeriod, type DigestSchedule } from "./periods.ts";

/** A post as a digest needs it: its id and publication instant (already filtered to mailable posts). */
export interface DigestPost {
  id: string;
  publishedAt: Date;
}

/** An edition as far as digests care: when it goes out and which posts it shows. */
export interface DigestEdition {
  sendAt: Date;
  posts: readonly string[];
}

/** One digest to render. `key` is the period part of its name (`2026-W49`, `2026-12-07`, `2026-12`). */
export interface PlannedDigest<P extends DigestPost> {
  key: string;
  period: DigestPeriod;
  sendAt: Date;
  /** Newest first, as the email lists them. */
  posts: P[];
  /** How many of them are from earlier periods, whose digest an edition took without showing them. */
  carried: number;
}

/**
 * How far back the build still renders digests: older ones could only be reported as
 * missed (the plan never sends a digest more than a day late), so a week is plenty.
 */
export const DIGEST_HORIZON_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The digests of the posts' periods. A period's digest is left out when an edition goes
 * out in its slot (after the previous period's digest, up to its own send time): that
 * edition is the week's email, and the period's posts it does not show carry over into
 * the next digest, so none is lost. Posts an edition already showed are left out of a
 * digest, and a digest left without posts is not sent. Only digests whose send time is at
 * most DIGEST_HORIZON_MS before `now` (and not before `since`) are returned, so turning
 * digests on for an old blog renders nothing for its past.
 */
export function plannedDigests<P extends DigestPost>(
  posts: readonly P[],
  editions: readonly DigestEdition[],
  schedule: DigestSchedule,
  timeZone: string,
  { now, since }: { now: Date; since: Date | null },
): Array<PlannedDigest<P>> {
  const earliest = Math.max(now.getTime() - DIGEST_HORIZON_MS, since?.getTime() ?? -Infinity);
  const pending = new Map(
    groupByPeriod(posts, schedule.every, timeZone).map((group) => [group.period.name, { ...group, carried: [] as P[] }]),
  );
  const planned: Array<PlannedDigest<P>> = [];
  while (pending.size > 0) {
    const next = [...pending.values()].reduce((a, b) => (a.period.start <= b.period.start ? a : b));
    pending.delete(next.period.name);
    const { period } = next;
    const sendAt = digestSendAt(period, schedule, timeZone);
    const shown = new Set(editions.filter((e) => e.sendAt.getTime() <= sendAt.getTime()).flatMap((e) => e.posts));
    const left = [...next.carried, ...next.posts].filter((post) => !shown.has(post.id));
    if (left.length === 0) continue;
    const slotStart = digestSendAt(
      digestPeriodOf(new Date(period.start.getTime() - 1), schedule.every, timeZone),
      schedule,
      timeZone,
    );
    const taken = editions.some((e) => e.sendAt.getTime() > slotStart.getTime() && e.sendAt.getTime() <= sendAt.getTime());
    if (taken) {
      const following = digestPeriodOf(period.end, schedule.every, timeZone);
      const into = pending.get(following.name) ?? { period: following, posts: [], carried: [] };
      into.carried.push(...left);
      pending.set(following.name, into);
      continue;
    }
    if (sendAt.getTime() < earliest) continue;
    planned.push({
      key: period.name.slice("digest:".length),
      period,
      sendAt,
      posts: left.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || a.id.localeCompare(b.id)),
      carried: left.filter((post) => next.carried.includes(post)).length,
    });
  }
  return planned;
}

/** How a digest names its period: "Woche 49/2026", "7. Dezember 2026", "Dezember 2026", and the sentence start "In der Woche 49/2026". */
export function periodLabel(
  digest: Pick<PlannedDigest<DigestPost>, "period" | "key">,
  every: DigestSchedule["every"],
  strings: UiStrings["email"]["digest"],
  locale: string,
  timeZone: string,
): { label: string; within: string } {
  if (every === "day") {
    const label = formatDate(digest.period.start, locale, timeZone);
    return { label, within: strings.onDay(label) };
  }
  if (every === "week") {
    const [year, week] = digest.key.split("-W").map(Number) as [number, number];
    const label = strings.week(week, year);
    return { label, within: strings.inWeek(label) };
  }
  const label = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone }).format(digest.period.start);
  return { label, within: strings.inMonth(label) };
}

/** Replaces `{zeitraum}` and `{anzahl}` in a configured subject or intro. */
export function fillDigestText(template: string, values: { label: string; count: number }): string {
  return template.replaceAll("{zeitraum}", values.label).replaceAll("{anzahl}", String(values.count));
}

/**
 * With digests on, the end of the last period whose digest goes out before `sendAt`: the
 * posts up to there came in a digest (or in the edition that took its place, or they carry
 * over to the next digest), so an edition's `posts: auto` starts after it.
 */
export function digestsCoveredUntil(sendAt: Date, schedule: DigestSchedule, timeZone: string): Date {
  let period = digestPeriodOf(sendAt, schedule.every, timeZone);
  for (;;) {
    period = digestPeriodOf(new Date(period.start.getTime() - 1), schedule.every, timeZone);
    if (digestSendAt(period, schedule, timeZone).getTime() < sendAt.getTime()) return period.end;
  }
}
