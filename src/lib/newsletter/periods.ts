/**
 * Digest periods in the site's time zone: ISO weeks (Monday to Sunday), days or calendar
 * months. A post belongs to exactly one period, by its publication instant, also across
 * the switch to and from summer time; each period has a permanent campaign name
 * (`digest:2026-W53`, `digest:2026-12-07`, `digest:2026-12`) and a send time after it ends.
 */
import { zoneOffsetMs, zonedTime } from "../dates.ts";
import type { ClockTime } from "./send-time.ts";

/** How often a digest goes out. */
export type DigestEvery = "day" | "week" | "month";

/** Weekdays as the config names them, Monday first (ISO 8601 numbering 1–7). */
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One period: its campaign name and its bounds, start inclusive, end exclusive. */
export interface DigestPeriod {
  name: string;
  start: Date;
  end: Date;
}

/** When a digest goes out: `on` only for weekly digests. */
export interface DigestSchedule {
  every: DigestEvery;
  on?: Weekday;
  at: ClockTime;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date of `instant` in `timeZone`, as a UTC-midnight stand-in (for calendar arithmetic only). */
function localDay(instant: Date, timeZone: string): Date {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

/** Midnight at the start of a calendar date (given as UTC-midnight stand-in) in `timeZone`. */
function startOfDay(day: Date, timeZone: string, time: ClockTime = { hour: 0, minute: 0 }): Date {
  return zonedTime(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: time.hour, minute: time.minute },
    timeZone,
  );
}

const addDays = (day: Date, days: number) => new Date(day.getTime() + days * DAY_MS);
/** 1 = Monday … 7 = Sunday. */
const isoWeekday = (day: Date) => ((day.getUTCDay() + 6) % 7) + 1;
const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** ISO week-year and week of a calendar date: the week belongs to the year of its Thursday. */
export function isoWeek(day: Date): { year: number; week: number } {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = thursday.getUTCFullYear();
  const firstThursday = addDays(new Date(Date.UTC(year, 0, 4)), 4 - isoWeekday(new Date(Date.UTC(year, 0, 4))));
  return { year, week: 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * DAY_MS)) };
}

/** The period `instant` falls in. */
export function digestPeriodOf(instant: Date, every: DigestEvery, timeZone: string): DigestPeriod {
  const day = localDay(instant, timeZone);
  if (every === "day") {
    const name = `digest:${day.toISOString().slice(0, 10)}`;
    return { name, start: startOfDay(day, timeZone), end: startOfDay(addDays(day, 1), timeZone) };
  }
  if (every === "week") {
    const monday = addDays(day, 1 - isoWeekday(day));
    const { year, week } = isoWeek(monday);
    return {
      name: `digest:${year}-W${pad(week)}`,
      start: startOfDay(monday, timeZone),
      end: startOfDay(addDays(monday, 7), timeZone),
    };
  }
  const first = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  const next = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
  return {
    name: `digest:${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}`,
    start: startOfDay(first, timeZone),
    end: startOfDay(next, timeZone),
  };
}

/**
 * When a period's digest goes out: at `at` on the first `on` day after a week ends, on
 * the next day after a day, on the first day of the next month after a month.
 */
export function digestSendAt(period: DigestPeriod, schedule: DigestSchedule, timeZone: string): Date {
  const firstDayAfter = localDay(period.end, timeZone);
  if (schedule.every !== "week") return startOfDay(firstDayAfter, timeZone, schedule.at);
  const wanted = WEEKDAYS.indexOf(schedule.on ?? "monday") + 1;
  const wait = (wanted - isoWeekday(firstDayAfter) + 7) % 7;
  return startOfDay(addDays(firstDayAfter, wait), timeZone, schedule.at);
}

/** Posts grouped by period, in time order; empty periods do not appear. */
export function groupByPeriod<P extends { publishedAt: Date }>(
  posts: readonly P[],
  every: DigestEvery,
  timeZone: string,
): Array<{ period: DigestPeriod; posts: P[] }> {
  const groups = new Map<string, { period: DigestPeriod; posts: P[] }>();
  for (const post of [...posts].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime())) {
    const period = digestPeriodOf(post.publishedAt, every, timeZone);
    const group = groups.get(period.name) ?? { period, posts: [] };
    group.posts.push(post);
    groups.set(period.name, group);
  }
  return [...groups.values()];
}
