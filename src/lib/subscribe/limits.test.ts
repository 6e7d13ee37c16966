import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./limits.ts";

const MINUTE = 60_000;

describe("createRateLimiter", () => {
  it.each([
    ["within the limit", [0, 1, 2], [true, true, true]],
    ["one over the limit", [0, 1, 2, 3], [true, true, true, false]],
    ["again after the window", [0, 1, 2, 3, 10 * MINUTE], [true, true, true, false, true]],
    ["not yet just before the window ends", [0, 1, 2, 10 * MINUTE - 1], [true, true, true, false]],
  ])("3 per 10 minutes: %s", async (_label, times, expected) => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 10 * MINUTE });
    const allowed: boolean[] = [];
    for (const time of times) allowed.push((await limiter.take("203.0.113.7", time)).allowed);
    expect(allowed).toEqual(expected);
  });

  it("says when to retry, rounded up to whole seconds", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10 * MINUTE });
    await limiter.take("k", 0);
    expect(await limiter.take("k", 4 * MINUTE + 500)).toEqual({ allowed: false, retryAfterSeconds: 6 * 60 });
  });

  it("counts keys independently", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: MINUTE });
    expect((await limiter.take("a@example.de", 0)).allowed).toBe(true);
    expect((await limiter.take("b@example.de", 0)).allowed).toBe(true);
    expect((await limiter.take("a@example.de", 1)).allowed).toBe(false);
  });

  it("keeps memory bounded by forgetting the oldest keys", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: MINUTE, maxKeys: 2 });
    await limiter.take("first", 0);
    await limiter.take("second", 1);
    await limiter.take("third", 2);
    expect((await limiter.take("first", 3)).allowed).toBe(true);
    expect((await limiter.take("third", 4)).allowed).toBe(false);
  });
});
