import { describe, expect, it } from "vitest";
import { aManifest, aManifestEntry, daysAgo } from "../../../tests/fixtures/manifest/builders.ts";
import { applyNewsletterPlan, type ApplyContext, type ApplyEvent } from "./apply.ts";
import type { ExistingBroadcast } from "./broadcast.ts";
import type { JournalEntry } from "./journal.ts";
import { planNewsletter, type NewsletterPlan } from "./plan.ts";
import type { BroadcastContent, PortResult, ResendPort } from "./resend-port.ts";
import type { ResendFailure } from "../resend-call.ts";

type Method = "list" | "get" | "create" | "update" | "send" | "cancel" | "remove";
/** lost-before: the answer is lost and nothing happened; lost-after: it happened, then the answer was lost. */
type Fault = "lost-before" | "lost-after" | ResendFailure | (() => void);

const lost = (operation: string): ResendFailure => ({
  kind: "network",
  statusCode: null,
  name: "application_error",
  message: "Unable to fetch data.",
  field: null,
  effect: "unknown",
  operation,
});
const rejected = (
  kind: ResendFailure["kind"],
  statusCode: number,
  message: string,
  field: string | null = null,
): ResendFailure => ({
  kind,
  statusCode,
  name: "validation_error",
  message,
  field,
  effect: "not-applied",
  operation: "x",
});

/** Resend in memory: just enough state for the exactly-once rules, with per-method faults. */
function memoryResend() {
  const broadcasts: ExistingBroadcast[] = [];
  const calls: Method[] = [];
  const faults: Partial<Record<Method, Fault[]>> = {};
  let tick = 0;
  const nextTime = () => new Date(Date.parse("2026-12-01T10:00:00Z") + ++tick * 1000);
  const addDraft = (name: string, createdAt = nextTime()): ExistingBroadcast => {
    const broadcast: ExistingBroadcast = { id: `b${++tick}`, name, status: "draft", createdAt, scheduledAt: null, sentAt: null };
    broadcasts.push(broadcast);
    return broadcast;
  };
  const notFound = (operation: string): PortResult<never> => ({
    ok: false,
    failure: { ...rejected("not-found", 404, "Broadcast not found"), operation },
  });

  async function run<T>(method: Method, effect: () => PortResult<T>): Promise<PortResult<T>> {
    calls.push(method);
    const fault = faults[method]?.shift();
    if (typeof fault === "function") fault();
    else if (fault === "lost-before") return { ok: false, failure: lost(method) };
    else if (fault === "lost-after") {
      effect();
      return { ok: false, failure: lost(method) };
    } else if (fault) return { ok: false, failure: fault };
    return effect();
  }

  const port: ResendPort = {
    listBroadcasts: () =>
      run("list", () => ({ ok: true, value: [...broadcasts].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()) })),
    getBroadcast: (id) =>
      run("get", () => {
        const found = broadcasts.find((b) => b.id === id);
        return found
          ? {
              ok: true,
              value: { ...found, subject: null, previewText: null, html: null, text: null, from: null, replyTo: [] },
            }
          : notFound("get");
      }),
    createBroadcast: (content: BroadcastContent) => run("create", () => ({ ok: true, value: { id: addDraft(content.name).id } })),
    updateBroadcast: (id) =>
      run("update", () => {
        const found = broadcasts.find((b) => b.id === id);
        if (!found) return notFound("update");
        return found.status === "draft"
          ? { ok: true, value: { id } }
          : { ok: false, failure: rejected("validation", 422, "not a draft") };
      }),
    sendBroadcast: (id, scheduledAt) =>
      run("send", () => {
        const found = broadcasts.find((b) => b.id === id);
        if (!found) return notFound("send");
        if (found.status !== "draft")
          return { ok: false, failure: rejected("validation", 422, `Broadcast ${id} has already been sent.`) };
        found.status = scheduledAt ? "scheduled" : "queued";
        found.scheduledAt = scheduledAt;
        return { ok: true, value: { id } };
      }),
    cancelBroadcast: (id) =>
      run("cancel", () => {
        const found = broadcasts.find((b) => b.id === id);
        if (!found) return notFound("cancel");
        if (found.status === "queued") {
          // What Resend does, and what Rundbrief must never ask for: a send stopped halfway.
          found.status = "canceled";
          return { ok: true, value: { id } };
        }
        if (found.status !== "scheduled") return { ok: false, failure: rejected("validation", 422, "not scheduled") };
        found.status = "draft";
        found.scheduledAt = null;
        return { ok: true, value: { id } };
      }),
    removeBroadcast: (id) =>
      run("remove", () => {
        const index = broadcasts.findIndex((b) => b.id === id && b.status === "draft");
        if (index === -1) return notFound("remove");
        broadcasts.splice(index, 1);
        return { ok: true, value: { id } };
      }),
    sendEmail: async () => ({ ok: true, value: { id: "e1" } }),
    requestCount: () => calls.length,
  };
  const delivered = (name: string) => broadcasts.filter((b) => b.name === name && b.status !== "draft");
  return { port, broadcasts, calls, faults, addDraft, delivered };
}

