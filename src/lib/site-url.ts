/** Resolves where the site is deployed, so canonical URLs, feeds and emails agree. */

/** Site origin and base path (from BASE_PATH, the path of SITE_URL, or the config) after environment overrides (SITE_URL, BASE_PATH). */
export function resolveSiteLocation(
  config: { url: string; base: string },
  env: Record<string, string | undefined>,
): { url: string; base: string } {
  const rawUrl = (env.SITE_URL || config.url).trim();
  let parsed: URL;
  try {
    parsed = new URL(rawUrl);
  } catch {
    throw new Error(`SITE_URL/url „${rawUrl}“ ist keine gültige absolute URL (z. B. https://blog.example.de).`);
  }
  const rawBase = (env.BASE_PATH ?? (parsed.pathname !== "/" ? parsed.pathname : config.base)).trim();
  const base = rawBase === "" || rawBase === "/" ? "" : `/${rawBase.replace(/^\/+|\/+$/g, "")}`;
  return { url: parsed.origin, base };
}

/** Joins the base path and a site path into a root-relative href with a trailing slash for pages. */
export function withBase(base: string, path: string): string {
  const clean = path.startsWith("/") ? path : `/${path}`;
  return `${base}${clean}`;
}

/** Absolute URL of a site path (e.g. "/artikel/x/") on the deployed origin. */
export function absoluteUrl(location: { url: string; base: string }, path: string): string {
  return new URL(withBase(location.base, path), location.url).href;
}

/**
 * Authors write links to other posts as "/artikel/x/"; on a site under a base path that
 * must become "/blog/artikel/x/". Other hrefs (absolute, relative, fragments) stay.
 */
export function baseContentHref(base: string, href: string): string {
  if (!base || !href.startsWith("/") || href.startsWith("//")) return href;
  if (href === base || href.startsWith(`${base}/`)) return href;
  return `${base}${href}`;
}
