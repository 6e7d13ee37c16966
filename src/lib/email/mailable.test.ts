import { describe, expect, it } from "vitest";
import { isMailable, type Mailable } from "./mailable.ts";

const now = new Date("2026-11-28T12:00:00+01:00");
const since = new Date("2026-11-01T00:00:00+01:00");
const aPost = (overrides: Partial<Mailable["data"]> = {}): Mailable => ({
  data: { draft: false, newsletter: true, pubDate: new Date("2026-11-20T00:00:00+01:00"), ...overrides },
});

describe("isMailable", () => {
  it.each([
    ["a published post after since", aPost(), since, true],
    ["a post published exactly at since", aPost({ pubDate: since }), since, true],
    ["a post before since", aPost({ pubDate: new Date("2026-10-31T23:59:59+01:00") }), since, false],
    ["any published post while since is unset", aPost({ pubDate: new Date("2020-01-01T00:00:00Z") }), null, true],
    ["a draft", aPost({ draft: true }), since, false],
    ["a post dated in the future", aPost({ pubDate: new Date("2026-12-01T00:00:00+01:00") }), since, false],
    ["a post with newsletter: false", aPost({ newsletter: false }), since, false],
  ])("%s → %s", (_, post, sinceValue, expected) => {
    expect(isMailable(post, { now, since: sinceValue })).toBe(expected);
  });
});
