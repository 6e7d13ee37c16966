/**
 * Astro integration: after the build (and after unused assets were pruned, so the
 * emails' images stay), moves dist/newsletter/ out of the site into its own folder next
 * to it. The emails and the manifest name editions and digests before their send time,
 * so they must never be deployed with the site; the send step reads them from there.
 */
import { cpSync, existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { PAGES, newsletterOutputDir } from "../lib/routes.ts";

/** Moves a folder, also across file systems. */
function move(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  try {
    renameSync(from, to);
  } catch {
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** The integration; add it after every integration that reads the built files. */
export function keepNewsletterOutOfSite(): AstroIntegration {
  return {
    name: "rundbrief:newsletter-output",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const built = join(site, PAGES.newsletter);
        if (!existsSync(built)) return;
        const target = newsletterOutputDir(site);
        move(built, target);
        logger.info(`E-Mails und Manifest in ${target} (nicht Teil der Website).`);
      },
    },
  };
}
