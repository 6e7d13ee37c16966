/**
 * The signup function's anmeldung.json for tests that run the handler without a built
 * site: the package's own consent texts (read and checked like the build does) and,
 * unless left out, a small welcome mail with the unsubscribe placeholder.
 */
import { fileURLToPath } from "node:url";
import type { SignupAssets, WelcomeMail } from "../../src/lib/subscribe/assets.ts";
import { loadConsentSet } from "../../src/lib/subscribe/consent-files.ts";
import type { UiLanguage } from "../../src/lib/i18n.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../../src/lib/unsubscribe-placeholder.ts";

/** The package's consent folder. */
export const PACKAGE_CONSENT_DIR = fileURLToPath(new URL("../../consent/", import.meta.url));

/** A welcome mail as the build would hand it over. */
export const TEST_WELCOME: WelcomeMail = {
  subject: "Willkommen beim Test-Blog",
  html: `<!doctype html><html lang="de"><body><p>Schön, dass Sie dabei sind.</p><p><a href="${UNSUBSCRIBE_PLACEHOLDER}">Newsletter abbestellen</a></p></body></html>`,
  text: `Schön, dass Sie dabei sind.\n\nNewsletter abbestellen: ${UNSUBSCRIBE_PLACEHOLDER}\n`,
};

/** The assets of a site in `lang`, with the test welcome mail or none. */
export function testSignupAssets(options: { lang?: UiLanguage; welcome?: WelcomeMail | null } = {}): SignupAssets {
  return {
    format: 1,
    consent: loadConsentSet(PACKAGE_CONSENT_DIR, options.lang ?? "de"),
    welcome: options.welcome === undefined ? TEST_WELCOME : options.welcome,
  };
}
