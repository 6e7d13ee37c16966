/** The deployed location (SITE_URL, BASE_PATH) resolved once per build, the same way the integration does. */
import { siteConfig } from "./config.ts";
import { absoluteUrl, resolveSiteLocation, withBase } from "../lib/site-url.ts";

export const location = resolveSiteLocation(siteConfig, process.env);

/** Root-relative href for a site path, with the base path. */
export const href = (path: string): string => withBase(location.base, path);

/** Absolute URL for a site path. */
export const url = (path: string): string => absoluteUrl(location, path);
