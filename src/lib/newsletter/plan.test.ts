import { describe, expect, it } from "vitest";
import { aBroadcast, aManifest, aManifestEntry, daysAgo } from "../../../tests/fixtures/manifest/builders.ts";
import {
  LIST_LOOKBACK_MS,
  broadcastsToCheckForRename,
  effectiveSince,
  listingCutoff,
  planNewsletter,
  type PlanReason,
} from "./plan.ts";
import type { ExistingBroadcast } from "./broadcast.ts";

const now = new Date("2026-12-01T12:00:00Z");
const settings = { since: new Date("2026-11-01T00:00:00+01:00"), maxPerRun: 3 };
const recent = aManifestEntry({ id: "neu", publishedAt: daysAgo(2, now).toISOString() });

describe("planNewsletter: one post against what exists on Resend", () => {
  it.each<[string, ExistingBroadcast[], string, PlanReason]>([
    ["nothing exists", [], "send", "new"],
    ["a sent broadcast", [aBroadcast({ name: "post:neu", status: "sent" })], "skip", "already-sent"],
    ["a queued broadcast", [aBroadcast({ name: "post:neu", status: "queued" })], "skip", "queued"],
    [
      "a scheduled broadcast (queued + scheduled_at)",
      [aBroadcast({ name: "post:neu", status: "queued", scheduledAt: now })],
      "skip",
      "scheduled",
    ],
    ["a broadcast with status scheduled", [aBroadcast({ name: "post:neu", status: "scheduled" })], "skip", "scheduled"],
    ["a canceled broadcast", [aBroadcast({ name: "post:neu", status: "canceled" })], "skip", "other-status"],
    ["a leftover draft", [aBroadcast({ name: "post:neu", status: "draft" })], "resume", "leftover-draft"],
    [
      "a draft next to a sent one",
      [aBroadcast({ name: "post:neu", status: "draft" }), aBroadcast({ name: "post:neu", status: "sent" })],
      "skip",
      "already-sent",
    ],
    ["another post's broadcast", [aBroadcast({ name: "post:anderer", status: "sent" })], "send", "new"],
    ["a manual broadcast with the same subject", [aBroadcast({ name: "Handarbeit", subject: recent.subject })], "send", "new"],
    [
      "an orphaned post: broadcast with the same subject",
      [aBroadcast({ name: "post:alter-name", subject: recent.subject })],
      "skip",
      "looks-renamed",
    ],
    [
      "an orphaned post: broadcast with another subject",
      [aBroadcast({ name: "post:alter-name", subject: "Etwas anderes" })],
      "send",
      "new",
    ],
  ])("%s", (_case, existing, action, reason) => {
    const plan = planNewsletter(aManifest([recent]), existing, settings, { now });
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]).toMatchObject({ postId: "neu", action, reason });
  });

  it("resumes the oldest of several drafts and lists the others for deletion", () => {
    const older = aBroadcast({ id: "b-alt", name: "post:neu", status: "draft", createdAt: daysAgo(1, now) });
    const newer = aBroadcast({ id: "b-jung", name: "post:neu", status: "draft", createdAt: daysAgo(0.1, now) });
    const plan = planNewsletter(aManifest([recent]), [newer, older], settings, { now });
    expect(plan.items[0]).toMatchObject({ action: "resume", broadcast: { id: "b-alt" }, extraDraftIds: ["b-jung"] });
  });
});

describe("planNewsletter: which posts are candidates", () => {
  it.each<[string, string, { since: Date | null }, PlanReason]>([
    ["published after since", daysAgo(2, now).toISOString(), settings, "new"],
    ["published exactly at since", settings.since.toISOString(), settings, "new"],
    ["published one second before since", new Date(settings.since.getTime() - 1000).toISOString(), settings, "before-since"],
    ["dated in the future", new Date(now.getTime() + 60_000).toISOString(), settings, "not-yet-published"],
    ["old, but since is unset", "2019-05-01T08:00:00+02:00", { since: null }, "new"],
  ])("a post %s", (_case, publishedAt, override, reason) => {
    const plan = planNewsletter(aManifest([aManifestEntry({ id: "p", publishedAt })]), [], { ...settings, ...override }, { now });
    expect(plan.items[0]?.reason).toBe(reason);
  });

  it("orders posts oldest first and limits them with --post", () => {
    const posts = [
      aManifestEntry({ id: "b", publishedAt: daysAgo(1, now).toISOString() }),
      aManifestEntry({ id: "a", publishedAt: daysAgo(3, now).toISOString() }),
    ];
    expect(planNewsletter(aManifest(posts), [], settings, { now }).items.map((i) => i.postId)).toEqual(["a", "b"]);
    expect(planNewsletter(aManifest(posts), [], settings, { now, only: "b" }).items.map((i) => i.postId)).toEqual(["b"]);
  });
});

