import { describe, expect, it } from "vitest";
import { ui } from "../i18n.ts";
import { digestsCoveredUntil, fillDigestText, periodLabel, plannedDigests } from "./digests.ts";
import type { DigestSchedule } from "./periods.ts";

const zone = "Europe/Berlin";
const weekly: DigestSchedule = { every: "week", on: "monday", at: { hour: 7, minute: 30 } };
const post = (id: string, iso: string) => ({ id, publishedAt: new Date(iso) });
// Week 48 of 2026: Monday 23 November to Sunday 29 November; its digest goes out Monday 30 November, 07:30.
const w48 = [post("dienstag", "2026-11-24T10:00:00+01:00"), post("sonntag-spaet", "2026-11-29T23:59:00+01:00")];
const w49 = [post("montag-null-uhr", "2026-11-30T00:00:00+01:00")];
const now = new Date("2026-11-30T06:00:00+01:00");

describe("plannedDigests", () => {
  it("gives each week with posts one digest, newest post first, sent on the Monday after", () => {
    const digests = plannedDigests([...w48, ...w49], [], weekly, zone, { now, since: null });
    expect(digests.map((d) => [d.key, d.sendAt.toISOString(), d.posts.map((p) => p.id)])).toEqual([
      ["2026-W48", "2026-11-30T06:30:00.000Z", ["sonntag-spaet", "dienstag"]],
      ["2026-W49", "2026-12-07T06:30:00.000Z", ["montag-null-uhr"]],
    ]);
  });

  it("leaves out a week whose slot an edition takes, and posts an earlier edition showed", () => {
    // The edition takes week 48's slot but shows only one of its posts: the other comes with week 49's digest.
    const edition = { sendAt: new Date("2026-11-30T07:30:00+01:00"), posts: ["dienstag"] };
    const digests = plannedDigests([...w48, ...w49], [edition], weekly, zone, { now, since: null });
    expect(digests.map((d) => [d.key, d.posts.map((p) => p.id), d.carried])).toEqual([
      ["2026-W49", ["montag-null-uhr", "sonntag-spaet"], 1],
    ]);
    // Taken on the last week with posts: the leftover still gets a digest, the next week's.
    const [carried] = plannedDigests(w48, [edition], weekly, zone, { now, since: null });
    expect([carried?.key, carried?.posts.map((p) => p.id)]).toEqual(["2026-W49", ["sonntag-spaet"]]);
    const showedIt = { sendAt: new Date("2026-11-20T09:00:00+01:00"), posts: ["dienstag"] };
    const [digest] = plannedDigests(w48, [showedIt], weekly, zone, { now, since: null });
    expect(digest?.posts.map((p) => p.id)).toEqual(["sonntag-spaet"]);
    const showedAll = { sendAt: new Date("2026-11-20T09:00:00+01:00"), posts: ["dienstag", "sonntag-spaet"] };
    expect(plannedDigests(w48, [showedAll], weekly, zone, { now, since: null })).toEqual([]);
  });

  it("renders nothing for an old blog's past: only digests sent within the last week, never before since", () => {
    const old = [post("vor-einem-jahr", "2025-11-25T10:00:00+01:00"), ...w48];
    expect(plannedDigests(old, [], weekly, zone, { now, since: null }).map((d) => d.key)).toEqual(["2026-W48"]);
    expect(
      plannedDigests(w48, [], weekly, zone, { now, since: new Date("2026-12-01T00:00:00+01:00") }).map((d) => d.key),
    ).toEqual([]);
  });

  it("puts a post at New Year 2027 into week 53 of 2026, and daily and monthly periods by the site's calendar", () => {
    const newYear = [post("neujahr", "2027-01-01T00:30:00+01:00")];
    const at = new Date("2027-01-02T12:00:00+01:00");
    expect(plannedDigests(newYear, [], weekly, zone, { now: at, since: null })[0]?.key).toBe("2026-W53");
    const daily: DigestSchedule = { every: "day", at: { hour: 7, minute: 30 } };
    expect(plannedDigests(newYear, [], daily, zone, { now: at, since: null })[0]).toMatchObject({
      key: "2027-01-01",
      sendAt: new Date("2027-01-02T07:30:00+01:00"),
    });
    const monthly: DigestSchedule = { every: "month", at: { hour: 7, minute: 30 } };
    const late = [post("silvester", "2026-12-31T23:30:00+01:00")];
    expect(plannedDigests(late, [], monthly, zone, { now: at, since: null })[0]).toMatchObject({
      key: "2026-12",
      sendAt: new Date("2027-01-01T07:30:00+01:00"),
    });
  });
});

describe("periodLabel and fillDigestText", () => {
  const strings = ui.de.email.digest;
  const [digest] = plannedDigests(w48, [], weekly, zone, { now, since: null });

  it("names a week by its ISO number, a day and a month in German", () => {
    expect(periodLabel(digest!, "week", strings, "de-DE", zone)).toEqual({
      label: "Woche 48/2026",
      within: "In der Woche 48/2026",
    });
    const day = plannedDigests(w49, [], { every: "day", at: { hour: 7, minute: 30 } }, zone, { now, since: null })[0]!;
    expect(periodLabel(day, "day", strings, "de-DE", zone).label).toBe("30. November 2026");
    const month = plannedDigests(w48, [], { every: "month", at: { hour: 7, minute: 30 } }, zone, {
      now: new Date("2026-12-01T09:00:00+01:00"),
      since: null,
    })[0]!;
    expect(periodLabel(month, "month", strings, "de-DE", zone).within).toBe("Im November 2026");
    expect(strings.intro(1, "In der Woche 48/2026")).toBe("In der Woche 48/2026 ist ein neuer Artikel erschienen.");
  });

  it("fills {zeitraum} and {anzahl} in a configured text", () => {
    expect(fillDigestText("{anzahl} neue Tipps – {zeitraum}", { label: "Woche 48/2026", count: 2 })).toBe(
      "2 neue Tipps – Woche 48/2026",
    );
  });
});

describe("digestsCoveredUntil", () => {
  it("ends where the last digest before an edition's send time stops", () => {
    // An edition on Wednesday 2 December: week 48's digest went out on Monday, so posts from 30 November on are new.
    expect(digestsCoveredUntil(new Date("2026-12-02T07:30:00+01:00"), weekly, zone)).toEqual(
      new Date("2026-11-30T00:00:00+01:00"),
    );
    // On Monday 30 November at 07:00, before that digest: only week 47 is covered.
    expect(digestsCoveredUntil(new Date("2026-11-30T07:00:00+01:00"), weekly, zone)).toEqual(
      new Date("2026-11-23T00:00:00+01:00"),
    );
  });
});
