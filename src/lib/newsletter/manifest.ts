/**
 * The contract between the build and the send script: dist/newsletter/manifest.json.
 * The build writes it; `rundbrief newsletter` validates it and never reads MDX.
 */
import { z } from "astro/zod";
import { POST_ID_PATTERN } from "../frontmatter.ts";

/** Bumped whenever the manifest's shape changes incompatibly. */
export const MANIFEST_VERSION = 2;

/** One mailable post as the build rendered it. */
export const manifestEntrySchema = z.object({
  /** Permanent post id (file name at first publication); broadcast name is `post:<id>`. */
  id: z.string().regex(POST_ID_PATTERN),
  title: z.string().min(1),
  subject: z.string().min(1),
  previewText: z.string(),
  /** Absolute public URL of the post page. */
  url: z.url({ protocol: /^https?$/ }),
  /** ISO 8601 with offset. */
  publishedAt: z.iso.datetime({ offset: true }),
  /** When the campaign goes out (newsletter.sendTime after publication, or publication itself); ISO 8601 with offset. */
  sendAt: z.iso.datetime({ offset: true }),
  /** Paths relative to the manifest's folder. */
  html: z.string().regex(/^[a-z0-9-]+\.html$/),
  text: z.string().regex(/^[a-z0-9-]+\.txt$/),
  htmlBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
});

/** The whole manifest file. */
export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  generatedAt: z.iso.datetime({ offset: true }),
  site: z.url(),
  /** The `since` baseline the build used; null when unset. */
  since: z.iso.datetime({ offset: true }).nullable(),
  posts: z.array(manifestEntrySchema),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

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
