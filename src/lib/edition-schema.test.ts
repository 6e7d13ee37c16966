import { describe, expect, it } from "vitest";
import { makeEditionSchema } from "./edition-schema.ts";
import { readFrontmatter } from "./frontmatter.ts";
import { EDITION_DATE_FIELDS } from "./edition-schema.ts";
import { formatSchemaIssues } from "./post-schema.ts";

const editionSchema = makeEditionSchema("Europe/Berlin");
const valid = { subject: "Woche 49: Änderungswünsche freundlich begrenzen", sendAt: "2026-12-07 07:30" };

function errorsOf(input: Record<string, unknown>): string {
  const result = editionSchema.safeParse(input);
  if (result.success) return "";
  return formatSchemaIssues("content/editions/woche-49.mdx", result.error.issues);
}

describe("editionSchema", () => {
  it("accepts a minimal edition and fills the defaults", () => {
    expect(editionSchema.parse(valid)).toEqual({ ...valid, sendAt: new Date("2026-12-07T06:30:00Z"), draft: false });
  });

  it.each([
    ["a space between date and time, in Berlin winter time", "2026-12-07 07:30", "2026-12-07T06:30:00.000Z"],
    ["a T between date and time, in Berlin summer time", "2026-07-06T07:30", "2026-07-06T05:30:00.000Z"],
    ["seconds", "2026-12-07T07:30:15", "2026-12-07T06:30:15.000Z"],
    ["an explicit offset", "2026-12-07T07:30:00-05:00", "2026-12-07T12:30:00.000Z"],
  ])("reads a send time with %s", (_name, sendAt, iso) => {
    expect(editionSchema.parse({ ...valid, sendAt }).sendAt.toISOString()).toBe(iso);
  });

  it("reads a time without offset in the site's time zone", () => {
    expect(makeEditionSchema("America/New_York").parse(valid).sendAt.toISOString()).toBe("2026-12-07T12:30:00.000Z");
  });

  it("takes posts: auto or a list of post ids", () => {
    expect(editionSchema.parse({ ...valid, posts: "auto" }).posts).toBe("auto");
    expect(editionSchema.parse({ ...valid, posts: ["a", "b-2"] }).posts).toEqual(["a", "b-2"]);
  });

  it.each([
    ["missing subject", { ...valid, subject: undefined }, "subject: fehlt (Pflichtfeld, Text)."],
    ["subject too long", { ...valid, subject: "x".repeat(151) }, "subject: ist zu lang: höchstens 150 Zeichen."],
    ["preheader too long", { ...valid, preheader: "x".repeat(301) }, "preheader: ist zu lang: höchstens 300 Zeichen."],
    ["missing sendAt", { ...valid, sendAt: undefined }, "sendAt: fehlt (Pflichtfeld, Datum mit Uhrzeit des Versands"],
    [
      "a bare date without time",
      { ...valid, sendAt: "2026-12-07" },
      "sendAt: „2026-12-07“ hat keine Uhrzeit. Eine Ausgabe braucht den Zeitpunkt des Versands, z. B. sendAt: 2026-12-07 07:30",
    ],
    ["YAML's bare date", { ...valid, sendAt: new Date("2026-12-07T00:00:00Z") }, "sendAt: „2026-12-07“ hat keine Uhrzeit."],
    ["a German date", { ...valid, sendAt: "7.12.2026 07:30" }, "sendAt: „7.12.2026 07:30“ ist kein gültiger Zeitpunkt."],
    ["an impossible time", { ...valid, sendAt: "2026-12-07 25:30" }, "sendAt: „2026-12-07 25:30“ ist kein gültiger Zeitpunkt."],
    ["posts as other text", { ...valid, posts: "alle" }, "posts: muss „auto“ (alle neuen Artikel seit der letzten Ausgabe)"],
    ["a post id with capitals", { ...valid, posts: ["Mein-Artikel"] }, "posts: „Mein-Artikel“ ist keine Artikel-ID."],
    ["a post listed twice", { ...valid, posts: ["a", "a"] }, "posts: „a“ steht zweimal in der Liste"],
    ["draft as text", { ...valid, draft: "ja" }, "draft: muss true oder false sein."],
    [
      "a post's field",
      { ...valid, pubDate: "2026-12-07" },
      "unbekanntes Feld „pubDate“. Erlaubt: subject, sendAt, preheader, posts, draft.",
    ],
  ])("rejects %s", (_name, input, message) => {
    const errors = errorsOf(input);
    expect(errors).toContain("content/editions/woche-49.mdx: ungültiges Frontmatter");
    expect(errors).toContain(message);
  });

  it("reads sendAt from the raw file, so YAML never turns a time into UTC", () => {
    const source = "---\nsubject: S\nsendAt: 2026-12-07T07:30:00\n---\nText";
    expect(editionSchema.parse(readFrontmatter(source, EDITION_DATE_FIELDS)).sendAt.toISOString()).toBe(
      "2026-12-07T06:30:00.000Z",
    );
  });
});