const now = new Date("2026-12-01T12:00:00Z");
const settings = { since: new Date("2026-11-01T00:00:00Z"), maxPerRun: 3 };
const posts = [
  aManifestEntry({ id: "eins", publishedAt: daysAgo(2, now).toISOString() }),
  aManifestEntry({ id: "zwei", publishedAt: daysAgo(1, now).toISOString() }),
];

function applyWith(
  resend: ReturnType<typeof memoryResend>,
  options: { plan?: NewsletterPlan; live?: boolean; clock?: () => Date } = {},
) {
  const journal: Array<Omit<JournalEntry, "at">> = [];
  const events: ApplyEvent[] = [];
  const plan = options.plan ?? planNewsletter(aManifest(posts), resend.broadcasts, settings, { now });
  const context: ApplyContext = {
    port: resend.port,
    listCutoff: null,
    settleCutoff: null,
    emailFor: (item) => ({
      sha256: "f".repeat(64),
      content: {
        name: item.name,
        segmentId: "s",
        from: "a@example.de",
        replyTo: [],
        subject: item.subject,
        previewText: "",
        html: "<p/>",
        text: "",
      },
    }),
    checkLive:
      options.live === undefined
        ? null
        : async () =>
            options.live ? { live: true, attempts: 1 } : { live: false, attempts: 3, lastStatus: 404, lastError: null },
    record: async (entry) => {
      journal.push(entry);
    },
    onEvent: (event) => events.push(event),
    now: options.clock ?? (() => now),
    safetyMarginMs: 10 * 60_000,
  };
  return applyNewsletterPlan(plan, context).then((result) => ({ result, journal, events }));
}

