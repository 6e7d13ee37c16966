/** Reads what the build wrote for the newsletter: the manifest and each campaign's email files. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseManifest, type Manifest, type ManifestEntry } from "../../src/lib/newsletter/manifest.ts";
import type { ScheduledContent } from "../../src/lib/newsletter/plan.ts";
import type { BroadcastDetail } from "../../src/lib/newsletter/resend-port.ts";

/** Hex SHA-256 of a text, as the manifest records each email's HTML. */
function sha256Of(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The manifest or an email file is missing or does not match; the message says what to do. */
export class BuildOutputError extends Error {}

/** Reads and validates the manifest; a missing file means the build has not run. `shown` names it in messages. */
export function readManifestFile(path: string, shown = path): Manifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new BuildOutputError(
      `Kein Manifest unter ${shown}. Bitte zuerst \`rundbrief build\` ausführen (oder --manifest <pfad> angeben).`,
    );
  }
  try {
    return parseManifest(text, shown);
  } catch (error) {
    throw new BuildOutputError(error instanceof Error ? error.message : String(error));
  }
}

/** The rendered email of one campaign, checked against the hash in the manifest. */
export function loadCampaignEmail(manifestPath: string, post: ManifestEntry): { html: string; text: string; sha256: string } {
  const folder = dirname(manifestPath);
  const read = (file: string) => {
    try {
      return readFileSync(join(folder, file), "utf8");
    } catch {
      throw new BuildOutputError(
        `${join(folder, file)} fehlt (Kampagne „${post.name}“). Bitte \`npm run build\` erneut ausführen.`,
      );
    }
  };
  const html = read(post.html);
  const text = read(post.text);
  const sha256 = sha256Of(html);
  if (sha256 !== post.sha256) {
    throw new BuildOutputError(
      `${join(folder, post.html)} passt nicht zum Manifest (sha256 ${sha256.slice(0, 12)}… statt ${post.sha256.slice(0, 12)}…, Kampagne „${post.name}“). ` +
        "Die Dateien stammen aus verschiedenen Builds: bitte `npm run build` erneut ausführen.",
    );
  }
  return { html, text, sha256 };
}

/** What a scheduled broadcast would send, hashed like the manifest hashes the build's email. */
export function scheduledContentOf(detail: BroadcastDetail): ScheduledContent {
  return {
    subject: detail.subject,
    previewText: detail.previewText,
    htmlSha256: detail.html === null ? null : sha256Of(detail.html),
    from: detail.from,
    replyTo: detail.replyTo,
  };
}
