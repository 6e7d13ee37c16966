// @ts-check
// The demo blog, configured like any Rundbrief blog: the integration and its config.
import { defineConfig } from "astro/config";
import rundbrief from "rundbrief";
import config from "./rundbrief.config.ts";

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  // Integration tests and benchmarks build into their own folders (see tests/support/build-site.ts).
  outDir: process.env.RUNDBRIEF_OUT_DIR || "./dist",
  cacheDir: process.env.RUNDBRIEF_CACHE_DIR || "./node_modules/.astro",
  integrations: [rundbrief(config)],
  devToolbar: { enabled: false },
});
