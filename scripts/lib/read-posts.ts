/**
 * Reads every post's frontmatter the way the build does (the one frontmatter reader and
 * the one schema), for the commands that must not wait for a build: `check` and `due`;
 * and every newsletter edition's, for `check`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EDITION_DATE_FIELDS, makeEditionSchema, type EditionData } from "../../src/lib/edition-schema.ts";
import { postIdOf, readFrontmatter } from "../../src/lib/frontmatter.ts";
import { POST_FIELDS, crossFieldProblems, nodePostSchema, type PostData } from "../../src/lib/post-schema.ts";
import { listPostFiles } from "./posts-dir.ts";

/** A content file as read from disk: its name, permanent id, path and text. */
type SourceFile = { name: string; id: string; path: string; source: string };

/**
 * Every `*.mdx` in `dir`, sorted, with its frontmatter read as the build reads it (the
 * date fields as written), or the first line of the YAML error.
 */
function readFrontmatterFiles(
  dir: string,
  dateFields?: readonly string[],
): Array<SourceFile & ({ raw: Record<string, unknown> } | { yamlError: string })> {
  return listPostFiles(dir).map((name) => {
    const path = join(dir, name);
    const source = readFileSync(path, "utf8");
    const file = { name, id: postIdOf(name), path, source };
    try {
      return { ...file, raw: readFrontmatter(source, dateFields) };
    } catch (error) {
      return { ...file, yamlError: (error as Error).message.split("\n")[0] ?? "" };
    }
  });
}

/** One post file and what became of its frontmatter. */
export type PostFile = SourceFile &
  (
    | { ok: true; data: PostData; unknownFields: string[] }
    | { ok: false; yamlError: string }
    | { ok: false; raw: Record<string, unknown>; issues: readonly { path: PropertyKey[]; message: string }[] }
  );

/**
 * Every `*.mdx` in `dir`, sorted, each read and validated with the site's time zone.
 * Fields Rundbrief does not know are listed, not refused: they may come from the blog's
 * postSchema.extend, which only the build sees.
 */
export function readPostFiles(dir: string, timeZone: string): PostFile[] {
  const schema = nodePostSchema(timeZone, "ignore");
  const known = new Set<string>(POST_FIELDS);
  return readFrontmatterFiles(dir).map((read) => {
    if ("yamlError" in read) return { ...read, ok: false as const };
    const { raw, ...file } = read;
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { ...file, ok: true as const, data: parsed.data, unknownFields: Object.keys(raw).filter((key) => !known.has(key)) }
      : {
          ...file,
          ok: false as const,
          raw,
          // The schema skips the cross-field rules while another field fails; report them now too.
          issues: [
            ...parsed.error.issues,
            ...crossFieldProblems(raw).filter(
              (extra) => !parsed.error.issues.some((issue) => issue.path.join(".") === extra.path.join(".")),
            ),
          ],
        };
  });
}

/** One edition file and what became of its frontmatter. */
export type EditionFile = SourceFile &
  (
    | { ok: true; data: EditionData }
    | { ok: false; yamlError: string }
    | { ok: false; issues: readonly { path: PropertyKey[]; message: string }[] }
  );

/** Every `*.mdx` in the editions folder `dir`, sorted, each read and validated with the site's time zone; none without the folder. */
export function readEditionFiles(dir: string, timeZone: string): EditionFile[] {
  const schema = makeEditionSchema(timeZone);
  return readFrontmatterFiles(dir, EDITION_DATE_FIELDS).map((read) => {
    if ("yamlError" in read) return { ...read, ok: false as const };
    const { raw, ...file } = read;
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { ...file, ok: true as const, data: parsed.data }
      : { ...file, ok: false as const, issues: parsed.error.issues };
  });
}
