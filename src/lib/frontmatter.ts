/**
 * Reads a post's YAML frontmatter the way the schema expects it: with the YAML 1.2 core
 * schema, so dates stay text. (js-yaml, which Astro and gray-matter use, turns
 * `2026-11-28T09:00:00` into a UTC instant and a bare date into UTC midnight, losing the
 * difference between "midnight in Berlin" and "an explicit time".)
 */
import matter from "gray-matter";
import { parse } from "yaml";

/** gray-matter finds the block; the `yaml` package reads it without a timestamp type. */
const coreYaml = {
  parse: (text: string): object => {
    const data: unknown = parse(text, { schema: "core" });
    if (data === null || data === undefined) return {};
    if (typeof data !== "object" || Array.isArray(data)) throw new Error("Frontmatter muss aus Feldern bestehen (feld: wert).");
    return data;
  },
};

/** The frontmatter of an MDX source as plain data; {} when there is none. */
export function readFrontmatter(source: string): Record<string, unknown> {
  return matter(source, { engines: { yaml: coreYaml } }).data;
}

const POST_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Problem with a post's file name (its permanent id), or null when it is a valid slug. */
export function fileNameProblem(fileName: string, suggestion: string): string | null {
  const id = fileName.replace(/\.mdx$/, "");
  if (POST_ID.test(id)) return null;
  return `Dateiname „${fileName}“: Der Name ist die dauerhafte ID und Adresse des Artikels und darf nur a–z, 0–9 und Bindestriche enthalten. Vorschlag: ${suggestion}.mdx`;
}
