/**
 * The Astro integration `rundbrief(config)`: validates the blog's configuration once,
 * injects every route of the blog (pages, feeds, signup pages, legal pages, newsletter
 * files), adds MDX and the sitemap, the MDX check and the pruning of unused assets, and
 * hands the configuration and the chosen components to the routes through virtual modules.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import mdx from "@astrojs/mdx";
import sitemap from "@astrojs/sitemap";
import type { AstroIntegration } from "astro";
import { DEFAULT_WELCOME_FILE, resolveConfig, type RundbriefConfig, type RundbriefUserConfig } from "./config.ts";
import { checkMdxPlugin } from "./integration/check-mdx.ts";
import { SEARCH_INDEX_HANDOFF, writeSearchIndex } from "./integration/search-index.ts";
import { writeShareImages } from "./integration/share-images.ts";
import { finishIncrementalBuild, startIncrementalBuild } from "./integration/incremental-build.ts";
import { mailingSince } from "./lib/newsletter/config.ts";
import { pruneUnreferencedAssets } from "./integration/prune-unreferenced-assets.ts";
import { keepNewsletterOutOfSite } from "./integration/newsletter-output.ts";
import { resolveComponents, virtualModulesPlugin } from "./integration/virtual-modules.ts";
import { imageHostsOf } from "./lib/content-policy.ts";
import { editionsDirOf } from "./lib/editions-dir.ts";
import { MDX_OVERRIDABLE_ELEMENTS } from "./lib/mdx-components.ts";
import { INJECTED_ROUTES, isInSitemap } from "./lib/routes.ts";
import {
  astroCspConfig,
  headersBlock,
  mergeHeadersFile,
  repeatedCspDirectives,
  type PolicyInput,
} from "./lib/security-headers.ts";
import { showsUnpublished } from "./lib/publish.ts";
import { resolveSiteLocation } from "./lib/site-url.ts";
import { consentFolderOf, loadConsentSet } from "./lib/subscribe/consent-files.ts";
import { packageConsentDir } from "./lib/package-dir.ts";

export { defineConfig } from "./define-config.ts";
export type { RundbriefUserConfig, RundbriefConfig } from "./config.ts";

/** The engine's src/ folder; the same from src/index.ts and from the built lib/index.js. */
const ENGINE_SRC = new URL("../src/", import.meta.url);

/**
 * The build's cache folder: Astro's cache (content layer, optimized images, the pages of
 * incremental builds) and the generated share images. Outside node_modules, which
 * `npm ci` deletes, so CI can keep it between runs; RUNDBRIEF_CACHE_DIR moves it.
 */
function rundbriefCacheDir(root: URL): string {
  return process.env.RUNDBRIEF_CACHE_DIR
    ? resolve(process.env.RUNDBRIEF_CACHE_DIR)
    : fileURLToPath(new URL(".rundbrief-cache/", root));
}

/** Where Astro keeps its cache unless astro.config.mjs names a folder. */
const ASTRO_DEFAULT_CACHE_DIR = "./node_modules/.astro/";

/** The package's version, part of every page's cache key. */
const ENGINE_VERSION = (JSON.parse(readFileSync(new URL("../package.json", ENGINE_SRC), "utf8")) as { version: string }).version;

/** The absolute folder of the editions, or null when this run has none (src/lib/editions-dir.ts). */
function editionsFolder(config: RundbriefConfig, root: URL): string | null {
  const dir = editionsDirOf(config, process.env);
  return dir === null ? null : resolve(fileURLToPath(root), dir);
}

/**
 * The welcome mail's file, or null for none: `newsletter.welcome: false`, or the default
 * file missing (then the build says so once). A file the config names must exist.
 */
