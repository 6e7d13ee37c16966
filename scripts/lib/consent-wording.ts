/**
 * The exact wording a subscriber agreed to, by the form version stored on their contact.
 * The only place the CLI asks where consent texts live: everything else takes the answer.
 */
import { CONSENT_TEXTS } from "../../src/lib/subscribe/consent.ts";

/** What a reader saw in one version: the form's consent sentence and, where kept, the confirmation mail. */
export interface ConsentWording {
  /** The consent sentence next to the form's checkbox, word for word. */
  form: string;
  /** The confirmation mail of that version (plain text), when it is kept; undefined when not. */
  confirmationMail?: string;
}

/**
 * The wording of `version` for the blog in `projectDir`, or null when no such version was
 * ever shown. Reads the engine's CONSENT_TEXTS for now; `projectDir` is for texts that a
 * blog keeps in its own repository.
 */
export async function consentWording(version: string, projectDir: string): Promise<ConsentWording | null> {
  void projectDir;
  return Object.hasOwn(CONSENT_TEXTS, version) ? { form: CONSENT_TEXTS[version]! } : null;
}
