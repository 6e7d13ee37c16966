import { describe, expect, it } from "vitest";
import { makeEditionSchema } from "./edition-schema.ts";
import { featuredPosts, listedPostProblems } from "./featured-posts.ts";
import { nodePostSchema } from "./post-schema.ts";

const timeZone = "Europe/Berlin";
const dates = { locale: "de-DE", timeZone };
const postSchema = nodePostSchema(timeZone);
const editionSchema = makeEditionSchema(timeZone);

/** A post as the collection yields it, from frontmatter overrides. */
function aPost(id: string, data: Record<string, unknown> = {}) {
  return { id, data: postSchema.parse({ title: id, description: "d", pubDate: "2026-11-28", ...data }) };
}

/** An edition as the collection yields it, from frontmatter overrides. */
function anEdition(id: string, data: Record<string, unknown> = {}) {
  return { id, data: editionSchema.parse({ subject: id, sendAt: "2026-12-07 07:30", ...data }) };
}

const now = new Date("2026-12-07T12:00:00+01:00");
const posts = [
  aPost("montag-frueh", { pubDate: "2026-12-07T06:00:00" }),
  aPost("letzte-woche", { pubDate: "2026-12-02" }),
  aPost("auch-letzte-woche", { pubDate: "2026-12-02" }),
  aPost("ohne-newsletter", { pubDate: "2026-12-03", newsletter: false }),
  aPost("entwurf", { pubDate: "2026-12-03", draft: true }),
  aPost("genau-beim-versand", { pubDate: "2026-12-07T07:30:00" }),
  aPost("mit-der-letzten-ausgabe", { pubDate: "2026-12-01T07:30:00" }),
  aPost("vor-acht-tagen", { pubDate: "2026-11-29" }),
  aPost("nach-dem-versand", { pubDate: "2026-12-07T09:00:00" }),
  aPost("zukunft", { pubDate: "2027-01-01" }),
  aPost("alt", { pubDate: "2026-10-01", slug: "neue-adresse" }),
];

function chosen(edition: ReturnType<typeof anEdition>, editions = [edition], at = now): string[] {
  return featuredPosts(edition, { file: "content/editions/x.mdx", posts, editions, now: at, ...dates }).map((p) => p.id);
}

describe("featuredPosts", () => {
  it("features nothing without a posts field", () => {
    expect(chosen(anEdition("woche-49"))).toEqual([]);
  });

  it("keeps a list's order, including posts that go out without newsletter", () => {
    const edition = anEdition("woche-49", { posts: ["alt", "ohne-newsletter", "letzte-woche"] });
    expect(chosen(edition)).toEqual(["alt", "ohne-newsletter", "letzte-woche"]);
  });

  it("leaves out a listed post published before the send time but not yet at build time", () => {
    const edition = anEdition("woche-49", { posts: ["montag-frueh", "letzte-woche"] });
    expect(chosen(edition, [edition], new Date("2026-12-06T20:00:00+01:00"))).toEqual(["letzte-woche"]);
  });

  const previous = anEdition("woche-48", { sendAt: "2026-12-01 07:30" });
  it.each([
    [
      "after the previous edition's send time, up to and at this one's, newest first",
      [previous],
      ["genau-beim-versand", "montag-frueh", "auch-letzte-woche", "letzte-woche"],
    ],
    [
      "after a draft edition too, since drafts are never sent",
      [anEdition("entwurf", { sendAt: "2026-12-03 07:30", draft: true }), previous],
      ["genau-beim-versand", "montag-frueh", "auch-letzte-woche", "letzte-woche"],
    ],
    [
      "not after a later edition",
      [previous, anEdition("woche-50", { sendAt: "2026-12-14 07:30" })],
      ["genau-beim-versand", "montag-frueh", "auch-letzte-woche", "letzte-woche"],
    ],
    [
      "for the first edition, the 7 days before its send time",
      [],
      ["genau-beim-versand", "montag-frueh", "auch-letzte-woche", "letzte-woche", "mit-der-letzten-ausgabe"],
    ],
  ])("auto takes the published newsletter posts %s", (_name, others, expected) => {
    const edition = anEdition("woche-49", { posts: "auto" });
    expect(chosen(edition, [edition, ...others])).toEqual(expected);
  });

  it("auto leaves out posts not yet published at build time", () => {
    const edition = anEdition("woche-49", { posts: "auto" });
    expect(chosen(edition, [edition, previous], new Date("2026-12-06T20:00:00+01:00"))).toEqual([
      "auch-letzte-woche",
      "letzte-woche",
    ]);
  });

  it("refuses a bad list with the file, the field and every bad id", () => {
    const edition = anEdition("woche-49", { posts: ["letzte-woche", "gibt-es-nicht", "entwurf"] });
    expect(() => chosen(edition)).toThrow(
      /^content\/editions\/x\.mdx: ungültiges Frontmatter\n {2}- posts: „gibt-es-nicht“: Einen Artikel mit dieser ID gibt es nicht\.[^\n]*\n {2}- posts: „entwurf“ ist ein Entwurf/,
    );
  });
});

describe("listedPostProblems", () => {
  it.each([
    ["an unknown id", "gibt-es-nicht", "„gibt-es-nicht“: Einen Artikel mit dieser ID gibt es nicht."],
    ["a slug instead of the id", "neue-adresse", "„neue-adresse“ ist die Adresse (slug) des Artikels „alt“"],
    ["a draft", "entwurf", "„entwurf“ ist ein Entwurf (draft: true)"],
    [
      "a post dated after the send time",
      "nach-dem-versand",
      "„nach-dem-versand“ erscheint erst am 7. Dezember 2026, 09:00\u00a0Uhr (pubDate), nach dem Versand dieser Ausgabe am 7. Dezember 2026, 07:30\u00a0Uhr (sendAt). Bitte sendAt später legen",
    ],
    ["a future post", "zukunft", "„zukunft“ erscheint erst am 1. Januar 2027"],
  ])("names %s and what to do", (_name, id, message) => {
    const problems = listedPostProblems(anEdition("woche-49", { posts: ["letzte-woche", id] }), posts, dates);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("has nothing to say about auto or a good list", () => {
    expect(listedPostProblems(anEdition("a", { posts: "auto" }), posts, dates)).toEqual([]);
    expect(listedPostProblems(anEdition("a", { posts: ["montag-frueh", "alt"] }), posts, dates)).toEqual([]);
  });
});
