/**
 * The frontmatter contract every post follows. Shared by the content collection, the
 * CLI scripts and the tests; imports nothing from `astro:*` so it runs in plain Node.
 */
import { z } from "astro/zod";
import { parsePostDate } from "./dates.ts";
import { POST_ID_PATTERN } from "./frontmatter.ts";
const postDate = (timeZone: string) =>
  z.unknown().transform((value, ctx) => {
    if (value === undefined || value === null || value === "") {
      ctx.addIssue({ code: "custom", message: "fehlt (Pflichtfeld, Datum wie 2026-11-28)." });
      return z.NEVER;
    }
    const date = parsePostDate(value, timeZone);
    if (!date) {
      ctx.addIssue({
        code: "custom",
        message: `„${String(value)}“ ist kein gültiges Datum. Erwartet: JJJJ-MM-TT (z. B. 2026-11-28) oder Datum mit Uhrzeit (2026-11-28T09:00:00+01:00).`,
      });
      return z.NEVER;
    }
    return date;
  });

/** A required frontmatter text of at most `max` characters, trimmed, with the posts' messages. */
export const frontmatterText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "fehlt (Pflichtfeld, Text)." : "muss Text sein.") })
    .trim()
    .min(1, { error: "darf nicht leer sein." })
    .max(max, { error: `ist zu lang: höchstens ${max} Zeichen.` });

/** Every frontmatter field a post may have. */
export const POST_FIELDS = [
  "title",
  "description",
  "pubDate",
  "updatedDate",
  "tags",
  "draft",
  "newsletter",
  "subject",
  "slug",
  "heroImage",
  "heroAlt",
] as const;

/** The fields every post has, with `heroImage` as the caller resolves it. */
function postShape<Hero extends z.ZodType>(heroImage: Hero, timeZone: string) {
  return {
    title: frontmatterText(120),
    description: frontmatterText(300),
    pubDate: postDate(timeZone),
    updatedDate: postDate(timeZone).optional(),
    tags: z
      .array(z.string().trim().min(1), { error: "muss eine Liste sein, z. B. tags: [Verträge, Kommunikation]." })
      .default([]),
    draft: z.boolean({ error: "muss true oder false sein." }).default(false),
    newsletter: z.boolean({ error: "muss true oder false sein." }).default(true),
    subject: frontmatterText(150).optional(),
    slug: z
      .string()
      .regex(POST_ID_PATTERN, { error: "darf nur a–z, 0–9 und Bindestriche enthalten (z. B. mein-artikel)." })
      .optional(),
    heroImage: heroImage.optional(),
    heroAlt: frontmatterText(300).optional(),
  };
}

/** The fields the cross-field checks read. */
interface CheckedFields {
  pubDate?: unknown;
  updatedDate?: unknown;
  heroImage?: unknown;
  heroAlt?: unknown;
}

/**
 * The rules that span two fields. The schema applies them once every field is valid; the
 * CLI also applies them to a post whose other fields failed, so an author learns every
 * problem in one run (dates are compared only once both are dates).
 */
export function crossFieldProblems(post: CheckedFields): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (post.heroImage !== undefined && (typeof post.heroAlt !== "string" || post.heroAlt.trim() === "")) {
    problems.push({
      path: ["heroAlt"],
      message: "fehlt: Zu heroImage gehört ein Alternativtext (heroAlt), der das Bild beschreibt.",
    });
  }
  if (post.updatedDate instanceof Date && post.pubDate instanceof Date && post.updatedDate < post.pubDate) {
    problems.push({ path: ["updatedDate"], message: "liegt vor pubDate; das Aktualisierungsdatum muss danach liegen." });
  }
  return problems;
}

/**
 * Builds the post schema. The content collection passes Astro's `image()` so that
 * `heroImage` is resolved as a local asset; scripts keep it as a path string. Bare dates
 * are read in `timeZone` (the site's). `extra` adds a blog's own fields.
 */
export function makePostSchema<Hero extends z.ZodType, Extra extends z.ZodRawShape = Record<never, never>>(
  heroImage: Hero,
  timeZone: string,
  extra?: Extra,
  unknownFields: "refuse" | "ignore" = "refuse",
) {
  const allowed = [...POST_FIELDS, ...Object.keys(extra ?? {})];
  const shape = { ...postShape(heroImage, timeZone), ...(extra ?? ({} as Extra)) };
  // Both build the same shape; only what happens to keys outside it differs.
  const object = (unknownFields === "refuse" ? z.strictObject : z.looseObject) as typeof z.strictObject;
  return object(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unbekanntes Feld ${issue.keys.map((k) => `„${k}“`).join(", ")}. Erlaubt: ${allowed.join(", ")}.`
        : undefined,
  }).superRefine((value, ctx) => {
    for (const problem of crossFieldProblems(value as CheckedFields)) ctx.addIssue({ code: "custom", ...problem });
  });
}

/**
 * The schema as the CLI sees it (heroImage is a path relative to the post), for a site's
 * time zone. The CLI cannot see a blog's postSchema.extend, so `unknownFields: "ignore"`
 * lets fields it does not know through for the caller to report.
 */
export function nodePostSchema(timeZone: string, unknownFields: "refuse" | "ignore" = "refuse") {
  return makePostSchema(z.string().min(1), timeZone, {}, unknownFields);
}

/** Frontmatter after validation. */
export type PostData = z.output<ReturnType<typeof nodePostSchema>>;

/** Formats zod issues into one line per field, prefixed with the file. */
export function formatSchemaIssues(file: string, issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const lines = issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return field ? `  - ${field}: ${issue.message}` : `  - ${issue.message}`;
  });
  return `${file}: ungültiges Frontmatter\n${lines.join("\n")}`;
}