function welcomeFileOf(config: RundbriefConfig, root: URL): { file: string; shownAs: string } | null {
  const setting = config.newsletter.welcome;
  if (setting === false) return null;
  const file = resolve(fileURLToPath(root), setting);
  if (existsSync(file)) return { file, shownAs: setting };
  if (setting !== DEFAULT_WELCOME_FILE)
    throw new Error(
      `rundbrief.config.ts: newsletter.welcome „${setting}“ gibt es nicht (gesucht: ${file}). Pfad relativ zum Projekt angeben oder welcome: false.`,
    );
  return null;
}

/** Integrations Rundbrief adds itself; a second copy in astro.config.mjs would render posts twice. */
const BUNDLED_INTEGRATIONS = ["@astrojs/mdx", "@astrojs/sitemap"];

/** The integration for `astro.config.mjs`: `integrations: [rundbrief(config)]`. */
export default function rundbrief(userConfig: RundbriefUserConfig): AstroIntegration {
  const config = resolveConfig(userConfig);
  let policy: PolicyInput | null = null;
  let shareImageCache = "";
  let incrementalCacheDir: string | null = null;
  return {
    name: "rundbrief",
    hooks: {
      "astro:config:setup": ({ config: astroConfig, command, updateConfig, injectRoute, logger }) => {
        const twice = astroConfig.integrations.filter((integration) => BUNDLED_INTEGRATIONS.includes(integration.name));
        if (twice.length > 0) {
          throw new Error(
            `astro.config.mjs: ${twice.map((integration) => integration.name).join(" und ")} bitte aus „integrations“ entfernen; rundbrief() bringt sie selbst mit.`,
          );
        }
        const location = resolveSiteLocation(config, process.env);
        const components = resolveComponents(config, astroConfig.root, ENGINE_SRC);
        const showUnpublished = showsUnpublished(process.env, command);
        const projectDir = fileURLToPath(astroConfig.root);
        const consent = loadConsentSet(
          consentFolderOf(config.consentDir, projectDir, packageConsentDir(), process.env),
          config.lang,
          projectDir,
          packageConsentDir(),
        );
        const welcome = welcomeFileOf(config, astroConfig.root);
        if (!welcome && config.newsletter.welcome !== false)
          logger.info(
            `Keine Willkommens-E-Mail: ${DEFAULT_WELCOME_FILE} fehlt. Anlegen, damit neue Abonnenten nach der Bestätigung eine bekommen, oder newsletter.welcome: false setzen.`,
          );
        const cacheDir = rundbriefCacheDir(astroConfig.root);
        shareImageCache = join(cacheDir, "share-images");
        // A cacheDir of the blog's own astro.config.mjs wins, unless RUNDBRIEF_CACHE_DIR moves it.
        const ownCacheDir = astroConfig.cacheDir.href !== new URL(ASTRO_DEFAULT_CACHE_DIR, astroConfig.root).href;
        const astroCacheDir = ownCacheDir && !process.env.RUNDBRIEF_CACHE_DIR ? fileURLToPath(astroConfig.cacheDir) : cacheDir;
        // Pages are restored only by `astro build`; the dev server renders on request.
        const ownComponents = Object.keys(config.components).length > 0;
        const incremental = (config.incrementalBuild ?? !ownComponents) && command === "build";
        if (command === "build" && config.incrementalBuild === undefined && ownComponents)
          logger.info(
            "Inkrementelle Builds aus: Eigene Komponenten (components) können Artikel zeigen, die die Cache-Schlüssel nicht kennen. Wer sicher ist, dass sie nur ihre Props zeigen, setzt incrementalBuild: true.",
          );
        incrementalCacheDir = incremental ? astroCacheDir : null;
        policy = { siteUrl: location.url, subscribeUrl: config.newsletter.subscribeUrl, imageHosts: config.imageHosts };
        const ownCsp = astroConfig.security?.csp;
        const repeated =
          config.contentSecurityPolicy && typeof ownCsp === "object" ? repeatedCspDirectives(ownCsp.directives, policy) : [];
        if (repeated.length > 0) throw new Error(repeated.join("\n"));
        updateConfig({
          // Tests, benchmarks and `rundbrief preview` build into folders of their own.
          ...(process.env.RUNDBRIEF_OUT_DIR ? { outDir: pathToFileURL(`${resolve(process.env.RUNDBRIEF_OUT_DIR)}/`) } : {}),
          cacheDir: pathToFileURL(`${astroCacheDir}/`),
          ...(incremental ? { experimental: { incrementalBuild: true } } : {}),
          site: location.url,
          base: location.base || "/",
          trailingSlash: "always",
          build: { format: "directory", inlineStylesheets: "always" },
          // A CSP meta in every page with the hashes of its inline CSS (src/lib/security-headers.ts).
          ...(config.contentSecurityPolicy ? { security: { csp: astroCspConfig(policy) } } : {}),
          integrations: [
            // Static parts of a post compile to one HTML string instead of a call per element:
            // smaller post modules, less bundling memory and time (docs/benchmarks.md).
            mdx({ optimize: { ignoreElementNames: [...MDX_OVERRIDABLE_ELEMENTS] } }),
            // A build that shows drafts (a preview) writes no sitemap at all.
            ...(showUnpublished
              ? []
              : [sitemap({ filter: (page) => isInSitemap(new URL(page).pathname.slice(location.base.length)) })]),
            pruneUnreferencedAssets(),
            // Last: the emails' images are kept by the prune step above, then the emails leave the site.
            keepNewsletterOutOfSite(),
          ],
          vite: {
            plugins: [
              virtualModulesPlugin(config, components, {
                showUnpublished,
                shareImageCache,
                editionsDir: editionsFolder(config, astroConfig.root),
                consent,
                welcome,
                engineVersion: ENGINE_VERSION,
              }),
              checkMdxPlugin(imageHostsOf(location, config), {
                since: mailingSince(config.newsletter, process.env, config.timeZone),
                timeZone: config.timeZone,
              }),
            ],
            // The routes and components are TypeScript and .astro files: Vite compiles them.
            ssr: { noExternal: ["rundbrief"] },
            build: {
              rollupOptions: {
                // MDX modules carry Astro's head-inject directive; the bundler's notice about it is noise.
                onwarn(warning: { code?: string }, warn: (warning: { code?: string }) => void) {
                  if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
                },
              },
            },
          },
        });
        const phase = command === "build" ? "build" : "dev";
        for (const route of INJECTED_ROUTES) {
          if (route.only && route.only !== phase) continue;
          injectRoute({ pattern: route.pattern, entrypoint: fileURLToPath(new URL(`routes/${route.entrypoint}`, ENGINE_SRC)) });
        }
      },
      "astro:build:start": ({ logger }) => {
        if (incrementalCacheDir && startIncrementalBuild(incrementalCacheDir))
          logger.info("Der letzte Build wurde nicht beendet: diesmal werden alle Seiten neu gerendert.");
      },
      // The build's last steps: share images, the search index, the security headers.
      "astro:build:done": async ({ dir, logger }) => {
        // Every page is written and Astro's record of them saved.
        if (incrementalCacheDir) finishIncrementalBuild(incrementalCacheDir);
        const distDir = fileURLToPath(dir);
        await writeShareImages(distDir, shareImageCache, logger);
        // `rundbrief build` indexes after Astro's process has ended, so the two never hold
        // their memory at once; a plain `astro build` indexes here.
        const handoff = process.env[SEARCH_INDEX_HANDOFF];
        if (handoff) writeFileSync(handoff, distDir);
        else await writeSearchIndex(distDir, logger);
        if (!policy) return;
        // Headers for Cloudflare Pages and Netlify, after a blog's own public/_headers.
        const file = fileURLToPath(new URL("_headers", dir));
        writeFileSync(file, mergeHeadersFile(existsSync(file) ? readFileSync(file, "utf8") : null, headersBlock(policy)));
      },
    },
  };
}
