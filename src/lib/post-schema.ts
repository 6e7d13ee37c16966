/**
 * The frontmatter contract every post follows. Shared by the content collection, the
 * CLI scripts and the tests; imports nothing from `astro:*` so it runs in plain Node.
 */
import { z } from "astro/zod";
import { parsePostDate } from "./dates.ts";

/** Time zone in which bare dates are read; kept in sync with siteConfig.timeZone by a test. */
export const POST_TIME_ZONE = "Europe/Berlin";

const postDate = (field: string) =>
  z.unknown().transform((value, ctx) => {
    const date = parsePostDate(value, POST_TIME_ZONE);
    if (!date) {
      ctx.addIssue({
        code: "custom",
        message: `${field}: „${String(value)}“ ist kein gültiges Datum. Erwartet: JJJJ-MM-TT (z. B. 2026-11-28) oder Datum mit Uhrzeit (2026-11-28T09:00:00+01:00).`,
      });
      return z.NEVER;
    }
    return date;
  });

const text = (field: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} fehlt (Pflichtfeld, Text).` : `${field} muss Text sein.`) })
    .trim()
    .min(1, { error: `${field} darf nicht leer sein.` })
    .max(max, { error: `${field} ist zu lang: höchstens ${max} Zeichen.` });

/**
 * Builds the post schema. The content collection passes Astro's `image()` so that
 * `heroImage` is resolved as a local asset; scripts keep it as a path string.
 */
export function makePostSchema<Hero extends z.ZodType>(heroImage: Hero) {
  return z
    .object({
      title: text("title", 120),
      description: text("description", 300),
      pubDate: postDate("pubDate").refine((d) => d !== undefined, { error: "pubDate fehlt (Pflichtfeld, Datum JJJJ-MM-TT)." }),
      updatedDate: postDate("updatedDate").optional(),
      tags: z
        .array(z.string().trim().min(1), { error: "tags muss eine Liste sein, z. B. tags: [Verträge, Kommunikation]." })
        .default([]),
      draft: z.boolean({ error: "draft muss true oder false sein." }).default(false),
      newsletter: z.boolean({ error: "newsletter muss true oder false sein." }).default(true),
      subject: text("subject", 150).optional(),
      slug: z
        .string()
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "slug darf nur a–z, 0–9 und Bindestriche enthalten." })
        .optional(),
      heroImage: heroImage.optional(),
      heroAlt: text("heroAlt", 300).optional(),
    })
    .strict()
    .superRefine((post, ctx) => {
      if (post.heroImage !== undefined && !post.heroAlt) {
        ctx.addIssue({
          code: "custom",
          path: ["heroAlt"],
          message: "heroAlt fehlt: Zu heroImage gehört ein Alternativtext, der das Bild beschreibt.",
        });
      }
      if (post.updatedDate && post.updatedDate < post.pubDate) {
        ctx.addIssue({ code: "custom", path: ["updatedDate"], message: "updatedDate liegt vor pubDate." });
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
    return field && !issue.message.startsWith(field) ? `  - ${field}: ${issue.message}` : `  - ${issue.message}`;
  });
  return `${file}: ungültiges Frontmatter\n${lines.join("\n")}`;
}
