/**
 * What the signup function reads from the built site: the consent texts (the form's
 * current version, every version a form may post) and the rendered welcome mail. The
 * build writes them to `anmeldung.json` beside the pages; nothing in it is secret, since
 * every subscriber sees all of it. The function fetches it once and keeps it a few
 * minutes, so a deploy reaches running instances without a restart.
 */
import type { ConsentSet, ConsentText } from "./consent.ts";

/** The file beside the site's pages (under the base path). */
export const SIGNUP_ASSETS_FILE = "anmeldung.json";

/** How long an instance keeps the file before reading it again. */
export const SIGNUP_ASSETS_TTL_MS = 5 * 60 * 1000;

/** The welcome mail as the build rendered and checked it; its unsubscribe link is the placeholder the function replaces. */
export interface WelcomeMail {
  subject: string;
  html: string;
  text: string;
}

/** The contents of anmeldung.json. */
export interface SignupAssets {
  format: 1;
  consent: ConsentSet;
  welcome: WelcomeMail | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isText = (value: unknown): value is ConsentText =>
  isRecord(value) && typeof value.version === "string" && typeof value.form === "string" && isRecord(value.mail);

/** The file's contents, or a German sentence saying what is wrong with them. */
export function parseSignupAssets(value: unknown): SignupAssets | string {
  if (!isRecord(value) || value.format !== 1) return `${SIGNUP_ASSETS_FILE} hat ein unbekanntes Format (erwartet: format 1).`;
  const consent = value.consent;
  if (!isRecord(consent) || !isText(consent.current) || !isRecord(consent.versions))
    return `${SIGNUP_ASSETS_FILE}: die Einwilligungstexte fehlen.`;
  if (!Object.values(consent.versions).every(isText))
    return `${SIGNUP_ASSETS_FILE}: eine Fassung der Einwilligungstexte ist unvollständig.`;
  const welcome = value.welcome;
  if (
    welcome !== null &&
    !(
      isRecord(welcome) &&
      typeof welcome.subject === "string" &&
      typeof welcome.html === "string" &&
      typeof welcome.text === "string"
    )
  )
    return `${SIGNUP_ASSETS_FILE}: die Willkommens-E-Mail ist unvollständig.`;
  return value as unknown as SignupAssets;
}

/**
 * Reads the file's JSON through `load`, keeping a good result for SIGNUP_ASSETS_TTL_MS
 * (`fresh` reads it again at once, e.g. for a form version the kept copy does not know);
 * failures are retried on the next call.
 */
export function cachedSignupAssets(
  load: () => Promise<unknown>,
  now: () => number,
): (options?: { fresh?: boolean }) => Promise<{ ok: true; assets: SignupAssets } | { ok: false; problem: string }> {
  let kept: { assets: SignupAssets; at: number } | null = null;
  return async ({ fresh = false } = {}) => {
    if (!fresh && kept && now() - kept.at < SIGNUP_ASSETS_TTL_MS) return { ok: true, assets: kept.assets };
    let parsed: SignupAssets | string;
    try {
      parsed = parseSignupAssets(await load());
    } catch (error) {
      parsed = `${SIGNUP_ASSETS_FILE} nicht lesbar: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (typeof parsed === "string") return kept ? { ok: true, assets: kept.assets } : { ok: false, problem: parsed };
    kept = { assets: parsed, at: now() };
    return { ok: true, assets: parsed };
  };
}

/** Fetches the file from the site (any host): `GET <site>/anmeldung.json`. */
export async function fetchSignupAssets(
  siteUrl: string,
  fetcher: (request: Request) => Promise<Response> = fetch,
): Promise<unknown> {
  const url = new URL(SIGNUP_ASSETS_FILE, siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`);
  const response = await fetcher(new Request(url, { headers: { accept: "application/json" } }));
  if (!response.ok) throw new Error(`${url.href} antwortet ${response.status}`);
  return response.json();
}
