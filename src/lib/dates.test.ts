import { describe, expect, it } from "vitest";
import { formatDate, parsePostDate, toZonedIso, yearIn, zonedTime } from "./dates.ts";

const TZ = "Europe/Berlin";

describe("zonedTime", () => {
  it.each([
    ["winter midnight", { year: 2026, month: 11, day: 28 }, "2026-11-27T23:00:00.000Z"],
    ["summer midnight", { year: 2026, month: 6, day: 1 }, "2026-05-31T22:00:00.000Z"],
    ["spring-forward day midnight", { year: 2026, month: 3, day: 29 }, "2026-03-28T23:00:00.000Z"],
    ["after spring-forward", { year: 2026, month: 3, day: 29, hour: 12 }, "2026-03-29T10:00:00.000Z"],
    ["fall-back day midnight", { year: 2026, month: 10, day: 25 }, "2026-10-24T22:00:00.000Z"],
    ["after fall-back", { year: 2026, month: 10, day: 25, hour: 12 }, "2026-10-25T11:00:00.000Z"],
    ["new year", { year: 2027, month: 1, day: 1 }, "2026-12-31T23:00:00.000Z"],
  ])("%s", (_name, fields, iso) => {
    expect(zonedTime(fields, TZ).toISOString()).toBe(iso);
  });
});

describe("parsePostDate", () => {
  it.each([["31.02.2026"], ["2026-13-01"], ["gestern"], [42], [null], ["2026-11-28 25:00"], [new Date("nope")]])(
    "rejects %s",
    (value) => {
      expect(parsePostDate(value, TZ)).toBeUndefined();
    },
  );
});

describe("formatting", () => {
  it("writes German long dates in the site's zone", () => {
    expect(formatDate(new Date("2026-11-27T23:30:00Z"), "de-DE", TZ)).toBe("28. November 2026");
    expect(formatDate(new Date("2026-03-01T00:00:00Z"), "de-DE", TZ)).toBe("1. März 2026");
  });

  it("puts New Year's Eve late evening UTC into the next Berlin year", () => {
    expect(yearIn(new Date("2026-12-31T23:30:00Z"), TZ)).toBe(2027);
  });

  it.each([
    ["2026-11-27T23:00:00Z", "2026-11-28T00:00:00+01:00"],
    ["2026-07-14T22:00:00Z", "2026-07-15T00:00:00+02:00"],
  ])("toZonedIso(%s) = %s", (instant, iso) => {
    expect(toZonedIso(new Date(instant), TZ)).toBe(iso);
  });
});
