/**
 * Turns every link and image address in rendered post HTML (emails and feeds) into an
 * absolute URL on the deployed site, the way a browser would resolve it on the post page.
 */
import { withBase } from "./site-url.ts";
import { loadHtml } from "./email/html.ts";

/** Resend replaces this with the reader's own unsubscribe link when it sends. */
export { UNSUBSCRIBE_PLACEHOLDER } from "./unsubscribe-placeholder.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "./unsubscribe-placeholder.ts";

/** Where the email's links point: the site's origin and base path, and the post's own page. */
export interface LinkContext {
  location: { url: string; base: string };
  /** Absolute URL of the post page; relative links in the post resolve against it. */
  pageUrl: string;
}

/** Campaign tracking parameters appended to links into the site (off unless configured). */
export interface UtmParameters {
  source: string;
  medium: string;
  /** Defaults to the post id. */
  campaign?: string;
}

const KEPT_SCHEMES = /^(?:mailto|tel):/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Absolute form of one href or src. Root-relative paths are site paths: the base path is
 * added unless they already carry it (Astro's asset URLs do). Relative paths and
 * fragments resolve against the post page. Absolute URLs, mailto:, tel: and the
 * unsubscribe placeholder stay as they are, so the gates can judge them.
 */
export function absolutizeUrl(raw: string, context: LinkContext): string {
  const url = raw.trim();
  if (url === "" || url === UNSUBSCRIBE_PLACEHOLDER || KEPT_SCHEMES.test(url) || HAS_SCHEME.test(url)) return url;
  if (url.startsWith("//")) return `https:${url}`;
  if (url.startsWith("/")) {
    const { base } = context.location;
    const sitePath = base && (url === base || url.startsWith(`${base}/`)) ? url : withBase(base, url);
    return new URL(sitePath, context.location.url).href;
  }
  return new URL(url, context.pageUrl).href;
}

/** True when `url` is a page of this site (same origin, inside the base path). */
export function isSiteUrl(url: string, location: { url: string; base: string }): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const origin = new URL(location.url).origin;
  return parsed.origin === origin && (location.base === "" || parsed.pathname.startsWith(`${location.base}/`));
}

/** `url` with utm_source, utm_medium and utm_campaign set (existing values are replaced). */
export function withUtm(url: string, utm: UtmParameters, campaign: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("utm_source", utm.source);
  parsed.searchParams.set("utm_medium", utm.medium);
  parsed.searchParams.set("utm_campaign", utm.campaign ?? campaign);
  return parsed.href;
}

function rewriteSrcset(srcset: string, context: LinkContext): string {
  return srcset
    .split(",")
    .map((candidate) => {
      const [url = "", ...descriptor] = candidate.trim().split(/\s+/);
      return [absolutizeUrl(url, context), ...descriptor].join(" ");
    })
    .join(", ");
}

/**
 * Rewrites href, src and srcset in an HTML fragment or document to absolute URLs and,
 * when `utm` is given, tags links into the site with the campaign `campaign`.
 */
export function absolutizeHtmlUrls(
  html: string,
  context: LinkContext,
  utm?: { parameters: UtmParameters; campaign: string },
): string {
  const $ = loadHtml(html);
  $("[href]").each((_, element) => {
    const node = $(element);
    let href = absolutizeUrl(node.attr("href") ?? "", context);
    if (utm && node.is("a") && isSiteUrl(href, context.location)) href = withUtm(href, utm.parameters, utm.campaign);
    node.attr("href", href);
  });
  $("[src]").each((_, element) => {
    const node = $(element);
    node.attr("src", absolutizeUrl(node.attr("src") ?? "", context));
  });
  $("[srcset]").each((_, element) => {
    const node = $(element);
    node.attr("srcset", rewriteSrcset(node.attr("srcset") ?? "", context));
  });
  return $.html();
}
