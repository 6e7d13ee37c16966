/**
 * Vite plugin that hands the blog's configuration to the engine's routes and components:
 * `virtual:rundbrief/config` is the validated config as data, and
 * `virtual:rundbrief/components/<Name>` is the blog's own component of that name or the
 * built-in one (Starlight's way of letting users replace components).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OVERRIDABLE_COMPONENTS, type OverridableComponent, type RundbriefConfig } from "../config.ts";
import type { ConsentSet } from "../lib/subscribe/consent.ts";

const CONFIG_ID = "virtual:rundbrief/config";
const COMPONENT_PREFIX = "virtual:rundbrief/components/";
const WELCOME_ID = "virtual:rundbrief/welcome";

/** Where each built-in component lives, relative to src/. */
const BUILT_IN: Record<OverridableComponent, string> = {
  Header: "components/Header.astro",
  Footer: "components/Footer.astro",
  BaseHead: "components/BaseHead.astro",
  PostList: "components/PostList.astro",
  Pagination: "components/Pagination.astro",
  FormattedDate: "components/FormattedDate.astro",
  SubscribeForm: "components/SubscribeForm.astro",
  Tipp: "components/mdx/Tipp.astro",
  Checkliste: "components/mdx/Checkliste.astro",
  Beispiel: "components/mdx/Beispiel.astro",
};

/** Absolute file of every component: the blog's where it names one, else the built-in. Throws naming a missing file. */
export function resolveComponents(config: RundbriefConfig, root: URL, srcDir: URL): Record<OverridableComponent, string> {
  const files = {} as Record<OverridableComponent, string>;
  for (const name of OVERRIDABLE_COMPONENTS) {
    const own = config.components[name];
    if (own) {
      const file = fileURLToPath(new URL(own, root));
      if (!existsSync(file))
        throw new Error(
          `rundbrief.config.ts: components.${name} „${own}“ gibt es nicht (gesucht: ${file}). Pfad relativ zum Projekt angeben, z. B. ./src/${name}.astro.`,
        );
      files[name] = file;
    } else files[name] = fileURLToPath(new URL(BUILT_IN[name], srcDir));
  }
  return files;
}

/** The plugin; `components` comes from resolveComponents. */
export function virtualModulesPlugin(
  config: RundbriefConfig,
  components: Record<OverridableComponent, string>,
  run: {
    showUnpublished: boolean;
    shareImageCache: string;
    editionsDir: string | null;
    consent: ConsentSet;
    /** The welcome mail's MDX file: absolute, and as messages name it; null for none. */
    welcome: { file: string; shownAs: string } | null;
    engineVersion: string;
  },
) {
  const resolved = (id: string) => `\0${id}`;
  return {
    name: "rundbrief:virtual-modules",
    resolveId(id: string) {
      if (id === CONFIG_ID || id === WELCOME_ID || id.startsWith(COMPONENT_PREFIX)) return resolved(id);
      return undefined;
    },
    load(id: string) {
      if (id === resolved(CONFIG_ID))
        return [
          `export default ${JSON.stringify(config)};`,
          `export const showUnpublished = ${JSON.stringify(run.showUnpublished)};`,
          `export const shareImageCache = ${JSON.stringify(run.shareImageCache)};`,
          `export const editionsDir = ${JSON.stringify(run.editionsDir)};`,
          `export const engineVersion = ${JSON.stringify(run.engineVersion)};`,
          `export const consent = ${JSON.stringify(run.consent)};`,
        ].join("\n");
      if (id === resolved(WELCOME_ID))
        return run.welcome
          ? [
              `export { default as Content, frontmatter } from ${JSON.stringify(run.welcome.file)};`,
              `export const file = ${JSON.stringify(run.welcome.shownAs)};`,
            ].join("\n")
          : "export const Content = null;\nexport const frontmatter = null;\nexport const file = null;";
      if (!id.startsWith(resolved(COMPONENT_PREFIX))) return undefined;
      const name = id.slice(resolved(COMPONENT_PREFIX).length) as OverridableComponent;
      const file = components[name];
      if (!file) throw new Error(`Unbekannte Rundbrief-Komponente „${name}“.`);
      return `export { default } from ${JSON.stringify(file)};`;
    },
  };
}
