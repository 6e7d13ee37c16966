/**
 * The exact wording a subscriber agreed to, by the form version stored on their contact:
 * from the blog's versioned consent texts (consent/<version>.md), else from the package's,
 * which a blog used before it had a folder of its own.
 */
import { consentFormPlain, fillConsentText, type ConsentText } from "../../src/lib/subscribe/consent.ts";
import { consentFolderOf, readConsentFolder } from "../../src/lib/subscribe/consent-files.ts";
import { packageConsentDir } from "../../src/lib/package-dir.ts";
import { TOKEN_TTL_HOURS } from "../../src/lib/subscribe/token.ts";

/** What a reader saw in one version: the form's consent sentence and the confirmation mail. */
export interface ConsentWording {
  /** The consent sentence next to the form's checkbox, word for word (the link's brackets removed). */
  form: string;
  /** The confirmation mail of that version as plain text: subject, then its sentences in order. */
  confirmationMail?: string;
  /** The version file's SHA-256, to match the proof against the committed index and the git history. */
  sha256?: string;
  /** False when the file no longer matches its line in consent/index.json (or there is no index): the wording may have been changed since. */
  verified?: boolean;
}

/** Where the blog keeps its texts, and the title its mails name; the defaults are the config's. */
export interface WordingSource {
  consentDir?: string;
  siteTitle?: string;
  env?: Record<string, string | undefined>;
}

/** The confirmation mail of a version as the reader got it, the link left out. */
export function confirmationMailText(text: ConsentText, siteTitle: string): string {
  const fill = (sentence: string) => fillConsentText(sentence, { blog: siteTitle, hours: TOKEN_TTL_HOURS });
  const m = text.mail;
  return [
    `Betreff: ${fill(m.subject)}`,
    "",
    fill(m.greeting),
    `${fill(m.intro)} ${fill(m.action)}`,
    `[${fill(m.button)}]`,
    `${fill(m.expiry)} ${fill(m.ignore)}`,
    fill(m.signature),
  ].join("\n");
}

/** The wording of `version` for the blog in `projectDir`, or null when no such version was ever shown. */
export async function consentWording(
  version: string,
  projectDir: string,
  source: WordingSource = {},
): Promise<ConsentWording | null> {
  const own = consentFolderOf(source.consentDir ?? "consent", projectDir, packageConsentDir(), source.env);
  for (const dir of new Set([own, packageConsentDir()])) {
    const folder = readConsentFolder(dir);
    if (!Object.hasOwn(folder.texts, version)) continue;
    const text = folder.texts[version]!;
    return {
      form: consentFormPlain(text.form),
      confirmationMail: confirmationMailText(text, source.siteTitle ?? ""),
      sha256: folder.checksums[version],
      verified: folder.verified.has(version),
    };
  }
  return null;
}
