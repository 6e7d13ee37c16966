// @ts-check
import { defineConfig } from "astro/config";
import rundbrief from "rundbrief";
import config from "./rundbrief.config.ts";

// Rundbrief bringt Seiten, Feeds, E-Mails, MDX und Sitemap mit; hier genügt die Integration.
export default defineConfig({
  integrations: [rundbrief(config)],
});
