import { describe, expect, it } from "vitest";
import { digestPeriodOf, digestSendAt, groupByPeriod, isoWeek } from "./periods.ts";

const BERLIN = "Europe/Berlin";
const at = (iso: string) => new Date(iso);
const seven30 = { hour: 7, minute: 30 };

describe("digestPeriodOf: weeks", () => {
  it.each([
    // 2026 has 53 ISO weeks: New Year's Day 2027 (a Friday) still belongs to 2026-W53.
    ["2027-01-01T12:00:00+01:00", "digest:2026-W53"],
    ["2026-12-28T00:00:00+01:00", "digest:2026-W53"],
    ["2027-01-03T23:59:59+01:00", "digest:2026-W53"],
    ["2027-01-04T00:00:00+01:00", "digest:2027-W01"],
    // Monday 00:00 in Berlin is still Sunday in UTC: the site's zone decides.
    ["2026-12-07T00:00:00+01:00", "digest:2026-W50"],
    ["2026-12-06T23:59:59.999+01:00", "digest:2026-W49"],
  ])("%s → %s", (instant, name) => {
    expect(digestPeriodOf(at(instant), "week", BERLIN).name).toBe(name);
  });

  it("starts at a Monday's first instant and ends at the next one's, across the start of summer time", () => {
    // Summer time starts on Sunday 2027-03-28: that week is one hour short.
    const period = digestPeriodOf(at("2027-03-24T10:00:00+01:00"), "week", BERLIN);
    expect(period).toEqual({
      name: "digest:2027-W12",
      start: at("2027-03-22T00:00:00+01:00"),
      end: at("2027-03-29T00:00:00+02:00"),
    });
    expect(digestPeriodOf(at("2027-03-28T23:59:59+02:00"), "week", BERLIN).name).toBe("digest:2027-W12");
    expect(digestPeriodOf(period.end, "week", BERLIN).name).toBe("digest:2027-W13");
  });

  it("and across the end of summer time, where the week is an hour longer", () => {
    const period = digestPeriodOf(at("2027-10-31T02:30:00+01:00"), "week", BERLIN);
    expect(period.name).toBe("digest:2027-W43");
    expect(period.end).toEqual(at("2027-11-01T00:00:00+01:00"));
    expect(period.end.getTime() - period.start.getTime()).toBe(7 * 24 * 3_600_000 + 3_600_000);
    expect(digestPeriodOf(at("2027-10-31T23:59:59+01:00"), "week", BERLIN).name).toBe("digest:2027-W43");
  });

  it("numbers weeks as ISO 8601 does", () => {
    expect(isoWeek(at("2021-01-03T00:00:00Z"))).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(at("2024-12-30T00:00:00Z"))).toEqual({ year: 2025, week: 1 });
    expect(isoWeek(at("2026-06-15T00:00:00Z"))).toEqual({ year: 2026, week: 25 });
  });
});

describe("digestPeriodOf: days and months", () => {
  it("names a day by its date in the site's zone", () => {
    expect(digestPeriodOf(at("2026-12-06T23:30:00Z"), "day", BERLIN)).toEqual({
      name: "digest:2026-12-07",
      start: at("2026-12-07T00:00:00+01:00"),
      end: at("2026-12-08T00:00:00+01:00"),
    });
    // The day summer time starts has 23 hours.
    const short = digestPeriodOf(at("2027-03-28T12:00:00+02:00"), "day", BERLIN);
    expect(short.end.getTime() - short.start.getTime()).toBe(23 * 3_600_000);
  });

  it("names a month by year and month", () => {
    expect(digestPeriodOf(at("2026-11-30T23:30:00Z"), "month", BERLIN).name).toBe("digest:2026-12");
    expect(digestPeriodOf(at("2026-12-31T23:59:59+01:00"), "month", BERLIN)).toEqual({
      name: "digest:2026-12",
      start: at("2026-12-01T00:00:00+01:00"),
      end: at("2027-01-01T00:00:00+01:00"),
    });
  });
});

describe("digestSendAt", () => {
  const w53 = digestPeriodOf(at("2027-01-01T12:00:00+01:00"), "week", BERLIN);

  it.each([
    ["monday", "2027-01-04T07:30:00+01:00"],
    ["friday", "2027-01-08T07:30:00+01:00"],
    ["sunday", "2027-01-10T07:30:00+01:00"],
  ] as const)("a week's digest goes out on the first %s after it ends", (on, expected) => {
    expect(digestSendAt(w53, { every: "week", on, at: seven30 }, BERLIN)).toEqual(at(expected));
  });

  it("keeps the clock time when summer time has begun", () => {
    const w12 = digestPeriodOf(at("2027-03-24T10:00:00+01:00"), "week", BERLIN);
    expect(digestSendAt(w12, { every: "week", on: "monday", at: seven30 }, BERLIN)).toEqual(at("2027-03-29T07:30:00+02:00"));
  });

  it("sends a day's digest the next day and a month's on the first of the next month", () => {
    const day = digestPeriodOf(at("2026-12-07T09:00:00+01:00"), "day", BERLIN);
    expect(digestSendAt(day, { every: "day", at: seven30 }, BERLIN)).toEqual(at("2026-12-08T07:30:00+01:00"));
    const month = digestPeriodOf(at("2026-12-07T09:00:00+01:00"), "month", BERLIN);
    expect(digestSendAt(month, { every: "month", at: seven30 }, BERLIN)).toEqual(at("2027-01-01T07:30:00+01:00"));
  });
});

describe("groupByPeriod", () => {
  it("puts every post in exactly one period, the first and last instant included, and skips empty periods", () => {
    const posts = [
      { id: "letzter-moment", publishedAt: at("2026-12-13T23:59:59.999+01:00") },
      { id: "erster-moment", publishedAt: at("2026-12-07T00:00:00+01:00") },
      { id: "zwei-wochen-spaeter", publishedAt: at("2026-12-21T10:00:00+01:00") },
    ];
    expect(groupByPeriod(posts, "week", BERLIN).map((g) => [g.period.name, g.posts.map((p) => p.id)])).toEqual([
      ["digest:2026-W50", ["erster-moment", "letzter-moment"]],
      ["digest:2026-W52", ["zwei-wochen-spaeter"]],
    ]);
  });
});
