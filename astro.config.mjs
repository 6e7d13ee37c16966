// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import sitemap from "@astrojs/sitemap";
import { siteConfig } from "./src/site.config.ts";
import { resolveSiteLocation } from "./src/lib/site-url.ts";
import { checkMdxPlugin } from "./src/lib/vite-plugin-check-mdx.ts";
import { MDX_OVERRIDABLE_ELEMENTS } from "./src/lib/mdx-components.ts";
import { pruneUnreferencedAssets } from "./src/integrations/prune-unreferenced-assets.ts";

const location = resolveSiteLocation(siteConfig, process.env);

/** Pages that exist for the signup flow or are marked noindex; never in the sitemap. */
const NOT_IN_SITEMAP = ["/bestaetigen/", "/danke/", "/link-abgelaufen/"];

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  // Integration tests and benchmarks build into their own folders (see tests/support/build-site.ts).
  outDir: process.env.RUNDBRIEF_OUT_DIR || "./dist",
  cacheDir: process.env.RUNDBRIEF_CACHE_DIR || "./node_modules/.astro",
  site: location.url,
  base: location.base || "/",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "always" },
  integrations: [
    // Static parts of a post compile to one HTML string instead of a call per element:
    // smaller post modules, less bundling memory and time (docs/benchmarks.md).
    mdx({ optimize: { ignoreElementNames: [...MDX_OVERRIDABLE_ELEMENTS] } }),
    sitemap({
      filter: (page) => {
        const path = new URL(page).pathname.slice(location.base.length);
        return !path.startsWith("/newsletter/") && !NOT_IN_SITEMAP.includes(path);
      },
    }),
    pruneUnreferencedAssets(),
  ],
  devToolbar: { enabled: false },
  vite: {
    plugins: [checkMdxPlugin()],
    build: {
      rollupOptions: {
        // MDX modules carry Astro's head-inject directive; the bundler's notice about it is noise.
        onwarn(warning, warn) {
          if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
        },
      },
    },
  },
});
