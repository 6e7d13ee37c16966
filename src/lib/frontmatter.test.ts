import { describe, expect, it } from "vitest";
import { fileNameProblem, rawDateFields, readFrontmatter } from "./frontmatter.ts";
import { nodePostSchema } from "./post-schema.ts";

const postSchema = nodePostSchema("Europe/Berlin");

const post = (pubDate: string) => `---\ntitle: T\ndescription: D\npubDate: ${pubDate}\n---\n\nText`;

describe("dates read from real YAML frontmatter", () => {
  it.each([
    ["a bare date is midnight in Berlin", "2026-11-28", "2026-11-27T23:00:00.000Z"],
    ["a quoted bare date too", '"2026-11-28"', "2026-11-27T23:00:00.000Z"],
    ["an offset that lands on UTC midnight is honoured", "2026-11-28T01:00:00+01:00", "2026-11-28T00:00:00.000Z"],
    ["Z at midnight is honoured", "2026-11-28T00:00:00Z", "2026-11-28T00:00:00.000Z"],
    ["a time without offset is Berlin wall-clock time", "2026-11-28T09:00:00", "2026-11-28T08:00:00.000Z"],
    ["a summer time without offset", "2026-07-01 09:00", "2026-07-01T07:00:00.000Z"],
  ])("%s", (_name, yaml, iso) => {
    expect(postSchema.parse(readFrontmatter(post(yaml))).pubDate.toISOString()).toBe(iso);
  });

  it("keeps lists and booleans", () => {
    expect(readFrontmatter("---\ntags: [Verträge, Kommunikation]\ndraft: true\n---\n")).toEqual({
      tags: ["Verträge", "Kommunikation"],
      draft: true,
    });
  });

  it("returns {} without frontmatter and refuses a list as frontmatter", () => {
    expect(readFrontmatter("Nur Text")).toEqual({});
    expect(() => readFrontmatter("---\n- a\n- b\n---\n")).toThrow(/Felder/);
  });

  it.each([
    ["pubDate: 2026-11-28", { pubDate: "2026-11-28" }],
    ["pubDate: '2026-11-28T09:00:00'  # Uhrzeit in Berlin", { pubDate: "2026-11-28T09:00:00" }],
    ['pubDate: "2026-11-28"\nupdatedDate: 2026-12-01', { pubDate: "2026-11-28", updatedDate: "2026-12-01" }],
    ["title: pubDate: nicht hier", {}],
  ])("takes date fields as written from %j", (yaml, fields) => {
    expect(rawDateFields(`---\n${yaml}\n---\nText`)).toEqual(fields);
  });
});

describe("fileNameProblem", () => {
  it.each([
    ["aenderungsrunden-im-vertrag.mdx", false],
    ["Mein_Artikel.mdx", true],
    ["größe.mdx", true],
    ["-anfang.mdx", true],
  ])("%s → problem: %s", (name, problem) => {
    expect(fileNameProblem(name, "mein-artikel") !== null).toBe(problem);
  });

  it("names the file and suggests a slug", () => {
    expect(fileNameProblem("Mein_Artikel.mdx", "mein-artikel")).toContain("Vorschlag: mein-artikel.mdx");
  });
});
