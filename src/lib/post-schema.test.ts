import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatSchemaIssues, makePostSchema, nodePostSchema } from "./post-schema.ts";

const postSchema = nodePostSchema("Europe/Berlin");

const valid = { title: "Änderungsrunden begrenzen", description: "Warum drei Runden reichen.", pubDate: "2026-11-28" };

function errorsOf(input: Record<string, unknown>): string {
  const result = postSchema.safeParse(input);
  if (result.success) return "";
  return formatSchemaIssues("content/posts/x.mdx", result.error.issues);
}

describe("postSchema", () => {
  it("accepts a minimal post and fills the defaults", () => {
    const post = postSchema.parse(valid);
    expect(post).toMatchObject({ tags: [], draft: false, newsletter: true });
    expect(post.pubDate.toISOString()).toBe("2026-11-27T23:00:00.000Z");
  });

  it("reads bare dates in the site's time zone", () => {
    expect(nodePostSchema("America/New_York").parse(valid).pubDate.toISOString()).toBe("2026-11-28T05:00:00.000Z");
  });

  it("takes a blog's own fields, and still rejects unknown ones naming them", () => {
    const extended = makePostSchema(z.string(), "Europe/Berlin", { rating: z.number() });
    expect(extended.parse({ ...valid, rating: 4 }).rating).toBe(4);
    const result = extended.safeParse({ ...valid, rating: 4, ratng: 5 });
    expect(result.success).toBe(false);
    expect(formatSchemaIssues("x.mdx", result.error?.issues ?? [])).toContain("Erlaubt: title, description");
    expect(formatSchemaIssues("x.mdx", result.error?.issues ?? [])).toMatch(/heroAlt, rating\./);
  });

  it.each([
    ["missing title", { ...valid, title: undefined }, "title: fehlt (Pflichtfeld, Text)."],
    ["empty title", { ...valid, title: "  " }, "title: darf nicht leer sein."],
    ["title too long", { ...valid, title: "x".repeat(121) }, "title: ist zu lang: höchstens 120 Zeichen."],
    ["missing description", { ...valid, description: undefined }, "description: fehlt"],
    ["German date format", { ...valid, pubDate: "31.02.2026" }, "pubDate: „31.02.2026“ ist kein gültiges Datum"],
    ["impossible ISO date", { ...valid, pubDate: "2026-02-31" }, "pubDate: „2026-02-31“ ist kein gültiges Datum"],
    ["missing pubDate", { ...valid, pubDate: undefined }, "pubDate: fehlt (Pflichtfeld, Datum"],
    ["tags not a list", { ...valid, tags: "Verträge" }, "tags: muss eine Liste sein"],
    ["draft as text", { ...valid, draft: "ja" }, "draft: muss true oder false sein."],
    ["newsletter as text", { ...valid, newsletter: "nein" }, "newsletter: muss true oder false sein."],
    ["hero image without alt", { ...valid, heroImage: "./bild.jpg" }, "heroAlt: fehlt: Zu heroImage gehört ein Alternativtext"],
    ["typo in a field name", { ...valid, tag: ["x"] }, "unbekanntes Feld „tag“"],
    ["slug with umlaut", { ...valid, slug: "größe" }, "slug: darf nur a–z, 0–9 und Bindestriche enthalten"],
    ["updated before published", { ...valid, updatedDate: "2026-11-01" }, "updatedDate: liegt vor pubDate"],
  ])("rejects %s", (_name, input, message) => {
    const errors = errorsOf(input);
    expect(errors).toContain("content/posts/x.mdx: ungültiges Frontmatter");
    expect(errors).toContain(message);
  });

  it.each([
    ["bare date string → midnight Berlin (winter)", "2026-01-15", "2026-01-14T23:00:00.000Z"],
    ["bare date string → midnight Berlin (summer)", "2026-07-15", "2026-07-14T22:00:00.000Z"],
    ["YAML date (UTC midnight) → midnight Berlin", new Date("2026-07-15T00:00:00Z"), "2026-07-14T22:00:00.000Z"],
    ["explicit offset is honoured", "2026-07-15T09:30:00+02:00", "2026-07-15T07:30:00.000Z"],
    ["explicit Z is honoured", "2026-07-15T09:30:00Z", "2026-07-15T09:30:00.000Z"],
    ["local date-time is Berlin wall clock", "2026-03-29 03:30", "2026-03-29T01:30:00.000Z"],
    ["YAML date-time keeps its instant", new Date("2026-07-15T09:30:00Z"), "2026-07-15T09:30:00.000Z"],
  ])("reads %s", (_name, pubDate, iso) => {
    expect(postSchema.parse({ ...valid, pubDate }).pubDate.toISOString()).toBe(iso);
  });
});