describe("applyNewsletterPlan", () => {
  it("creates, lists again and sends each new post, journaling both steps", async () => {
    const resend = memoryResend();
    const { result, journal } = await applyWith(resend, { live: true });
    expect(result.stoppedBy).toBeNull();
    expect(result.outcomes.map((o) => [o.name.slice(5), o.status])).toEqual([
      ["eins", "sent"],
      ["zwei", "sent"],
    ]);
    expect(resend.calls).toEqual(["create", "list", "send", "create", "list", "send"]);
    expect(journal.map((e) => [e.event, e.id])).toEqual([
      ["created", "eins"],
      ["sent", "eins"],
      ["created", "zwei"],
      ["sent", "zwei"],
    ]);
  });

  it("resumes a leftover draft: deletes extra drafts, updates the oldest, sends it", async () => {
    const resend = memoryResend();
    const oldest = resend.addDraft("post:eins");
    const extra = resend.addDraft("post:eins");
    const { result, journal } = await applyWith(resend);
    expect(result.outcomes[0]).toMatchObject({ name: "post:eins", status: "sent", broadcastId: oldest.id });
    expect(resend.calls.slice(0, 3)).toEqual(["remove", "update", "send"]);
    expect(journal[0]).toMatchObject({ event: "deleted", broadcastId: extra.id });
    expect(resend.delivered("post:eins")).toHaveLength(1);
  });

  it.each<[string, Partial<Record<Method, Fault[]>>, Method[], boolean]>([
    [
      "create lost before its effect: creates again",
      { create: ["lost-before"] },
      ["create", "list", "create", "list", "send"],
      false,
    ],
    ["create lost after its effect: finds the draft", { create: ["lost-after"] }, ["create", "list", "send"], false],
    ["send lost after its effect: confirms by looking", { send: ["lost-after"] }, ["create", "list", "send", "get"], true],
    [
      "send lost before its effect: looks, then sends again",
      { send: ["lost-before"] },
      ["create", "list", "send", "get", "send"],
      false,
    ],
  ])("%s", async (_case, faults, calls, confirmed) => {
    const resend = memoryResend();
    Object.assign(resend.faults, faults);
    const plan = planNewsletter(aManifest(posts), [], settings, { now, only: "post:eins" });
    const { result, events } = await applyWith(resend, { plan });
    expect(resend.calls).toEqual(calls);
    expect(result.outcomes).toEqual([expect.objectContaining({ name: "post:eins", status: "sent" })]);
    if (confirmed) expect(result.outcomes[0]).toMatchObject({ confirmedAfterLostAnswer: true });
    expect(events.some((e) => e.type === "lost-answer")).toBe(true);
    expect(resend.delivered("post:eins")).toHaveLength(1);
    expect(resend.broadcasts.filter((b) => b.name === "post:eins")).toHaveLength(1);
  });

  it("loses a race to an older draft: deletes its own and sends the winner", async () => {
    const resend = memoryResend();
    const rival = { id: "" };
    resend.faults.create = [() => (rival.id = resend.addDraft("post:eins", new Date(0)).id)];
    const plan = planNewsletter(aManifest(posts), [], settings, { now, only: "post:eins" });
    const { result, events, journal } = await applyWith(resend, { plan });
    expect(result.outcomes[0]).toMatchObject({ status: "sent", broadcastId: rival.id });
    expect(events).toContainEqual(expect.objectContaining({ type: "lost-race", winnerId: rival.id }));
    expect(journal.map((e) => e.event)).toEqual(["created", "deleted", "sent"]);
    expect(resend.broadcasts.filter((b) => b.name === "post:eins")).toEqual([
      expect.objectContaining({ id: rival.id, status: "queued" }),
    ]);
  });

  it("counts 'already sent' by a concurrent run as done", async () => {
    const resend = memoryResend();
    resend.faults.send = [
      () => {
        const mine = resend.broadcasts.find((b) => b.name === "post:eins");
        if (mine) mine.status = "sent";
      },
    ];
    const plan = planNewsletter(aManifest(posts), [], settings, { now, only: "post:eins" });
    const { result, journal } = await applyWith(resend, { plan });
    expect(result.outcomes[0]).toMatchObject({ status: "sent-elsewhere" });
    expect(journal.map((e) => e.event)).toEqual(["created"]);
    expect(resend.delivered("post:eins")).toHaveLength(1);
  });

  it("stops the whole run on a validation error and names the field", async () => {
    const resend = memoryResend();
    resend.faults.create = [rejected("validation", 403, "The example.com domain is not verified.", "from")];
    const { result } = await applyWith(resend);
    expect(result.stoppedBy).toMatchObject({ kind: "validation", field: "from" });
    expect(result.outcomes).toHaveLength(1);
    expect(resend.calls).toEqual(["create"]);
  });

  it("does not touch Resend for a post that is not live yet", async () => {
    const resend = memoryResend();
    const { result } = await applyWith(resend, { live: false });
    expect(result.outcomes.map((o) => o.status)).toEqual(["not-live", "not-live"]);
    expect(resend.calls).toEqual([]);
  });

  it("does nothing when the plan was refused", async () => {
    const resend = memoryResend();
    const plan = planNewsletter(aManifest(posts), [], { ...settings, maxPerRun: 1 }, { now });
    const { result } = await applyWith(resend, { plan });
    expect(result.outcomes).toEqual([]);
    expect(resend.calls).toEqual([]);
  });
});

