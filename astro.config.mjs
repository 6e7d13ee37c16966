// @ts-check
// The demo blog, configured like any Rundbrief blog: the integration and its config.
import { defineConfig } from "astro/config";
import rundbrief from "rundbrief";
import config from "./rundbrief.config.ts";

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  integrations: [rundbrief(config)],
  devToolbar: { enabled: false },
});
