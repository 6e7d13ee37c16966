/**
 * The consent record of a double opt-in: which text the reader agreed to, where and when.
 * Every consent text ever shown stays in CONSENT_TEXTS so a stored version can always be
 * traced back to the exact sentence.
 */
import type { UiLanguage } from "../i18n.ts";
import type { SignupClaim } from "./token.ts";

/** Every consent sentence the form has shown, by version; add a new entry when the wording changes, never edit one. */
export const CONSENT_TEXTS: Readonly<Record<string, string>> = {
  "2026-11-28": "Ich möchte den Newsletter erhalten und habe die Datenschutzerklärung gelesen.",
  "2026-12-03-en": "I have read the privacy policy and would like to receive the newsletter.",
};

/** The version a German form shows now; the form sends it in the hidden field `form_version`. */
export const CURRENT_CONSENT_VERSION = "2026-11-28";

/** The version the form shows now, by the site's language. */
export const CURRENT_CONSENT_VERSIONS: Readonly<Record<UiLanguage, string>> = {
  de: CURRENT_CONSENT_VERSION,
  en: "2026-12-03-en",
};

/** Whether a posted version names a consent text we have actually shown. */
export function isKnownConsentVersion(version: string): boolean {
  return Object.hasOwn(CONSENT_TEXTS, version);
}

/** Resend contact properties (all type string) that hold the consent record; they must exist in the account. */
export const CONSENT_PROPERTY_KEYS = ["consent_at", "consent_requested_at", "consent_form_version", "consent_page"] as const;

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

/** True when the contact already carries the consent of exactly this signup, i.e. the link was used before. */
export function isSameSignup(stored: Readonly<Record<string, string>>, claim: SignupClaim): boolean {
  return stored.consent_requested_at === new Date(claim.requestedAt).toISOString();
}
