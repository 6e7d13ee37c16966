/**
 * Everything the subscribe handler reads from the environment, checked in one place so a
 * missing variable is reported by name (and a secret never by value).
 */
import type { Imprint, RundbriefConfig } from "../../config.ts";
import { resolveNewsletterConfig } from "../newsletter/config.ts";
import { DEFAULT_SUBSCRIBE_PATH, PAGES } from "../routes.ts";
import { absoluteUrl, resolveSiteLocation } from "../site-url.ts";

/** Shortest SUBSCRIBE_SECRET accepted; HMAC keys shorter than the hash are easy to guess. */
export const MIN_SECRET_LENGTH = 32;

/** The environment the handler understands; every adapter passes its platform's variables. */
export type SubscribeEnv = Record<string, string | undefined>;

/** Resolved settings for one request. */
export interface SubscribeConfig {
  secret: string;
  /**
   * Keys that signed links before SUBSCRIBE_SECRET was changed (SUBSCRIBE_SECRET_PREVIOUS,
   * comma-separated): links they signed are still accepted, so a rotation breaks no
   * unsubscribe link ever sent and no confirmation link of the last 48 hours.
   */
  previousSecrets: string[];
  apiKey: string;
  /** RESEND_BASE_URL: another API server (tests); unset means Resend itself. */
  resendBaseUrl: string | undefined;
  from: string;
  replyTo: string[];
  segmentId: string;
  siteTitle: string;
  imprint: Imprint;
  /** Absolute URL of the site's home page. */
  siteUrl: string;
  /** Path the form posts to, e.g. `/api/subscribe` (with base path). */
  subscribePath: string;
  /** Path of the confirmation link, the sibling `confirm` of subscribePath. */
  confirmPath: string;
  /** Absolute URL the confirmation mail links to (never taken from the request's Host header). */
  confirmUrl: string;
  /** Path of the unsubscribe link in the welcome mail, the sibling `unsubscribe` of subscribePath. */
  unsubscribePath: string;
  /** Absolute URL of that link (its token is added per contact). */
  unsubscribeUrl: string;
  /** Absolute URLs of the static pages the handler redirects to. */
  pages: { pending: string; thanks: string; linkInvalid: string; subscribe: string; home: string };
}

/** The configuration, or one German line per problem, each naming its variable. */
export type ConfigResult = { ok: true; config: SubscribeConfig } | { ok: false; problems: string[] };

/** Reads SUBSCRIBE_SECRET, RESEND_API_KEY, RESEND_SEGMENT_ID, NEWSLETTER_FROM, NEWSLETTER_REPLY_TO, SITE_URL, BASE_PATH, RESEND_BASE_URL. */
export function resolveSubscribeConfig(siteConfig: RundbriefConfig, env: SubscribeEnv): ConfigResult {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = env[name];
    return raw !== undefined && raw.trim() !== "" ? raw.trim() : undefined;
  };

  const secret = value("SUBSCRIBE_SECRET");
  if (!secret)
    problems.push(
      "SUBSCRIBE_SECRET ist nicht gesetzt: ein zufälliger Schlüssel für die Bestätigungslinks, z. B. `openssl rand -base64 48`.",
    );
  else if (secret.length < MIN_SECRET_LENGTH)
    problems.push(`SUBSCRIBE_SECRET ist zu kurz (${secret.length} Zeichen, mindestens ${MIN_SECRET_LENGTH}).`);

  const apiKey = value("RESEND_API_KEY");
  if (!apiKey) problems.push("RESEND_API_KEY ist nicht gesetzt: der API-Schlüssel von Resend (Sending- und Kontakt-Rechte).");

  let location: { url: string; base: string } | undefined;
  try {
    location = resolveSiteLocation(siteConfig, env);
  } catch (error) {
    problems.push((error as Error).message);
  }

  let newsletter: ReturnType<typeof resolveNewsletterConfig> | undefined;
  try {
    newsletter = resolveNewsletterConfig(siteConfig.newsletter, env, siteConfig.timeZone);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (newsletter && !newsletter.segmentId) {
    problems.push(
      "RESEND_SEGMENT_ID ist nicht gesetzt (auch nicht newsletter.segmentId in rundbrief.config.ts): die ID des Resend-Segments für den Newsletter.",
    );
  }

  if (problems.length > 0 || !secret || !apiKey || !location || !newsletter?.segmentId) return { ok: false, problems };

  const page = (path: string) => absoluteUrl(location, path);
  const configured = newsletter.subscribeUrl ?? DEFAULT_SUBSCRIBE_PATH;
  // The same rule as SubscribeForm.astro: absolute URLs as they are, site paths with the base path.
  const subscribeUrl = new URL(/^https?:/.test(configured) ? configured : page(configured));
  const confirmUrl = new URL("confirm", subscribeUrl);
  confirmUrl.search = "";
  const unsubscribeUrl = new URL("unsubscribe", subscribeUrl);
  unsubscribeUrl.search = "";

  return {
    ok: true,
    config: {
      secret,
      previousSecrets: (value("SUBSCRIBE_SECRET_PREVIOUS") ?? "")
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
      apiKey,
      resendBaseUrl: value("RESEND_BASE_URL"),
      from: newsletter.from,
      replyTo: newsletter.replyTo,
      segmentId: newsletter.segmentId,
      siteTitle: siteConfig.title,
      imprint: siteConfig.imprint,
      siteUrl: page(PAGES.home),
      subscribePath: subscribeUrl.pathname,
      confirmPath: confirmUrl.pathname,
      confirmUrl: confirmUrl.href,
      unsubscribePath: unsubscribeUrl.pathname,
      unsubscribeUrl: unsubscribeUrl.href,
      pages: {
        pending: page(PAGES.pending),
        thanks: page(PAGES.thanks),
        linkInvalid: page(PAGES.linkInvalid),
        subscribe: page(PAGES.subscribe),
        home: page(PAGES.home),
      },
    },
  };
}
