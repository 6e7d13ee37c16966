// The modules the integration generates at build time (src/integration/virtual-modules.ts).
declare module "virtual:rundbrief/config" {
  import type { RundbriefConfig } from "./config.ts";
  import type { ConsentSet } from "./lib/subscribe/consent.ts";

  const config: RundbriefConfig;
  export default config;
  /** Drafts and future posts get their pages in this run (the dev server, or RUNDBRIEF_SHOW_DRAFTS=1). */
  export const showUnpublished: boolean;
  /** Where generated share images are kept between builds. */
  export const shareImageCache: string;
  /** The absolute folder of the newsletter editions (it may not exist), or null when this run has none (src/lib/editions-dir.ts). */
  export const editionsDir: string | null;
  /** The version of the rundbrief package that builds the site; part of every page's cache key. */
  export const engineVersion: string;
  /** The consent texts: the version the form shows now and every version a contact may name (src/lib/subscribe/consent-files.ts). */
  export const consent: ConsentSet;
}

declare module "virtual:rundbrief/welcome" {
  import type { AstroComponentFactory } from "astro/runtime/server/index.js";

  /** The welcome mail's MDX (newsletter.welcome), or null when the blog has none. */
  export const Content: AstroComponentFactory | null;
  /** Its frontmatter, unchecked; src/data/welcome.ts validates it. */
  export const frontmatter: Record<string, unknown> | null;
  /** The file, relative to the project, for messages. */
  export const file: string | null;
}

declare module "virtual:rundbrief/components/*" {
  import type { AstroComponentFactory } from "astro/runtime/server/index.js";

  const Component: AstroComponentFactory;
  export default Component;
}
