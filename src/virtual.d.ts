// The modules the integration generates at build time (src/integration/virtual-modules.ts).
declare module "virtual:rundbrief/config" {
  import type { RundbriefConfig } from "./config.ts";

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
}

declare module "virtual:rundbrief/components/*" {
  import type { AstroComponentFactory } from "astro/runtime/server/index.js";

  const Component: AstroComponentFactory;
  export default Component;
}
