/**
 * The contract between the build and the send script: dist-newsletter/manifest.json.
 * The build writes it; `rundbrief newsletter` validates it and never reads MDX.
 */
import { z } from "astro/zod";
import { POST_ID_PATTERN } from "../frontmatter.ts";

/** Bumped whenever the manifest's shape changes incompatibly. */
export const MANIFEST_VERSION = 3;

/**
 * What a campaign is: one post (`post:<id>`), a hand-written edition (`edition:<id>`) or
 * the digest of a period's posts (`digest:2026-W49`, `digest:2026-12-07`, `digest:2026-12`).
 */
export const CAMPAIGN_KINDS = ["post", "edition", "digest"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** A digest's period key: an ISO week, a day or a month. */
export const DIGEST_KEY_PATTERN = /^\d{4}-(?:W(?:0[1-9]|[1-4]\d|5[0-3])|(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)$/;

/** Email files, relative to the manifest's folder: posts at the top, editions and digests in a folder of their own. */
const EMAIL_FILE = (extension: string) => new RegExp(`^(?:(?:ausgaben|digests)/)?[a-z0-9-]+\\.${extension}$`);

/** One campaign as the build rendered it. */
export const manifestEntrySchema = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    /** Permanent id: the post's or edition's file name, or the digest's period key. */
    id: z.string().min(1),
    /** The broadcast name, `<kind>:<id>`: the key that makes sending exactly-once. */
    name: z.string().min(1),
    title: z.string().min(1),
    subject: z.string().min(1),
    previewText: z.string(),
    /** Absolute public URL of the post or edition page; for a digest, the blog's home page. */
    url: z.url({ protocol: /^https?$/ }),
    /** When the content became public: a post's pubDate, an edition's sendAt, a digest period's end. ISO 8601 with offset. */
    publishedAt: z.iso.datetime({ offset: true }),
    /** When the campaign goes out; ISO 8601 with offset. */
    sendAt: z.iso.datetime({ offset: true }),
    /** The posts an edition or digest shows, newest first; empty for a post. */
    posts: z.array(z.string().regex(POST_ID_PATTERN)),
    /** Paths relative to the manifest's folder. */
    html: z.string().regex(EMAIL_FILE("html")),
    text: z.string().regex(EMAIL_FILE("txt")),
    htmlBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[a-f0-9]{64}$/),
  })
  .superRefine((entry, ctx) => {
    const idOk = entry.kind === "digest" ? DIGEST_KEY_PATTERN.test(entry.id) : POST_ID_PATTERN.test(entry.id);
    if (!idOk)
      ctx.addIssue({ code: "custom", path: ["id"], message: `„${entry.id}“ ist keine gültige Kennung für ${entry.kind}.` });
    if (entry.name !== campaignName(entry.kind, entry.id)) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `muss „${campaignName(entry.kind, entry.id)}“ heißen.` });
    }
  });

/** The whole manifest file. */
export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  generatedAt: z.iso.datetime({ offset: true }),
  site: z.url(),
  /** The `since` baseline the build used; null when unset. */
  since: z.iso.datetime({ offset: true }).nullable(),
  /** Whether posts get a campaign each (newsletter.perPost); false when digests stand in for them. */
  perPost: z.boolean(),
  /** newsletter.digest as the build used it; null without digests. */
  digest: z.object({ every: z.enum(["day", "week", "month"]), on: z.string().nullable(), at: z.string() }).nullable(),
  /** Oldest send time first. */
  campaigns: z.array(manifestEntrySchema),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** The broadcast name of a campaign: `post:<id>`, `edition:<id>` or `digest:<period>`. */
export function campaignName(kind: CampaignKind, id: string): string {
  return `${kind}:${id}`;
}

/** Kind and id of a broadcast name Rundbrief gives, or null for any other name. */
export function parseCampaignName(name: string): { kind: CampaignKind; id: string } | null {
  const colon = name.indexOf(":");
  if (colon <= 0 || colon === name.length - 1) return null;
  const kind = name.slice(0, colon) as CampaignKind;
  return CAMPAIGN_KINDS.includes(kind) ? { kind, id: name.slice(colon + 1) } : null;
}

/** Parses manifest JSON text, with an error that says what to do. */
export function parseManifest(jsonText: string, file: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch {
    throw new Error(`${file} ist kein gültiges JSON. Bitte \`npm run build\` erneut ausführen.`);
  }
  const result = manifestSchema.safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.map((i) => `  - ${i.path.join(".") || "(Wurzel)"}: ${i.message}`).join("\n");
    throw new Error(
      `${file} passt nicht zum erwarteten Format (Version ${MANIFEST_VERSION}):\n${details}\nBitte \`npm run build\` erneut ausführen.`,
    );
  }
  return result.data;
}
