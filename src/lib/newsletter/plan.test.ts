import { describe, expect, it } from "vitest";
import { aBroadcast, aManifest, aManifestEntry, daysAgo } from "../../../tests/fixtures/manifest/builders.ts";
import {
  LIST_LOOKBACK_MS,
  MAX_BUILD_AGE_FOR_WITHDRAWAL_MS,
  MAX_SEND_DELAY_MS,
  ORPHANED_DRAFT_MIN_AGE_MS,
  broadcastsToReconcile,
  broadcastsToCheckForRename,
  effectiveSince,
  listingCutoff,
  planNewsletter,
  type PlanReason,
  type ScheduledContent,
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
    expect(plan.items[0]).toMatchObject({ id: "neu", action, reason });
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
    expect(planNewsletter(aManifest(posts), [], settings, { now }).items.map((i) => i.id)).toEqual(["a", "b"]);
    expect(planNewsletter(aManifest(posts), [], settings, { now, only: "post:b" }).items.map((i) => i.id)).toEqual(["b"]);
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
    expect(listingCutoff(aManifest(posts), settings, { now, only: "post:zwei" })).toEqual(fromSince);
  });

  it("reaches back from the earliest eligible post when `since` is unset", () => {
    const posts = [
      aManifestEntry({ id: "eins", publishedAt: daysAgo(5, now).toISOString() }),
      aManifestEntry({ id: "zwei", publishedAt: daysAgo(2, now).toISOString() }),
    ];
    const unset = { ...settings, since: null };
    expect(listingCutoff(aManifest(posts), unset, { now })).toEqual(new Date(daysAgo(5, now).getTime() - LIST_LOOKBACK_MS));
    expect(listingCutoff(aManifest(posts), unset, { now, only: "post:zwei" })).toEqual(
      new Date(daysAgo(2, now).getTime() - LIST_LOOKBACK_MS),
    );
  });

  it("without an eligible post still reaches back a day, for waiting campaigns to withdraw; null only with --post", () => {
    const posts = [aManifestEntry({ id: "alt", publishedAt: "2020-01-01T00:00:00Z" })];
    expect(listingCutoff(aManifest(posts), settings, { now })).toEqual(
      new Date(now.getTime() - MAX_SEND_DELAY_MS - LIST_LOOKBACK_MS),
    );
    expect(listingCutoff(aManifest(posts), settings, { now, only: "post:alt" })).toBeNull();
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

describe("planNewsletter: campaigns waiting for their send time", () => {
  const MINUTE = 60_000;
  const sendAt = new Date(now.getTime() + 3 * 60 * MINUTE);
  const post = aManifestEntry({ id: "neu", publishedAt: daysAgo(0.1, now).toISOString(), sendAt: sendAt.toISOString() });
  const waiting = (overrides: Partial<ExistingBroadcast> = {}) =>
    aBroadcast({ id: "geplant", name: "post:neu", status: "scheduled", scheduledAt: sendAt, ...overrides });
  const asScheduled = (overrides: Partial<ScheduledContent> = {}): ScheduledContent => ({
    subject: post.subject,
    previewText: post.previewText,
    htmlSha256: post.sha256,
    from: "Rundbrief <brief@example.de>",
    replyTo: [],
    ...overrides,
  });
  const withSender = { ...settings, from: "Rundbrief <brief@example.de>", replyTo: [] };
  const plan = (existing: ExistingBroadcast[], content: ScheduledContent | null, at = now, posts = [post]) =>
    planNewsletter(aManifest(posts), existing, withSender, { now: at }, new Map(content ? [["geplant", content]] : []));

  it("leaves one alone that still matches the post", () => {
    expect(plan([waiting()], asScheduled()).items).toEqual([expect.objectContaining({ action: "skip", reason: "scheduled" })]);
  });

  it.each<[string, Partial<ScheduledContent>, string[]]>([
    ["a new subject", { subject: "Alter Betreff" }, ["subject"]],
    ["a new preview text", { previewText: "alt" }, ["preview"]],
    ["new content", { htmlSha256: "0".repeat(64) }, ["content"]],
    ["a new sender", { from: "Alt <alt@example.de>" }, ["sender"]],
    ["subject and content", { subject: "Alt", htmlSha256: null }, ["subject", "content"]],
  ])("updates it for %s", (_case, stale, changes) => {
    const [item] = plan([waiting()], asScheduled(stale)).items;
    expect(item).toMatchObject({ action: "update", reason: "changed", changes, broadcast: { id: "geplant" } });
  });

  it("does not take a sender Resend writes back with quotes or another case for a change", () => {
    const item = plan([waiting()], asScheduled({ from: '"Rundbrief" <Brief@Example.de>' })).items[0];
    expect(item).toMatchObject({ action: "skip", reason: "scheduled" });
  });

  it("reschedules it when only the send time moved, and counts neither as a new mail", () => {
    const result = plan([waiting({ scheduledAt: new Date(sendAt.getTime() + 60 * MINUTE) })], asScheduled());
    expect(result.items[0]).toMatchObject({ action: "reschedule", changes: ["send-time"], sendAt: post.sendAt });
    expect(result.candidates).toBe(0);
    expect(result.actions).toBe(1);
  });

  it("changes nothing within the safety margin before the send time, whatever changed", () => {
    const late = new Date(sendAt.getTime() - 9 * MINUTE);
    const result = plan([waiting()], asScheduled({ subject: "Alt" }), late);
    expect(result.items).toEqual([expect.objectContaining({ action: "skip", reason: "locked" })]);
    expect(broadcastsToReconcile([waiting()], withSender, { now: late })).toEqual([]);
    expect(broadcastsToReconcile([waiting()], withSender, { now })).toEqual(["geplant"]);
    expect(broadcastsToReconcile([waiting()], { ...withSender, safetyMarginMs: 4 * 60 * MINUTE }, { now })).toEqual([]);
  });

  it("withdraws the campaign of a post that is no longer mailed, and only outside the margin", () => {
    const gone = plan([waiting()], asScheduled(), now, []);
    expect(gone.items).toEqual([
      expect.objectContaining({ id: "neu", action: "withdraw", reason: "no-longer-mailed", title: post.subject }),
    ]);
    expect(gone.candidates).toBe(0);
    const draftAgain = plan([waiting()], asScheduled(), now, [
      { ...post, publishedAt: new Date(now.getTime() + 86_400_000).toISOString() },
    ]);
    expect(draftAgain.items.map((i) => [i.action, i.reason])).toEqual([
      ["skip", "not-yet-published"],
      ["withdraw", "no-longer-mailed"],
    ]);
    expect(plan([waiting()], asScheduled(), new Date(sendAt.getTime() - MINUTE), []).items).toEqual([
      expect.objectContaining({ action: "skip", reason: "too-late-to-withdraw" }),
    ]);
    // --post plans one post: nothing else is withdrawn.
    const only = planNewsletter(aManifest([post, aManifestEntry({ id: "x" })]), [waiting({ name: "post:weg" })], withSender, {
      now,
      only: "post:x",
    });
    expect(only.items.map((i) => i.id)).toEqual(["x"]);
  });

  it("withdraws nothing a newer build created, nothing for another segment, nothing from an old build", () => {
    const manifest = (generatedAt: Date) => aManifest([], { generatedAt: generatedAt.toISOString() });
    const fresh = { ...withSender, segmentId: "seg-blog" };
    const at = (overrides: Partial<ExistingBroadcast>) => [
      waiting({ createdAt: daysAgo(0.1, now), segmentId: "seg-blog", ...overrides }),
    ];
    const reasons = (m: ReturnType<typeof manifest>, existing: ExistingBroadcast[]) =>
      planNewsletter(m, existing, fresh, { now }, new Map()).items.map((i) => [i.action, i.reason]);
    expect(reasons(manifest(now), at({}))).toEqual([["withdraw", "no-longer-mailed"]]);
    expect(reasons(manifest(daysAgo(0.2, now)), at({}))).toEqual([]);
    expect(reasons(manifest(now), at({ segmentId: "seg-andere" }))).toEqual([]);
    const oldBuild = new Date(now.getTime() - MAX_BUILD_AGE_FOR_WITHDRAWAL_MS - 1);
    expect(reasons(manifest(oldBuild), at({ createdAt: daysAgo(0.2, now) }))).toEqual([["skip", "withdrawal-held"]]);
  });

  it("says so when a campaign of a post no longer mailed is too close to its send time to withdraw", () => {
    const late = new Date(sendAt.getTime() - 5 * MINUTE);
    expect(plan([waiting()], asScheduled(), late, []).items).toEqual([
      expect.objectContaining({ action: "skip", reason: "too-late-to-withdraw" }),
    ]);
  });

  it("deletes a leftover draft of a post no longer mailed once it is an hour old, never a sent campaign", () => {
    const draft = (ageMs: number) =>
      aBroadcast({ id: `d${ageMs}`, name: "post:weg", status: "draft", createdAt: new Date(now.getTime() - ageMs) });
    const result = plan(
      [draft(ORPHANED_DRAFT_MIN_AGE_MS + 1), draft(ORPHANED_DRAFT_MIN_AGE_MS - 1), aBroadcast({ name: "post:alt" })],
      null,
      now,
      [],
    );
    expect(result.items).toEqual([
      expect.objectContaining({
        action: "withdraw",
        reason: "orphaned-draft",
        broadcast: expect.objectContaining({ id: `d${ORPHANED_DRAFT_MIN_AGE_MS + 1}` }),
      }),
    ]);
  });
});

describe("planNewsletter: editions and digests", () => {
  const HOUR = 60 * 60 * 1000;
  const at = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * HOUR).toISOString();
  const edition = (id: string, sendInHours: number) =>
    aManifestEntry({ kind: "edition", id, publishedAt: at(sendInHours), sendAt: at(sendInHours) });
  const digest = (id: string, sendInHours: number) =>
    aManifestEntry({ kind: "digest", id, publishedAt: at(sendInHours - 8), sendAt: at(sendInHours), posts: ["neu"] });
  const plan = (entries: ReturnType<typeof edition>[], existing: ExistingBroadcast[] = [], only?: string) =>
    planNewsletter(aManifest(entries), existing, settings, { now, ...(only ? { only } : {}) });

  it("creates an edition's campaign from a day before its send time, not earlier", () => {
    const items = plan([edition("bald", 23), edition("naechste-woche", 25)]).items;
    expect(items.map((i) => [i.name, i.action, i.reason])).toEqual([
      ["edition:bald", "send", "new"],
      ["edition:naechste-woche", "skip", "not-yet-due"],
    ]);
  });

  it("never sends a digest more than a day late, but says when it did go out", () => {
    const missed = plan([digest("2026-W47", -25)]).items[0]!;
    expect([missed.action, missed.reason]).toEqual(["skip", "missed"]);
    const sent = plan([digest("2026-W47", -25)], [aBroadcast({ name: "digest:2026-W47", status: "sent" })]).items[0]!;
    expect([sent.action, sent.reason]).toEqual(["skip", "already-sent"]);
    expect(plan([digest("2026-W48", -23)]).items[0]!.action).toBe("send");
  });

  it("keeps campaigns of the same id apart by kind", () => {
    const items = plan(
      [aManifestEntry({ id: "neu", publishedAt: daysAgo(0.5, now).toISOString() }), edition("neu", 2)],
      [aBroadcast({ name: "post:neu", status: "sent" })],
    ).items;
    expect(items.map((i) => [i.name, i.action])).toEqual([
      ["post:neu", "skip"],
      ["edition:neu", "send"],
    ]);
  });

  it("applies since to an edition's send time", () => {
    expect(plan([edition("alt", -24 * 40)]).items[0]!.reason).toBe("before-since");
  });

  it("withdraws a scheduled digest whose period the build no longer mails (an edition took its slot)", () => {
    const waiting = aBroadcast({
      name: "digest:2026-W48",
      status: "scheduled",
      createdAt: daysAgo(0.2, now),
      scheduledAt: new Date(at(5)),
    });
    const manifest = aManifest([edition("woche-48", 5)], { generatedAt: now.toISOString() });
    const items = planNewsletter(manifest, [waiting], settings, { now }).items;
    expect(items.map((i) => [i.name, i.action, i.reason])).toEqual([
      ["edition:woche-48", "send", "new"],
      ["digest:2026-W48", "withdraw", "no-longer-mailed"],
    ]);
    expect(items[1]).toMatchObject({ kind: "digest", id: "2026-W48" });
  });

  it("plans one campaign by its name and counts editions and digests against maxPerRun", () => {
    const entries = [edition("a", 1), edition("b", 2), digest("2026-W48", 3), digest("2026-W49", 4)];
    expect(plan(entries, [], "edition:b").items.map((i) => i.name)).toEqual(["edition:b"]);
    expect(plan(entries).refusal).toEqual({ candidates: 4, maxPerRun: 3 });
  });

  it("lists only as far back as a due edition or digest can have been created", () => {
    const manifest = aManifest([edition("bald", 20)]);
    const cutoff = listingCutoff(manifest, { since: null, maxPerRun: 3 }, { now, only: "edition:bald" });
    expect(cutoff).toEqual(new Date(Date.parse(at(20)) - MAX_SEND_DELAY_MS - LIST_LOOKBACK_MS));
    expect(listingCutoff(aManifest([edition("spaeter", 48)]), settings, { now, only: "edition:spaeter" })).toBeNull();
  });

  it("reconciles scheduled broadcasts of every kind, and only the one asked for", () => {
    const scheduled = (name: string) =>
      aBroadcast({ name, id: name, status: "scheduled", createdAt: daysAgo(0.1, now), scheduledAt: new Date(at(5)) });
    const existing = [scheduled("edition:a"), scheduled("digest:2026-W48"), scheduled("fremd:x")];
    expect(broadcastsToReconcile(existing, settings, { now })).toEqual(["edition:a", "digest:2026-W48"]);
    expect(broadcastsToReconcile(existing, settings, { now, only: "digest:2026-W48" })).toEqual(["digest:2026-W48"]);
  });
});

describe("planNewsletter: another blog on the same Resend account", () => {
  it("neither counts nor reconciles a campaign of the same name for another segment", () => {
    const ours = { ...settings, segmentId: "seg-ours" };
    const theirs = aBroadcast({
      name: "digest:2026-W48",
      status: "scheduled",
      segmentId: "seg-theirs",
      createdAt: daysAgo(0.1, now),
      scheduledAt: new Date(now.getTime() + 5 * 3_600_000),
    });
    const digest = aManifestEntry({
      kind: "digest",
      id: "2026-W48",
      publishedAt: now.toISOString(),
      sendAt: new Date(now.getTime() + 5 * 3_600_000).toISOString(),
    });
    const plan = planNewsletter(aManifest([digest], { generatedAt: now.toISOString() }), [theirs], ours, { now });
    expect(plan.items.map((i) => [i.name, i.action, i.reason])).toEqual([["digest:2026-W48", "send", "new"]]);
    expect(broadcastsToReconcile([theirs], ours, { now })).toEqual([]);
  });
});