describe("planNewsletter: maxPerRun", () => {
  const posts = (count: number) =>
    Array.from({ length: count }, (_, i) => aManifestEntry({ id: `p${i}`, publishedAt: daysAgo(i + 1, now).toISOString() }));

  it.each([
    [3, false, null],
    [4, false, { candidates: 4, maxPerRun: 3 }],
    [4, true, null],
  ])("%i candidates, force=%s → refusal %j", (count, force, refusal) => {
    expect(planNewsletter(aManifest(posts(count)), [], settings, { now, force }).refusal).toEqual(refusal);
  });

  it("counts resumes as candidates but not skips", () => {
    const existing = [aBroadcast({ name: "post:p0", status: "draft" }), aBroadcast({ name: "post:p1", status: "sent" })];
    const plan = planNewsletter(aManifest(posts(4)), existing, settings, { now });
    expect(plan.candidates).toBe(3);
    expect(plan.refusal).toBeNull();
  });
});

describe("listingCutoff", () => {
  it("reaches back from `since` by the lookback margin, however late the eligible posts are dated", () => {
    const posts = [
      aManifestEntry({ id: "alt", publishedAt: "2020-01-01T00:00:00Z" }),
      aManifestEntry({ id: "eins", publishedAt: daysAgo(5, now).toISOString() }),
      aManifestEntry({ id: "zwei", publishedAt: daysAgo(2, now).toISOString() }),
    ];
    const fromSince = new Date(settings.since!.getTime() - LIST_LOOKBACK_MS);
    expect(listingCutoff(aManifest(posts), settings, { now })).toEqual(fromSince);
    expect(listingCutoff(aManifest(posts), settings, { now, only: "zwei" })).toEqual(fromSince);
  });

  it("reaches back from the earliest eligible post when `since` is unset", () => {
    const posts = [
      aManifestEntry({ id: "eins", publishedAt: daysAgo(5, now).toISOString() }),
      aManifestEntry({ id: "zwei", publishedAt: daysAgo(2, now).toISOString() }),
    ];
    const unset = { ...settings, since: null };
    expect(listingCutoff(aManifest(posts), unset, { now })).toEqual(new Date(daysAgo(5, now).getTime() - LIST_LOOKBACK_MS));
    expect(listingCutoff(aManifest(posts), unset, { now, only: "zwei" })).toEqual(
      new Date(daysAgo(2, now).getTime() - LIST_LOOKBACK_MS),
    );
  });

  it("is null when no post is eligible, so Resend need not be asked", () => {
    const posts = [aManifestEntry({ id: "alt", publishedAt: "2020-01-01T00:00:00Z" })];
    expect(listingCutoff(aManifest(posts), settings, { now })).toBeNull();
  });
});

describe("broadcastsToCheckForRename", () => {
  it("asks only for orphaned post: broadcasts without a known subject, created after the lookback", () => {
    const existing = [
      aBroadcast({ id: "verwaist", name: "post:alter-name", createdAt: daysAgo(1, now) }),
      aBroadcast({ id: "verwaist-alt", name: "post:uralt", createdAt: daysAgo(400, now) }),
      aBroadcast({ id: "bekannt", name: "post:weg", subject: "X", createdAt: daysAgo(1, now) }),
      aBroadcast({ id: "hand", name: "Handarbeit", createdAt: daysAgo(1, now) }),
    ];
    const manifest = aManifest([recent]);
    const plan = planNewsletter(manifest, existing, settings, { now });
    expect(broadcastsToCheckForRename(manifest, existing, plan)).toEqual({ ids: ["verwaist"], unchecked: 0 });
  });

  it("asks nothing when no post would be created", () => {
    const existing = [aBroadcast({ name: "post:neu" }), aBroadcast({ id: "verwaist", name: "post:alter-name" })];
    const manifest = aManifest([recent]);
    expect(broadcastsToCheckForRename(manifest, existing, planNewsletter(manifest, existing, settings, { now }))).toEqual({
      ids: [],
      unchecked: 0,
    });
  });

  it("checks only the newest few and counts the rest", () => {
    const existing = [1, 2, 3].map((hours) =>
      aBroadcast({ id: `v${hours}`, name: `post:weg-${hours}`, createdAt: new Date(now.getTime() - hours * 3_600_000) }),
    );
    const manifest = aManifest([recent]);
    const plan = planNewsletter(manifest, existing, settings, { now });
    expect(broadcastsToCheckForRename(manifest, existing, plan, 2)).toEqual({ ids: ["v1", "v2"], unchecked: 1 });
  });
});

describe("effectiveSince", () => {
  const early = new Date("2026-10-01T00:00:00Z");
  const late = new Date("2026-11-01T00:00:00Z");
  it.each([
    [null, null, null],
    [early, null, early],
    [null, late.toISOString(), late],
    [early, late.toISOString(), late],
    [late, early.toISOString(), late],
  ])("config %s, manifest %s → %s", (configured, recorded, expected) => {
    expect(effectiveSince(configured, recorded)).toEqual(expected);
  });
});
