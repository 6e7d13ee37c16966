/**
 * The exact wording a subscriber agreed to, by the form version stored on their contact.
 * The only place the CLI asks where consent texts live: everything else takes the answer.
 */
import { packageConsentDir } from "../../src/lib/package-dir.ts";
import { consentFolderOf, readConsentFolder } from "../../src/lib/subscribe/consent-files.ts";
import { consentFormPlain } from "../../src/lib/subscribe/consent.ts";

/** What a reader saw in one version: the form's consent sentence and, where kept, the confirmation mail. */
export interface ConsentWording {
  /** The consent sentence next to the form's checkbox, word for word. */
  form: string;
  /** The confirmation mail of that version (plain text), when it is kept; undefined when not. */
  confirmationMail?: string;
}

/**
 * The wording of `version` for the blog in `projectDir` (its consent folder, else the
 * package's), or null when no such version was ever shown.
 */
export async function consentWording(version: string, projectDir: string): Promise<ConsentWording | null> {
  const folder = readConsentFolder(consentFolderOf("consent", projectDir, packageConsentDir(), process.env));
  const text = Object.hasOwn(folder.texts, version) ? folder.texts[version] : undefined;
  return text ? { form: consentFormPlain(text.form) } : null;
}
