import { describe, expect, it } from "vitest";
import { issuesBecameDue } from "./due.ts";

const HOUR = 3_600_000;
const zone = "Europe/Berlin";
const format = (date: Date) => date.toISOString();
const weekly = { every: "week" as const, on: "monday" as const, at: { hour: 7, minute: 30 } };

describe("issuesBecameDue", () => {
  const sendAt = new Date("2026-12-07T07:30:00+01:00");

  it("goes on when an edition's campaign may be created, not before or after", () => {
    const editions = [{ id: "woche-50", draft: false, sendAt }];
    const input = { editions, posts: [], digest: null, timeZone: zone };
    const dayBefore = new Date(sendAt.getTime() - 24 * HOUR + HOUR);
    expect(issuesBecameDue(input, dayBefore, 3 * HOUR, format).map((r) => r.name)).toEqual(["edition:woche-50"]);
    expect(issuesBecameDue(input, new Date(sendAt.getTime() - 12 * HOUR), 3 * HOUR, format)).toEqual([]);
    expect(issuesBecameDue(input, new Date(sendAt.getTime() + HOUR), 3 * HOUR, format)).toEqual([]);
    expect(issuesBecameDue({ ...input, editions: [{ ...editions[0]!, draft: true }] }, dayBefore, 3 * HOUR, format)).toEqual([]);
  });

  it("goes on a day before a digest's send time for a period with posts", () => {
    const posts = [{ pubDate: new Date("2026-12-02T10:00:00+01:00") }, { pubDate: new Date("2026-12-03T10:00:00+01:00") }];
    const input = { editions: [], posts, digest: weekly, timeZone: zone };
    expect(issuesBecameDue(input, new Date("2026-12-06T08:00:00+01:00"), 3 * HOUR, format)).toEqual([
      { name: "digest:2026-W49", text: "wird für 2026-12-07T06:30:00.000Z geplant" },
    ]);
    expect(issuesBecameDue(input, new Date("2026-12-06T12:00:00+01:00"), 3 * HOUR, format)).toEqual([]);
  });
});
