/**
 * When a campaign goes out: a wall-clock time of day in the site's time zone (the
 * `newsletter.sendTime` of per-post campaigns), and the safety margin before a send time
 * within which a run no longer touches a scheduled broadcast.
 */
import { zoneOffsetMs, zonedTime } from "../dates.ts";

/** "07:30": hours 00–23, minutes 00–59. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A time of day. */
export interface ClockTime {
  hour: number;
  minute: number;
}

/** Reads "07:30"; null for anything else. */
export function parseClockTime(value: string): ClockTime | null {
  const match = CLOCK_TIME.exec(value.trim());
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The first instant at or after `after` whose wall-clock time in `timeZone` is `clock`.
 * On the day summer time starts a time inside the skipped hour comes out one hour later,
 * as clocks show it.
 */
export function nextClockTime(after: Date, clock: ClockTime, timeZone: string): Date {
  const local = new Date(after.getTime() + zoneOffsetMs(after, timeZone));
  for (let days = 0; days <= 2; days++) {
    const candidate = zonedTime(
      {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        day: local.getUTCDate() + days,
        hour: clock.hour,
        minute: clock.minute,
      },
      timeZone,
    );
    if (candidate.getTime() >= after.getTime()) return candidate;
  }
  // Unreachable: a day later the same clock time has always come round.
  return new Date(after.getTime() + DAY_MS);
}

/** A per-post campaign's send time: the next `sendTime` after publication, or publication itself when unset. */
export function postSendAt(publishedAt: Date, sendTime: string | undefined, timeZone: string): Date {
  const clock = sendTime ? parseClockTime(sendTime) : null;
  return clock ? nextClockTime(publishedAt, clock, timeZone) : publishedAt;
}

/** Default of `newsletter.safetyMarginMinutes`. */
export const DEFAULT_SAFETY_MARGIN_MINUTES = 10;

/**
 * Whether a broadcast scheduled for `scheduledAt` may still be changed at `now`: only
 * until `marginMs` before its send time, so a cancel can never reach one Resend is
 * already sending.
 */
export function stillChangeable(scheduledAt: Date, now: Date, marginMs: number): boolean {
  return scheduledAt.getTime() - marginMs > now.getTime();
}