describe("applyNewsletterPlan: send times and the undo window", () => {
  const MINUTE = 60_000;
  const sendAt = new Date(now.getTime() + 5 * 60 * MINUTE);
  const later = aManifestEntry({ id: "eins", publishedAt: daysAgo(0.1, now).toISOString(), sendAt: sendAt.toISOString() });
  const matching = (subject: string) => ({
    subject,
    previewText: later.previewText,
    htmlSha256: later.sha256,
    from: null,
    replyTo: [],
  });
  /** A broadcast of "eins" already waiting for `at`, as an earlier run left it. */
  const scheduledOne = (resend: ReturnType<typeof memoryResend>, at: Date) => {
    const broadcast = resend.addDraft("post:eins", daysAgo(0.05, now));
    broadcast.status = "scheduled";
    broadcast.scheduledAt = at;
    return broadcast;
  };
  const planFor = (resend: ReturnType<typeof memoryResend>, posts = [later], subject = "Alter Betreff") =>
    planNewsletter(
      aManifest(posts),
      resend.broadcasts,
      settings,
      { now },
      new Map(resend.broadcasts.filter((b) => b.status === "scheduled").map((b) => [b.id, matching(subject)])),
    );

  it("schedules a new campaign for its send time", async () => {
    const resend = memoryResend();
    const plan = planNewsletter(aManifest([later]), [], settings, { now });
    const { result, journal } = await applyWith(resend, { plan });
    expect(result.outcomes).toEqual([expect.objectContaining({ status: "sent", scheduledAt: sendAt.toISOString() })]);
    expect(resend.broadcasts).toEqual([expect.objectContaining({ status: "scheduled", scheduledAt: sendAt })]);
    expect(journal.at(-1)).toMatchObject({ event: "sent", scheduledAt: sendAt.toISOString() });
  });

  it("sends at once when the send time is (almost) here", async () => {
    const resend = memoryResend();
    const soon = { ...later, sendAt: new Date(now.getTime() + 30_000).toISOString() };
    const { result } = await applyWith(resend, { plan: planNewsletter(aManifest([soon]), [], settings, { now }) });
    expect(result.outcomes[0]).toMatchObject({ status: "sent", scheduledAt: null });
    expect(resend.broadcasts[0]).toMatchObject({ status: "queued" });
  });

  it("updates a scheduled campaign whose post changed: cancel, update, schedule again", async () => {
    const resend = memoryResend();
    const waiting = scheduledOne(resend, sendAt);
    const plan = planFor(resend);
    expect(plan.items[0]).toMatchObject({ action: "update", changes: ["subject"] });
    const { result, journal } = await applyWith(resend, { plan });
    expect(resend.calls).toEqual(["get", "cancel", "update", "send"]);
    expect(journal.map((e) => e.event)).toEqual(["canceled", "updated", "sent"]);
    expect(result.outcomes[0]).toMatchObject({ status: "sent", broadcastId: waiting.id, scheduledAt: sendAt.toISOString() });
    expect(resend.broadcasts).toEqual([expect.objectContaining({ id: waiting.id, status: "scheduled", scheduledAt: sendAt })]);
  });

  it("moves a campaign to a new send time", async () => {
    const resend = memoryResend();
    scheduledOne(resend, new Date(sendAt.getTime() + 60 * MINUTE));
    const plan = planFor(resend, [later], later.subject);
    expect(plan.items[0]).toMatchObject({ action: "reschedule" });
    await applyWith(resend, { plan });
    expect(resend.broadcasts).toEqual([expect.objectContaining({ status: "scheduled", scheduledAt: sendAt })]);
  });

  it("withdraws the campaign of a post that is no longer mailed: cancel, delete", async () => {
    const resend = memoryResend();
    const waiting = scheduledOne(resend, sendAt);
    const plan = planFor(resend, []);
    expect(plan.items).toEqual([expect.objectContaining({ action: "withdraw" })]);
    const { result, journal } = await applyWith(resend, { plan });
    expect(resend.calls).toEqual(["get", "cancel", "remove"]);
    expect(journal.map((e) => [e.event, e.sha256])).toEqual([
      ["canceled", null],
      ["deleted", null],
    ]);
    expect(result.outcomes).toEqual([{ name: "post:eins", status: "withdrawn", broadcastId: waiting.id }]);
    expect(resend.broadcasts).toEqual([]);
  });

  it("never cancels once the run has reached the safety margin: the campaign goes out as scheduled", async () => {
    const resend = memoryResend();
    scheduledOne(resend, sendAt);
    const plan = planFor(resend, []);
    const lateClock = () => new Date(sendAt.getTime() - 5 * MINUTE);
    const { result } = await applyWith(resend, { plan, clock: lateClock });
    expect(result.outcomes[0]).toMatchObject({ status: "too-late" });
    expect(resend.calls).toEqual(["get"]);
    expect(resend.broadcasts[0]).toMatchObject({ status: "scheduled" });
  });

  it("looks again right before cancelling: a send time moved into the margin meanwhile is left alone", async () => {
    const resend = memoryResend();
    const waiting = scheduledOne(resend, sendAt);
    const plan = planFor(resend, []);
    // Another run (or the dashboard) moved it to five minutes from now after this plan was made.
    waiting.scheduledAt = new Date(now.getTime() + 5 * MINUTE);
    const { result } = await applyWith(resend, { plan });
    expect(result.outcomes[0]).toMatchObject({ status: "too-late" });
    expect(resend.calls).toEqual(["get"]);
    expect(resend.broadcasts[0]).toMatchObject({ status: "scheduled" });
  });

  it("corrects scheduled campaigns even when new sends are refused, and before any send", async () => {
    const resend = memoryResend();
    scheduledOne(resend, sendAt);
    const fresh = [1, 2].map((i) => aManifestEntry({ id: `neu-${i}`, publishedAt: daysAgo(0.2, now).toISOString() }));
    const plan = planNewsletter(
      aManifest(fresh),
      resend.broadcasts,
      { ...settings, maxPerRun: 1 },
      { now },
      new Map([[resend.broadcasts[0]!.id, matching(later.subject)]]),
    );
    expect(plan.refusal).not.toBeNull();
    const { result } = await applyWith(resend, { plan });
    expect(result.outcomes.map((o) => [o.name.slice(5), o.status])).toEqual([["eins", "withdrawn"]]);
    expect(resend.calls).toEqual(["get", "cancel", "remove"]);
  });

  it.each<[string, Fault[], Method[]]>([
    ["cancel answered, effect lost", ["lost-after"], ["get", "cancel", "get", "update", "send"]],
    ["cancel lost before its effect: stops, the campaign still scheduled", ["lost-before"], ["get", "cancel", "get"]],
  ])("%s", async (_case, faults, calls) => {
    const resend = memoryResend();
    const waiting = scheduledOne(resend, sendAt);
    resend.faults.cancel = faults;
    await applyWith(resend, { plan: planFor(resend) });
    expect(resend.calls).toEqual(calls);
    expect(resend.broadcasts).toEqual([expect.objectContaining({ id: waiting.id, status: "scheduled", scheduledAt: sendAt })]);
  });

  it("a run stopped between cancel and schedule leaves a draft the next run updates and schedules, once", async () => {
    const resend = memoryResend();
    scheduledOne(resend, sendAt);
    resend.faults.update = [{ ...lost("update"), effect: "not-applied", kind: "server", statusCode: 500 }];
    const first = await applyWith(resend, { plan: planFor(resend) });
    expect(first.result.outcomes[0]).toMatchObject({ status: "failed" });
    expect(resend.broadcasts).toEqual([expect.objectContaining({ status: "draft" })]);

    resend.calls.length = 0;
    const again = planNewsletter(aManifest([later]), resend.broadcasts, settings, { now });
    expect(again.items[0]).toMatchObject({ action: "resume", reason: "leftover-draft" });
    await applyWith(resend, { plan: again });
    expect(resend.calls).toEqual(["update", "send"]);
    expect(resend.broadcasts).toEqual([expect.objectContaining({ status: "scheduled", scheduledAt: sendAt })]);
  });
});
