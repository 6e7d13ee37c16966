/** Builds dist/newsletter/manifest.json in exactly the shape the send script validates. */
import { toZonedIso } from "../dates.ts";
import { MANIFEST_VERSION, manifestSchema, type Manifest, type ManifestEntry } from "../newsletter/manifest.ts";
import { postSendAt } from "../newsletter/send-time.ts";
import { neutralizeMergeTags } from "./merge-tags.ts";

/** One rendered email as the manifest describes it. */
export interface ManifestInput {
  id: string;
  title: string;
  subject: string;
  description: string;
  url: string;
  pubDate: Date;
  htmlBytes: number;
  sha256: string;
}

/**
 * The manifest entry of one email; file names are `<id>.html` and `<id>.txt` next to the
 * manifest. `sendTime` is newsletter.sendTime ("07:30") or undefined.
 */
export function manifestEntry(email: ManifestInput, timeZone: string, sendTime?: string): ManifestEntry {
  return {
    id: email.id,
    title: email.title,
    // Resend fills in merge tags in both; an author's example of one must stay text.
    subject: neutralizeMergeTags(email.subject),
    previewText: neutralizeMergeTags(email.description),
    url: email.url,
    publishedAt: toZonedIso(email.pubDate, timeZone),
    sendAt: toZonedIso(postSendAt(email.pubDate, sendTime, timeZone), timeZone),
    html: `${email.id}.html`,
    text: `${email.id}.txt`,
    htmlBytes: email.htmlBytes,
    sha256: email.sha256,
  };
}

/** The whole manifest, oldest post first (the order they would be sent), validated against the schema. */
export function buildManifest(
  emails: readonly ManifestInput[],
  options: { generatedAt: Date; site: string; since: Date | null; timeZone: string; sendTime?: string },
): Manifest {
  const posts = [...emails]
    .sort((a, b) => a.pubDate.getTime() - b.pubDate.getTime() || a.id.localeCompare(b.id))
    .map((email) => manifestEntry(email, options.timeZone, options.sendTime));
  return manifestSchema.parse({
    version: MANIFEST_VERSION,
    generatedAt: toZonedIso(options.generatedAt, options.timeZone),
    site: options.site,
    since: options.since ? toZonedIso(options.since, options.timeZone) : null,
    posts,
  });
}
