import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./limits.ts";

const MINUTE = 60_000;

describe("createRateLimiter", () => {
  it.each([
    ["within the limit", [0, 1, 2], [true, true, true]],
    ["one over the limit", [0, 1, 2, 3], [true, true, true, false]],
    ["again after the window", [0, 1, 2, 3, 10 * MINUTE], [true, true, true, false, true]],
    ["not yet just before the window ends", [0, 1, 2, 10 * MINUTE - 1], [true, true, true, false]],
  ])("3 per 10 minutes: %s", (_label, times, expected) => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 10 * MINUTE });
    expect(times.map((time) => limiter.take("203.0.113.7", time).allowed)).toEqual(expected);
  });

  it("says when to retry, rounded up to whole seconds", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10 * MINUTE });
    limiter.take("k", 0);
    expect(limiter.take("k", 4 * MINUTE + 500)).toEqual({ allowed: false, retryAfterSeconds: 6 * 60 });
  });

  it("counts keys independently", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: MINUTE });
    expect(limiter.take("a@example.de", 0).allowed).toBe(true);
    expect(limiter.take("b@example.de", 0).allowed).toBe(true);
    expect(limiter.take("a@example.de", 1).allowed).toBe(false);
  });

  it("keeps memory bounded by forgetting the oldest keys", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: MINUTE, maxKeys: 2 });
    limiter.take("first", 0);
    limiter.take("second", 1);
    limiter.take("third", 2);
    expect(limiter.take("first", 3).allowed).toBe(true);
    expect(limiter.take("third", 4).allowed).toBe(false);
  });
});
