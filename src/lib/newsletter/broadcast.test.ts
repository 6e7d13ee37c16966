import { describe, expect, it } from "vitest";
import { aBroadcast, daysAgo } from "../../../tests/fixtures/manifest/builders.ts";
import { newestCreatedAt, parseResendTime, settleDrafts } from "./broadcast.ts";
import { campaignName, parseCampaignName } from "./manifest.ts";

describe("broadcast names", () => {
  it.each([
    ["post:vertraege", { kind: "post", id: "vertraege" }],
    ["edition:woche-49", { kind: "edition", id: "woche-49" }],
    ["digest:2026-W53", { kind: "digest", id: "2026-W53" }],
    ["post:", null],
    [":vertraege", null],
    ["ausgabe:woche-49", null],
    ["Novemberausgabe", null],
  ])("%s → %j", (name, parsed) => {
    expect(parseCampaignName(name)).toEqual(parsed);
  });

  it("round-trips a campaign's kind and id", () => {
    expect(parseCampaignName(campaignName("edition", "a-b-c"))).toEqual({ kind: "edition", id: "a-b-c" });
  });
});

describe("parseResendTime", () => {
  it.each([
    ["2023-10-06 22:59:55.977+00", "2023-10-06T22:59:55.977Z"],
    ["2023-10-06 22:59:55+02", "2023-10-06T20:59:55.000Z"],
    ["2023-10-06 22:59:55.977+05:30", "2023-10-06T17:29:55.977Z"],
    ["2023-10-06T22:59:55.977Z", "2023-10-06T22:59:55.977Z"],
    ["2023-10-06T22:59:55", "2023-10-06T22:59:55.000Z"],
  ])("%s", (value, iso) => {
    expect(parseResendTime(value)?.toISOString()).toBe(iso);
  });

  it.each([[null], [undefined], [""], ["gestern"]])("%s → null", (value) => {
    expect(parseResendTime(value)).toBeNull();
  });
});

describe("settleDrafts", () => {
  const draft = (id: string, ageDays: number) => aBroadcast({ id, name: "post:x", status: "draft", createdAt: daysAgo(ageDays) });
  const t = new Date();

  it("picks the oldest draft and marks the rest as losers", () => {
    const result = settleDrafts([draft("c", 1), draft("a", 3), draft("b", 2)]);
    expect(result.delivered).toBeNull();
    expect(result.winner?.id).toBe("a");
    expect(result.losers.map((b) => b.id)).toEqual(["b", "c"]);
  });

  it("breaks ties by id so concurrent runs agree", () => {
    const same = (id: string) => aBroadcast({ id, name: "post:x", status: "draft", createdAt: t });
    expect(settleDrafts([same("z"), same("m")]).winner?.id).toBe("m");
    expect(settleDrafts([same("m"), same("z")]).winner?.id).toBe("m");
  });

  it("counts a delivered broadcast as done and every draft as a loser", () => {
    const sent = aBroadcast({ id: "s", name: "post:x", status: "sent" });
    const result = settleDrafts([draft("d", 1), sent]);
    expect(result).toEqual({ delivered: sent, winner: null, losers: [expect.objectContaining({ id: "d" })] });
  });

  it("finds nothing in an empty list", () => {
    expect(settleDrafts([])).toEqual({ delivered: null, winner: null, losers: [] });
  });
});

describe("newestCreatedAt", () => {
  it("finds the newest creation time, or null for none", () => {
    const times = [daysAgo(3), daysAgo(1), daysAgo(2)];
    expect(newestCreatedAt(times.map((createdAt, i) => aBroadcast({ name: `n${i}`, createdAt })))).toEqual(times[1]);
    expect(newestCreatedAt([])).toBeNull();
  });
});
