import { describe, expect, it } from "vitest";
import {
  createDurableObjectLimiters,
  isDurableObjectNamespace,
  SignupLimiter,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
} from "./durable-limiter.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

const SECRET = "limiter-secret-0123456789-abcdefghijklmn";

/** Storage as a Durable Object has it, in a Map; the alarm is only recorded. */
function fakeState() {
  const data = new Map<string, unknown>();
  const alarms: number[] = [];
  const state: DurableObjectStateLike = {
    storage: {
      get: <T>(key: string) => Promise.resolve(data.get(key) as T | undefined),
      put: (key, value) => Promise.resolve(void data.set(key, value)),
      setAlarm: (time) => Promise.resolve(void alarms.push(time)),
      deleteAll: () => Promise.resolve(data.clear()),
    },
  };
  return { state, data, alarms };
}

/** A namespace binding that routes each name to one SignupLimiter, as Cloudflare does, and records the names. */
function fakeNamespace(respond?: () => Promise<Response>) {
  const objects = new Map<string, SignupLimiter>();
  const names: string[] = [];
  const namespace: DurableObjectNamespaceLike = {
    idFromName: (name) => (names.push(name), name),
    get: (id) => ({
      fetch: (input, init) => {
        if (respond) return respond();
        const name = id as string;
        if (!objects.has(name)) objects.set(name, new SignupLimiter(fakeState().state));
        return objects.get(name)!.fetch(new Request(input, init));
      },
    }),
  };
  return { namespace, names };
}

const take = (limiter: SignupLimiter, now: number, limit = 2, windowMs = 60_000) =>
  limiter
    .fetch(new Request("https://signup-limiter/take", { method: "POST", body: JSON.stringify({ limit, windowMs, now }) }))
    .then((response) => response.json());

describe("SignupLimiter (the Durable Object)", () => {
  it("counts a fixed window, says when to retry and deletes itself with an alarm at the window's end", async () => {
    const { state, data, alarms } = fakeState();
    const limiter = new SignupLimiter(state);
    expect(await take(limiter, 1000)).toEqual({ allowed: true });
    expect(await take(limiter, 2000)).toEqual({ allowed: true });
    expect(await take(limiter, 3000)).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect(alarms).toEqual([61_000]);
    expect(await take(limiter, 61_000)).toEqual({ allowed: true });
    expect(alarms).toEqual([61_000, 121_000]);
    await limiter.alarm();
    expect(data.size).toBe(0);
  });

  it("refuses what is not a count request", async () => {
    const limiter = new SignupLimiter(fakeState().state);
    expect((await limiter.fetch(new Request("https://signup-limiter/take"))).status).toBe(405);
    const bad = new Request("https://signup-limiter/take", {
      method: "POST",
      body: JSON.stringify({ limit: 0, windowMs: 1, now: 0 }),
    });
    expect((await limiter.fetch(bad)).status).toBe(400);
  });
});

describe("createDurableObjectLimiters", () => {
  it("counts through the binding under HMAC names that carry neither address nor IP", async () => {
    const { namespace, names } = fakeNamespace();
    const limiters = createDurableObjectLimiters(namespace, { limits: DEFAULT_LIMITS, secret: () => SECRET, log: () => {} });
    for (let i = 0; i < 3; i++) expect(await limiters.subscribePerAddress.take("leser@example.de", i)).toEqual({ allowed: true });
    expect((await limiters.subscribePerAddress.take("leser@example.de", 3)).allowed).toBe(false);
    await limiters.subscribePerIp.take("203.0.113.7", 0);
    expect(new Set(names).size).toBe(2);
    for (const name of names) {
      expect(name).toMatch(/^(subscribePerAddress|subscribePerIp):[0-9a-f]{64}$/);
      expect(name).not.toMatch(/leser|example|203\.0/);
    }
  });

  it("names the same key differently per limit and per secret", async () => {
    const first = fakeNamespace();
    const second = fakeNamespace();
    const a = createDurableObjectLimiters(first.namespace, { limits: DEFAULT_LIMITS, secret: () => SECRET, log: () => {} });
    const b = createDurableObjectLimiters(second.namespace, {
      limits: DEFAULT_LIMITS,
      secret: () => `${SECRET}x`,
      log: () => {},
    });
    await a.subscribePerIp.take("203.0.113.7", 0);
    await a.confirmPerIp.take("203.0.113.7", 0);
    await b.subscribePerIp.take("203.0.113.7", 0);
    expect(first.names[0]!.split(":")[1]).not.toBe(first.names[1]!.split(":")[1]);
    expect(first.names[0]).not.toBe(second.names[0]);
  });

  it.each([
    ["throws", () => Promise.reject(new Error("Netz weg"))],
    ["answers 500", () => Promise.resolve(new Response("kaputt", { status: 500 }))],
    ["answers something else", () => Promise.resolve(Response.json({ allowed: "vielleicht" }))],
    ["does not answer in time", () => new Promise<Response>(() => {})],
  ])("fails open to an in-memory count when the object %s, and logs the change once each way", async (_label, respond) => {
    let broken = true;
    const healthy = fakeNamespace();
    const namespace: DurableObjectNamespaceLike = {
      idFromName: (name) => healthy.namespace.idFromName(name),
      get: (id) => (broken ? { fetch: respond } : healthy.namespace.get(id)),
    };
    const logs: string[] = [];
    const limits = { ...DEFAULT_LIMITS, subscribePerIp: { limit: 2, windowMs: 60_000 } };
    const limiters = createDurableObjectLimiters(namespace, {
      limits,
      secret: () => SECRET,
      log: (line) => logs.push(line),
      timeoutMs: 20,
    });
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push((await limiters.subscribePerIp.take("203.0.113.7", i)).allowed);
    expect(decisions).toEqual([true, true, false]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/nicht erreichbar .*zählt jede Instanz für sich/);
    broken = false;
    expect((await limiters.subscribePerIp.take("203.0.113.7", 3)).allowed).toBe(true);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toContain("antwortet wieder");
    expect(logs.join("\n")).not.toContain("203.0.113.7");
  });
});

describe("isDurableObjectNamespace", () => {
  it("tells a namespace binding from variables and other bindings", () => {
    expect(isDurableObjectNamespace(fakeNamespace().namespace)).toBe(true);
    expect(isDurableObjectNamespace("SignupLimiter")).toBe(false);
    expect(isDurableObjectNamespace({ fetch: () => undefined })).toBe(false);
    expect(isDurableObjectNamespace(undefined)).toBe(false);
  });
});
