import { describe, expect, it } from "vitest";
import { createResendPort, type BroadcastContent, type ResendPort, type ResendSdk } from "./resend-port.ts";
import type { FailureKind } from "../resend-call.ts";

interface Reply {
  data: unknown;
  error: { statusCode: number | null; name: string; message: string } | null;
  headers: Record<string, string> | null;
}

const ok = (data: unknown): Reply => ({ data, error: null, headers: {} });
const fail = (statusCode: number | null, name = "x", message = "kaputt", headers: Record<string, string> = {}): Reply => ({
  data: null,
  error: { statusCode, name, message },
  headers,
});
const tooMany = (seconds = "1") => fail(429, "rate_limit_exceeded", "Too many requests", { "retry-after": seconds });

/** A port around a stub SDK that answers from a script, on a clock that only moves when the port sleeps. */
function scriptedPort(script: Reply[], options: { minIntervalMs?: number } = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const calls: string[] = [];
  const next = (name: string) => async () => {
    calls.push(name);
    return script.shift() ?? fail(599, "script_exhausted");
  };
  const sdk = {
    broadcasts: {
      list: next("list"),
      get: next("get"),
      create: next("create"),
      update: next("update"),
      send: next("send"),
      remove: next("remove"),
    },
    emails: { send: next("email") },
  } as unknown as ResendSdk;
  const port = createResendPort({
    apiKey: "re_test",
    sdk,
    minIntervalMs: options.minIntervalMs ?? 500,
    clock: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  });
  return { port, sleeps, calls, elapsed: () => now };
}

const content: BroadcastContent = {
  name: "post:x",
  segmentId: "seg",
  from: "A <a@example.de>",
  replyTo: [],
  subject: "S",
  previewText: "P",
  html: "<p>h</p>",
  text: "h",
};

type Operation = (port: ResendPort) => Promise<unknown>;
const read: Operation = (port) => port.getBroadcast("b1");
const create: Operation = (port) => port.createBroadcast(content);
const send: Operation = (port) => port.sendBroadcast("b1", null);
const update: Operation = (port) => port.updateBroadcast("b1", content);
const email: Operation = (port) =>
  port.sendEmail({ from: "a@example.de", to: "t@example.org", replyTo: [], subject: "s", html: "h", text: "t" }, "k");
const detail = {
  id: "b1",
  name: "post:x",
  status: "draft",
  created_at: "2026-11-28 10:00:00.000+00",
  scheduled_at: null,
  sent_at: null,
  subject: "S",
};

