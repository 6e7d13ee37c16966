import { describe, expect, it } from "vitest";
import {
  becameDue,
  buildNow,
  editionStatus,
  editionsBecamePublic,
  isEditionPublic,
  isPublished,
  publishedNewestFirst,
} from "./publish.ts";
import { makeEditionSchema } from "./edition-schema.ts";
import { nodePostSchema } from "./post-schema.ts";

const postSchema = nodePostSchema("Europe/Berlin");

/** A post as the collection yields it, from frontmatter overrides. */
function aPost(id: string, data: Record<string, unknown> = {}) {
  return { id, data: postSchema.parse({ title: id, description: "d", pubDate: "2026-11-28", ...data }) };
}

const now = new Date("2026-11-28T12:00:00+01:00");

describe("isPublished", () => {
  it.each([
    ["a past post", aPost("a", { pubDate: "2026-11-01" }), true],
    ["a draft", aPost("a", { pubDate: "2026-11-01", draft: true }), false],
    ["a future post", aPost("a", { pubDate: "2026-11-29" }), false],
    ["a post dated exactly now", aPost("a", { pubDate: "2026-11-28T12:00:00+01:00" }), true],
    ["a post one second after now", aPost("a", { pubDate: "2026-11-28T12:00:01+01:00" }), false],
    ["a bare date today (midnight Berlin)", aPost("a", { pubDate: "2026-11-28" }), true],
    ["a bare date tomorrow", aPost("a", { pubDate: "2026-11-29" }), false],
    ["an offset date in another zone already past", aPost("a", { pubDate: "2026-11-28T06:00:00-05:00" }), true],
    ["an offset date in another zone still ahead", aPost("a", { pubDate: "2026-11-28T07:00:00-05:00" }), false],
    ["a newsletter: false post (still public)", aPost("a", { pubDate: "2026-11-01", newsletter: false }), true],
  ])("%s → %s", (_name, post, expected) => {
    expect(isPublished(post, { now })).toBe(expected);
  });

  it("publishes a bare date on the spring-forward day at Berlin midnight, not UTC midnight", () => {
    const post = aPost("a", { pubDate: "2026-03-29" });
    expect(isPublished(post, { now: new Date("2026-03-28T23:00:00Z") })).toBe(true);
    expect(isPublished(post, { now: new Date("2026-03-28T22:59:59Z") })).toBe(false);
  });

  it("publishes a bare date on the fall-back day at Berlin midnight", () => {
    const post = aPost("a", { pubDate: "2026-10-25" });
    expect(isPublished(post, { now: new Date("2026-10-24T22:00:00Z") })).toBe(true);
    expect(isPublished(post, { now: new Date("2026-10-24T21:59:59Z") })).toBe(false);
  });
});

describe("isEditionPublic", () => {
  const editionSchema = makeEditionSchema("Europe/Berlin");
  const anEdition = (data: Record<string, unknown>) => ({ data: editionSchema.parse({ subject: "S", ...data }) });

  it.each([
    ["an edition sent earlier", anEdition({ sendAt: "2026-11-23 07:30" }), true, "published"],
    ["an edition sent exactly now", anEdition({ sendAt: "2026-11-28 12:00" }), true, "published"],
    ["an edition due one minute later", anEdition({ sendAt: "2026-11-28 12:01" }), false, "scheduled"],
    ["a draft sent earlier", anEdition({ sendAt: "2026-11-23 07:30", draft: true }), false, "draft"],
    ["a draft due later", anEdition({ sendAt: "2026-12-07 07:30", draft: true }), false, "draft"],
  ])("%s → %s (%s)", (_name, edition, expected, status) => {
    expect(isEditionPublic(edition, { now })).toBe(expected);
    expect(editionStatus(edition, { now })).toBe(status);
  });
});

describe("publishedNewestFirst", () => {
  it("drops drafts and future posts and sorts newest first, ties by id", () => {
    const posts = [
      aPost("b", { pubDate: "2026-10-01" }),
      aPost("a", { pubDate: "2026-10-01" }),
      aPost("draft", { pubDate: "2026-11-01", draft: true }),
      aPost("future", { pubDate: "2027-01-01" }),
      aPost("newest", { pubDate: "2026-11-20" }),
    ];
    expect(publishedNewestFirst(posts, now).map((p) => p.id)).toEqual(["newest", "a", "b"]);
  });
});

describe("becameDue", () => {
  const hours = (n: number) => n * 60 * 60 * 1000;
  const posts = [
    aPost("long-public", { pubDate: "2026-11-01" }),
    aPost("this-morning", { pubDate: "2026-11-28T09:30:00+01:00" }),
    aPost("just-now", { pubDate: "2026-11-28T12:00:00+01:00" }),
    aPost("draft-this-morning", { pubDate: "2026-11-28T10:00:00+01:00", draft: true }),
    aPost("this-afternoon", { pubDate: "2026-11-28T15:00:00+01:00" }),
  ];

  it("finds posts whose publication time fell within the window, drafts and future posts excluded", () => {
    expect(becameDue(posts, now, hours(3)).map((p) => p.id)).toEqual(["this-morning", "just-now"]);
    expect(becameDue(posts, now, hours(1)).map((p) => p.id)).toEqual(["just-now"]);
  });

  it("counts a post published exactly at the window's start as already public", () => {
    expect(becameDue([aPost("edge", { pubDate: "2026-11-28T09:00:00+01:00" })], now, hours(3))).toEqual([]);
  });

  it("finds a bare date at Berlin midnight in the early-morning run", () => {
    const run = new Date("2026-11-28T00:17:00+01:00");
    expect(becameDue([aPost("today", { pubDate: "2026-11-28" })], run, hours(3)).map((p) => p.id)).toEqual(["today"]);
  });
});

describe("editionsBecamePublic", () => {
  const editionSchema = makeEditionSchema("Europe/Berlin");
  const anEdition = (id: string, data: Record<string, unknown>) => ({ id, data: editionSchema.parse({ subject: id, ...data }) });

  it("finds editions whose send time fell within the window, drafts and later ones excluded", () => {
    const editions = [
      anEdition("last-week", { sendAt: "2026-11-21 07:30" }),
      anEdition("this-morning", { sendAt: "2026-11-28 09:30" }),
      anEdition("draft-this-morning", { sendAt: "2026-11-28 10:00", draft: true }),
      anEdition("this-afternoon", { sendAt: "2026-11-28 15:00" }),
    ];
    expect(editionsBecamePublic(editions, now, 3 * 60 * 60 * 1000).map((e) => e.id)).toEqual(["this-morning"]);
  });
});

describe("buildNow", () => {
  it("uses BUILD_NOW when set and rejects garbage", () => {
    expect(buildNow({ BUILD_NOW: "2026-01-01T00:00:00Z" }).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(() => buildNow({ BUILD_NOW: "morgen" })).toThrow(/BUILD_NOW/);
  });
});
