// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the virtual modules' types travel with the package
/// <reference path="../virtual.d.ts" />
/**
 * The Astro binding of the blog's configuration: the integration validated it once and
 * hands it to the routes and components through a virtual module; this is the one place
 * that imports it.
 */
import config from "virtual:rundbrief/config";
import { openGraphLocale, uiStrings } from "../lib/i18n.ts";
import type { NewsletterSettings, RundbriefConfig } from "../config.ts";
import { resolveNewsletterConfig } from "../lib/newsletter/config.ts";

/** The blog's validated configuration with every default filled in. */
export const siteConfig = config;

/** The UI strings for the site's language, with the blog's replacements. */
export const t = uiStrings(config.lang, config.strings);

/** What the signup box promises, by what the newsletter sends: per post, a digest, or editions only. */
export const subscribeText = (() => {
  const { digest, perPost } = resolveNewsletterConfig(config.newsletter as NewsletterSettings, process.env, config.timeZone);
  if (perPost) return t.ctaText;
  return digest ? t.ctaTextDigest[digest.every] : t.ctaTextEditions;
})();

/** og:locale of every page (see openGraphLocale). */
export const ogLocale = openGraphLocale(t, (config as RundbriefConfig).lang, (config as RundbriefConfig).locale);
