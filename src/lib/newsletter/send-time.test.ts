import { describe, expect, it } from "vitest";
import { nextClockTime, parseClockTime, postSendAt, stillChangeable } from "./send-time.ts";

const BERLIN = "Europe/Berlin";
const at = (iso: string) => new Date(iso);

describe("nextClockTime", () => {
  it("takes today's time when it is still ahead, else tomorrow's, in the site's zone", () => {
    const clock = parseClockTime("07:30")!;
    expect(nextClockTime(at("2026-11-30T05:00:00Z"), clock, BERLIN).toISOString()).toBe("2026-11-30T06:30:00.000Z");
    expect(nextClockTime(at("2026-11-30T06:30:00Z"), clock, BERLIN).toISOString()).toBe("2026-11-30T06:30:00.000Z");
    expect(nextClockTime(at("2026-11-30T06:30:01Z"), clock, BERLIN).toISOString()).toBe("2026-12-01T06:30:00.000Z");
    // 23:30 in Berlin is already the next day in UTC terms: the local date decides.
    expect(nextClockTime(at("2026-11-30T22:30:00Z"), clock, BERLIN).toISOString()).toBe("2026-12-01T06:30:00.000Z");
  });

  it("keeps the wall-clock time across the switch to and from summer time", () => {
    const clock = parseClockTime("07:30")!;
    // Summer time starts on 2027-03-28 in Berlin: 07:30 is then 05:30 UTC.
    expect(nextClockTime(at("2027-03-27T12:00:00Z"), clock, BERLIN).toISOString()).toBe("2027-03-28T05:30:00.000Z");
    // And ends on 2027-10-31: 07:30 is 06:30 UTC again.
    expect(nextClockTime(at("2027-10-30T12:00:00Z"), clock, BERLIN).toISOString()).toBe("2027-10-31T06:30:00.000Z");
  });

  it("reads only real times of day", () => {
    expect(parseClockTime("7:30")).toBeNull();
    expect(parseClockTime("24:00")).toBeNull();
    expect(parseClockTime("07:60")).toBeNull();
    expect(parseClockTime("00:00")).toEqual({ hour: 0, minute: 0 });
  });
});

describe("postSendAt and stillChangeable", () => {
  it("sends at publication without a sendTime, else at the next sendTime", () => {
    const published = at("2026-11-30T10:15:00Z");
    expect(postSendAt(published, undefined, BERLIN)).toEqual(published);
    expect(postSendAt(published, "07:30", BERLIN).toISOString()).toBe("2026-12-01T06:30:00.000Z");
  });

  it("stops changes within the margin before the send time", () => {
    const scheduled = at("2026-12-01T06:30:00Z");
    const margin = 10 * 60_000;
    expect(stillChangeable(scheduled, at("2026-12-01T06:19:59Z"), margin)).toBe(true);
    expect(stillChangeable(scheduled, at("2026-12-01T06:20:00Z"), margin)).toBe(false);
    expect(stillChangeable(scheduled, at("2026-12-01T07:00:00Z"), margin)).toBe(false);
  });
});