describe("ResendPort: retries and lost answers", () => {
  it.each<[string, Operation, Reply[], { ok: boolean; requests: number; kind?: FailureKind; effect?: string }]>([
    ["a read retries 5xx until it works", read, [fail(500), fail(502), ok(detail)], { ok: true, requests: 3 }],
    [
      "a read gives up after 5 network errors",
      read,
      Array(6).fill(fail(null)),
      { ok: false, requests: 5, kind: "network", effect: "unknown" },
    ],
    [
      "an update retries a network error (same content twice is harmless)",
      update,
      [fail(null), ok({ id: "b1" })],
      { ok: true, requests: 2 },
    ],
    ["an email with Idempotency-Key retries a 500", email, [fail(500), ok({ id: "e1" })], { ok: true, requests: 2 }],
    [
      "a create never retries a 500",
      create,
      [fail(500), ok({ id: "b2" })],
      { ok: false, requests: 1, kind: "server", effect: "unknown" },
    ],
    [
      "a create never retries a lost connection",
      create,
      [fail(null), ok({ id: "b2" })],
      { ok: false, requests: 1, kind: "network", effect: "unknown" },
    ],
    [
      "a send never retries a lost connection",
      send,
      [fail(null), ok({ id: "b1" })],
      { ok: false, requests: 1, kind: "network", effect: "unknown" },
    ],
    ["a create waits out 429s and goes on", create, [tooMany(), tooMany(), ok({ id: "b2" })], { ok: true, requests: 3 }],
    ["a send waits out a 429 and goes on", send, [tooMany("0.2"), ok({ id: "b1" })], { ok: true, requests: 2 }],
    [
      "an endless 429 storm ends after 30 waits",
      read,
      Array(40).fill(tooMany()),
      { ok: false, requests: 31, kind: "rate-limit" },
    ],
    ["a 429 asking for an hour is not waited out", read, [tooMany("3600")], { ok: false, requests: 1, kind: "rate-limit" }],
    [
      "a daily quota 429 is not retried",
      create,
      [fail(429, "daily_quota_exceeded", "quota")],
      { ok: false, requests: 1, kind: "quota", effect: "not-applied" },
    ],
    [
      "a bad key stops at once",
      read,
      [fail(401, "invalid_api_key", "API key is invalid")],
      { ok: false, requests: 1, kind: "auth", effect: "not-applied" },
    ],
    [
      "a validation error stops at once",
      create,
      [fail(422, "validation_error", "Invalid `from` field.")],
      { ok: false, requests: 1, kind: "validation", effect: "not-applied" },
    ],
  ])("%s", async (_case, operation, script, expected) => {
    const { port } = scriptedPort(script);
    const result = (await operation(port)) as { ok: boolean; failure?: { kind: string; effect: string } };
    expect(result.ok).toBe(expected.ok);
    expect(port.requestCount()).toBe(expected.requests);
    if (expected.kind) expect(result.failure?.kind).toBe(expected.kind);
    if (expected.effect) expect(result.failure?.effect).toBe(expected.effect);
  });

  it("waits as long as retry-after says, and backs off exponentially on 5xx", async () => {
    const rate = scriptedPort([tooMany("2"), ok(detail)], { minIntervalMs: 0 });
    await rate.port.getBroadcast("b1");
    expect(rate.elapsed()).toBe(2000);

    const server = scriptedPort([fail(500), fail(500), fail(500), ok(detail)], { minIntervalMs: 100 });
    await server.port.getBroadcast("b1");
    expect(server.sleeps).toEqual([200, 400, 800]);
  });

  it("paces request starts at the minimum interval", async () => {
    const { port, sleeps } = scriptedPort([ok(detail), ok(detail), ok(detail)], { minIntervalMs: 550 });
    for (let i = 0; i < 3; i++) await port.getBroadcast("b1");
    expect(sleeps).toEqual([550, 550]);
  });

  it("returns the subject and parsed times of a broadcast", async () => {
    const { port } = scriptedPort([ok(detail)]);
    const result = await port.getBroadcast("b1");
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ id: "b1", subject: "S", createdAt: new Date("2026-11-28T10:00:00Z"), sentAt: null }),
    });
  });
});

describe("ResendPort.listBroadcasts", () => {
  /** 250 broadcasts one hour apart, newest first, served 100 per page like Resend. */
  function pagedPort() {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const all = Array.from({ length: 250 }, (_, i) => ({
      id: `b${249 - i}`,
      name: `n${249 - i}`,
      status: "sent",
      created_at: new Date(start + (249 - i) * 3_600_000).toISOString(),
      scheduled_at: null,
      sent_at: null,
    }));
    const afters: Array<string | undefined> = [];
    const sdk = {
      broadcasts: {
        list: async (options: { limit: number; after?: string }) => {
          afters.push(options.after);
          const from = options.after ? all.findIndex((b) => b.id === options.after) + 1 : 0;
          const data = all.slice(from, from + options.limit);
          return ok({ object: "list", has_more: from + options.limit < all.length, data });
        },
      },
      emails: {},
    } as unknown as ResendSdk;
    const port = createResendPort({ apiKey: "re_test", sdk, minIntervalMs: 0 });
    return { port, afters, start };
  }

  it("follows every page when there is no cutoff", async () => {
    const { port, afters } = pagedPort();
    const result = await port.listBroadcasts(null);
    expect(result.ok && result.value).toHaveLength(250);
    expect(afters).toEqual([undefined, "b150", "b50"]);
  });

  it.each([
    ["a cutoff inside the first page stops after it", 200, 1],
    ["a cutoff inside the second page stops after that", 100, 2],
    ["a cutoff before everything reads all pages", -1, 3],
  ])("%s", async (_case, cutoffIndex, pages) => {
    const { port, afters, start } = pagedPort();
    await port.listBroadcasts(new Date(start + cutoffIndex * 3_600_000 + 1));
    expect(afters).toHaveLength(pages);
  });
});
