/**
 * Reads a post's frontmatter so that dates reach the schema as written. js-yaml (used by
 * Astro and gray-matter) turns `2026-11-28T09:00:00` into a UTC instant and a bare date
 * into UTC midnight, losing the difference between "midnight in Berlin" and "an explicit
 * time"; the date fields are therefore taken from the raw text.
 */
import matter from "gray-matter";

/** A post's frontmatter fields that hold dates. */
export const DATE_FIELDS = ["pubDate", "updatedDate"] as const;

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---/;

/**
 * The date fields of an MDX source exactly as written (quotes and trailing comments
 * removed): a post's by default, another collection's when it names its own.
 */
export function rawDateFields(source: string, dateFields: readonly string[] = DATE_FIELDS): Partial<Record<string, string>> {
  const block = FRONTMATTER.exec(source)?.[1] ?? "";
  const fields: Partial<Record<string, string>> = {};
  for (const field of dateFields) {
    const line = new RegExp(`^${field}:[ \\t]*(.*?)[ \\t]*$`, "m").exec(block);
    if (!line) continue;
    const value = (line[1] ?? "").replace(/\s+#.*$/, "");
    const quoted = /^(["'])(.*)\1$/.exec(value);
    fields[field] = quoted ? (quoted[2] ?? "") : value;
  }
  return fields;
}

/** The frontmatter of an MDX source as plain data, with the date fields (a post's unless named) as written. */
export function readFrontmatter(source: string, dateFields: readonly string[] = DATE_FIELDS): Record<string, unknown> {
  const data: unknown = matter(source).data;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new Error("Frontmatter muss aus Feldern bestehen (feld: wert).");
  return { ...(data as Record<string, unknown>), ...rawDateFields(source, dateFields) };
}

/** A post's permanent id (its file name) and a `slug`: lower-case letters, digits and single hyphens. */
export const POST_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A post's permanent id: its file name without `.mdx`. */
export function postIdOf(fileName: string): string {
  return fileName.replace(/\.mdx$/, "");
}

/**
 * Problem with a post's file name (its permanent id), or null when it is a valid slug.
 * Editions follow the same rule; `owner` names what the file is ("der Ausgabe").
 */
export function fileNameProblem(fileName: string, suggestion: string, owner = "des Artikels"): string | null {
  const id = postIdOf(fileName);
  if (POST_ID_PATTERN.test(id)) return null;
  return `Dateiname „${fileName}“: Der Name ist die dauerhafte ID und Adresse ${owner} und darf nur a–z, 0–9 und Bindestriche enthalten. Vorschlag: ${suggestion}.mdx`;
}
