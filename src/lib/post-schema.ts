/**
 * The frontmatter contract every post follows. Shared by the content collection, the
 * CLI scripts and the tests; imports nothing from `astro:*` so it runs in plain Node.
 */
import { z } from "astro/zod";
import { parsePostDate } from "./dates.ts";
import { siteConfig } from "../site.config.ts";

/** Time zone in which bare dates and times without offset are read: the site's. */
export const POST_TIME_ZONE = siteConfig.timeZone;

const postDate = () =>
  z.unknown().transform((value, ctx) => {
    if (value === undefined || value === null || value === "") {
      ctx.addIssue({ code: "custom", message: "fehlt (Pflichtfeld, Datum wie 2026-11-28)." });
      return z.NEVER;
    }
    const date = parsePostDate(value, POST_TIME_ZONE);
    if (!date) {
      ctx.addIssue({
        code: "custom",
        message: `„${String(value)}“ ist kein gültiges Datum. Erwartet: JJJJ-MM-TT (z. B. 2026-11-28) oder Datum mit Uhrzeit (2026-11-28T09:00:00+01:00).`,
      });
      return z.NEVER;
    }
    return date;
  });

const text = (max: number) =>
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

/**
 * Builds the post schema. The content collection passes Astro's `image()` so that
 * `heroImage` is resolved as a local asset; scripts keep it as a path string.
 */
export function makePostSchema<Hero extends z.ZodType>(heroImage: Hero) {
  return z
    .strictObject(
      {
        title: text(120),
        description: text(300),
        pubDate: postDate(),
        updatedDate: postDate().optional(),
        tags: z
          .array(z.string().trim().min(1), { error: "muss eine Liste sein, z. B. tags: [Verträge, Kommunikation]." })
          .default([]),
        draft: z.boolean({ error: "muss true oder false sein." }).default(false),
        newsletter: z.boolean({ error: "muss true oder false sein." }).default(true),
        subject: text(150).optional(),
        slug: z
          .string()
          .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "darf nur a–z, 0–9 und Bindestriche enthalten (z. B. mein-artikel)." })
          .optional(),
        heroImage: heroImage.optional(),
        heroAlt: text(300).optional(),
      },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys"
            ? `unbekanntes Feld ${issue.keys.map((k) => `„${k}“`).join(", ")}. Erlaubt: ${POST_FIELDS.join(", ")}.`
            : undefined,
      },
    )
    .superRefine((post, ctx) => {
      if (post.heroImage !== undefined && !post.heroAlt) {
        ctx.addIssue({
          code: "custom",
          path: ["heroAlt"],
          message: "fehlt: Zu heroImage gehört ein Alternativtext (heroAlt), der das Bild beschreibt.",
        });
      }
      if (post.updatedDate && post.updatedDate < post.pubDate) {
        ctx.addIssue({
          code: "custom",
          path: ["updatedDate"],
          message: "liegt vor pubDate; das Aktualisierungsdatum muss danach liegen.",
        });
      }
    });
}

/** The schema as plain Node code sees it (heroImage is a path relative to the post). */
export const postSchema = makePostSchema(z.string().min(1));

/** Frontmatter after validation. */
export type PostData = z.output<typeof postSchema>;

/** Formats zod issues into one line per field, prefixed with the file. */
export function formatSchemaIssues(file: string, issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const lines = issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return field ? `  - ${field}: ${issue.message}` : `  - ${issue.message}`;
  });
  return `${file}: ungültiges Frontmatter\n${lines.join("\n")}`;
}
