/**
 * The consent record of a double opt-in: which text the reader agreed to, where and when.
 * The wording itself lives in versioned files (consent/<version>.md, read by
 * consent-files.ts at build time); the handler gets it from the built site, so this
 * module only knows the shape of a version and the contact properties.
 */
import type { UiLanguage } from "../i18n.ts";
import type { SignupClaim } from "./token.ts";

/** The confirmation mail's sentences of one version; `{blog}` and `{stunden}` are filled in when it is sent. */
export interface ConsentMailText {
  subject: string;
  preheader: string;
  greeting: string;
  intro: string;
  action: string;
  button: string;
  expiry: string;
  ignore: string;
  signature: string;
}

/** One version of the consent texts: the form's checkbox sentence and the confirmation mail, exactly as shown. */
export interface ConsentText {
  /** The file name without `.md`, e.g. `2026-11-28`; stored on each contact as `consent_form_version`. */
  version: string;
  lang: UiLanguage;
  /** The checkbox sentence; the part in [brackets] links to the privacy policy. */
  form: string;
  mail: ConsentMailText;
}

/** The versions a site knows and the one its form shows now. */
export interface ConsentSet {
  current: ConsentText;
  versions: Readonly<Record<string, ConsentText>>;
}

/** The versions the package's own consent/ folder shows by language (the default of a blog without its own). */
export const CURRENT_CONSENT_VERSIONS: Readonly<Record<UiLanguage, string>> = {
  de: "2026-11-28",
  en: "2026-12-03-en",
};

/** The package's current German version. */
export const CURRENT_CONSENT_VERSION = CURRENT_CONSENT_VERSIONS.de;

/** The checkbox sentence split around its link: `before [link] after`. */
export function splitConsentForm(form: string): { before: string; link: string; after: string } {
  const match = /^(.*?)\s*\[([^\]]+)\]\s*(.*)$/s.exec(form);
  if (!match) return { before: form, link: "", after: "" };
  return { before: match[1]!, link: match[2]!, after: match[3]! };
}

/** The sentence as a reader saw it, without the link brackets. */
export function consentFormPlain(form: string): string {
  const { before, link, after } = splitConsentForm(form);
  return [before, link, after].filter(Boolean).join(" ");
}

/** Fills `{blog}` and `{stunden}` in a consent mail sentence. */
export function fillConsentText(text: string, values: { blog: string; hours: number }): string {
  return text.replaceAll("{blog}", values.blog).replaceAll("{stunden}", String(values.hours));
}

/** Resend contact properties (all type string) that hold the consent record; they must exist in the account. */
export const CONSENT_PROPERTY_KEYS = ["consent_at", "consent_requested_at", "consent_form_version", "consent_page"] as const;

/** The contact property that records the welcome mail (one per contact, ever). */
export const WELCOME_PROPERTY_KEY = "welcome_sent_at";

/** Every string property the signup function writes. */
export const SIGNUP_PROPERTY_KEYS = [...CONSENT_PROPERTY_KEYS, WELCOME_PROPERTY_KEY] as const;

/** One consent property key. */
export type ConsentPropertyKey = (typeof CONSENT_PROPERTY_KEYS)[number];

/** The properties written on the contact when a reader confirms. */
export function consentProperties(claim: SignupClaim, confirmedAt: Date): Record<ConsentPropertyKey, string> {
  return {
    consent_at: confirmedAt.toISOString(),
    consent_requested_at: new Date(claim.requestedAt).toISOString(),
    consent_form_version: claim.formVersion,
    consent_page: claim.page,
  };
}

/**
 * True when the contact already carries the consent of this signup or of a later one: the
 * link was used, or a newer link was confirmed since. An older, still valid link must not
 * sign up again someone who confirmed a newer one and then unsubscribed.
 */
export function isUsedSignup(stored: Readonly<Record<string, string>>, claim: SignupClaim): boolean {
  const recorded = Date.parse(stored.consent_requested_at ?? "");
  return !Number.isNaN(recorded) && recorded >= claim.requestedAt;
}
