/**
 * Reads the subscribe form (email, consent, honeypot `website`, hidden `source` and
 * `form_version`) into a signup, a honeypot hit, or a list of problems.
 */
import type { ConsentSet } from "./consent.ts";

/** The names of the signup form's fields, shared by SubscribeForm.astro and the handler. */
export const FORM_FIELDS = {
  email: "email",
  consent: "consent",
  /** The honeypot: hidden from people, filled in by bots. */
  honeypot: "website",
  /** The site path of the page the form was on. */
  source: "source",
  formVersion: "form_version",
} as const;

/** The value of the consent checkbox in SubscribeForm.astro. */
export const CONSENT_VALUE = "ja";

/** Recorded as the page when the hidden `source` field is missing or not a site path. */
export const UNKNOWN_PAGE = "unbekannt";

const MAX_EMAIL_LENGTH = 254;
const MAX_PAGE_LENGTH = 200;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const SITE_PATH = /^\/(?!\/)[A-Za-z0-9/_.~%-]*$/;

/** What is wrong with a submission; the handler turns each into a German sentence. */
export type FormProblem = "email-missing" | "email-invalid" | "email-unsupported" | "consent-missing" | "form-outdated";

/**
 * Characters a valid local part may hold that would change the meaning of a URL: Resend
 * addresses a contact by its email in the path (GET /contacts/{email}), and the SDK puts
 * it there unencoded, so "leser/news@…" or "a?@…" would reach another path or contact.
 * Such addresses are refused with a clear message rather than encoded, because whether
 * Resend decodes an encoded address in the path cannot be checked here; they are rare.
 */
const URL_UNSAFE_LOCAL_PART = /[/?#%]/;

/** True for an address normalizeEmail accepts that still cannot be subscribed (URL_UNSAFE_LOCAL_PART). */
export function hasUrlUnsafeLocalPart(email: string): boolean {
  return URL_UNSAFE_LOCAL_PART.test(email.slice(0, email.lastIndexOf("@")));
}

/** A well-formed request to subscribe. */
export interface SignupRequest {
  email: string;
  page: string;
  formVersion: string;
}

/** The outcome of reading the form. */
export type FormReading =
  { kind: "signup"; signup: SignupRequest } | { kind: "honeypot" } | { kind: "invalid"; problems: FormProblem[]; page: string };

/** Lower-cased, trimmed address if it has the shape of a deliverable address, else null. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return null;
  const at = email.lastIndexOf("@");
  if (at < 1) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!LOCAL_PART.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  if (!/^[a-z]{2,63}$|^xn--[a-z0-9-]{1,59}$/.test(labels.at(-1) ?? "")) return null;
  return email;
}

/** The hidden `source` if it is a plain site path (it is stored as consent evidence), else UNKNOWN_PAGE. */
export function normalizePage(raw: string | null): string {
  const page = (raw ?? "").trim();
  return page.length <= MAX_PAGE_LENGTH && SITE_PATH.test(page) ? page : UNKNOWN_PAGE;
}

/**
 * Reads a submitted form; a filled honeypot wins over everything else so bots learn nothing.
 * A form without a version counts as the one the site's form shows now; one with an
 * unknown version is "form-outdated".
 */
export function readSubscribeForm(form: URLSearchParams, consent: Pick<ConsentSet, "current" | "versions">): FormReading {
  if ((form.get(FORM_FIELDS.honeypot) ?? "").trim() !== "") return { kind: "honeypot" };

  const page = normalizePage(form.get(FORM_FIELDS.source));
  const rawEmail = form.get(FORM_FIELDS.email) ?? "";
  const email = normalizeEmail(rawEmail);
  const problems: FormProblem[] = [];
  if (rawEmail.trim() === "") problems.push("email-missing");
  else if (!email) problems.push("email-invalid");
  else if (hasUrlUnsafeLocalPart(email)) problems.push("email-unsupported");
  if (form.get(FORM_FIELDS.consent) !== CONSENT_VALUE) problems.push("consent-missing");
  if (problems.length > 0 || !email) return { kind: "invalid", problems, page };

  // A version nobody knows (a page from before a deploy, a hand-made form) is never
  // recorded as another one: the reader gets the form again. Without the field, the form
  // is one of the blog's own that shows the current version.
  const posted = (form.get(FORM_FIELDS.formVersion) ?? "").trim();
  if (posted !== "" && !Object.hasOwn(consent.versions, posted)) return { kind: "invalid", problems: ["form-outdated"], page };
  const formVersion = posted === "" ? consent.current.version : posted;
  return { kind: "signup", signup: { email, page, formVersion } };
}
