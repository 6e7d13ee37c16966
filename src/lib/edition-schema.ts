/**
 * The frontmatter contract of a newsletter edition (content/editions/*.mdx): a hand-written
 * issue with its send time and the posts it features. Shared by the content collection,
 * `rundbrief check` and the tests; imports nothing from `astro:*` so it runs in plain Node.
 */
import { z } from "astro/zod";
import { isBareDate, parsePostDate } from "./dates.ts";
import { POST_ID_PATTERN } from "./frontmatter.ts";
import { frontmatterText } from "./post-schema.ts";

/** Every frontmatter field an edition may have. */
export const EDITION_FIELDS = ["subject", "sendAt", "preheader", "posts", "draft"] as const;

/** The edition fields that hold dates, read from the raw file like a post's (src/lib/frontmatter.ts). */
export const EDITION_DATE_FIELDS = ["sendAt"] as const;

/** What `posts: auto` stands for: every new post since the previous edition. */
export const AUTO_POSTS = "auto";

/** Frontmatter of an edition after validation. */
export interface EditionData {
  subject: string;
  sendAt: Date;
  preheader?: string;
  posts?: string[] | "auto";
  draft: boolean;
}

const EXAMPLE_TIME = "2026-12-07 07:30";

/** The send time: a date with a time of day; without an offset it is wall-clock time in `timeZone`. */
const sendAt = (timeZone: string) =>
  z.unknown().transform((value, ctx) => {
    if (value === undefined || value === null || value === "") {
      ctx.addIssue({ code: "custom", message: `fehlt (Pflichtfeld, Datum mit Uhrzeit des Versands wie ${EXAMPLE_TIME}).` });
      return z.NEVER;
    }
    if (isBareDate(value)) {
      const day = value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
      ctx.addIssue({
        code: "custom",
        message: `„${day}“ hat keine Uhrzeit. Eine Ausgabe braucht den Zeitpunkt des Versands, z. B. sendAt: ${day} 07:30 (Uhrzeit in der Zeitzone der Website).`,
      });
      return z.NEVER;
    }
    const date = parsePostDate(value, timeZone);
    if (!date) {
      ctx.addIssue({
        code: "custom",
        message: `„${String(value)}“ ist kein gültiger Zeitpunkt. Erwartet: JJJJ-MM-TT HH:MM (z. B. ${EXAMPLE_TIME}, Zeitzone der Website) oder mit Zeitzone (2026-12-07T07:30:00+01:00).`,
      });
      return z.NEVER;
    }
    return date;
  });

/** `auto`, or a list of post ids (file names without .mdx), each once. */
const featuredPosts = z.unknown().transform((value, ctx): string[] | "auto" => {
  if (value === AUTO_POSTS) return AUTO_POSTS;
  if (!Array.isArray(value)) {
    ctx.addIssue({
      code: "custom",
      message:
        "muss „auto“ (alle neuen Artikel seit der letzten Ausgabe) oder eine Liste von Artikel-IDs sein, z. B. posts: [aenderungsrunden-im-vertrag, scope-creep-wenn-das-projekt-leise-waechst].",
    });
    return z.NEVER;
  }
  const seen = new Set<string>();
  for (const item of value as unknown[]) {
    if (typeof item !== "string" || !POST_ID_PATTERN.test(item)) {
      ctx.addIssue({
        code: "custom",
        message: `„${String(item)}“ ist keine Artikel-ID. Gemeint ist der Dateiname eines Artikels ohne .mdx (nur a–z, 0–9 und Bindestriche).`,
      });
    } else if (seen.has(item)) {
      ctx.addIssue({ code: "custom", message: `„${item}“ steht zweimal in der Liste; bitte einmal streichen.` });
    }
    if (typeof item === "string") seen.add(item);
  }
  return value as string[];
});

/**
 * Builds the edition schema; a send time without offset is read in `timeZone` (the
 * site's). Unknown fields are refused, naming the allowed ones.
 */
export function makeEditionSchema(timeZone: string) {
  return z.strictObject(
    {
      subject: frontmatterText(150),
      sendAt: sendAt(timeZone),
      preheader: frontmatterText(300).optional(),
      posts: featuredPosts.optional(),
      draft: z.boolean({ error: "muss true oder false sein." }).default(false),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unbekanntes Feld ${issue.keys.map((k) => `„${k}“`).join(", ")}. Erlaubt: ${EDITION_FIELDS.join(", ")}.`
          : undefined,
    },
  ) satisfies z.ZodType<EditionData, unknown>;
}
