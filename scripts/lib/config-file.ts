/**
 * Finds the blog's rundbrief.config.ts and reads what it exports, without the schema:
 * `loadConfig` validates it, and the build wrapper only needs the posts folder.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../../src/config-error.ts";
import { DEFAULT_POSTS_DIR } from "../../src/define-config.ts";

/** File names looked for, in this order; astro.config.mjs imports the same file. */
const CONFIG_FILES = ["rundbrief.config.ts", "rundbrief.config.mjs", "rundbrief.config.js"];

/** The config file's default export as written, not yet validated, and how to name the file. */
export async function readConfigFile(dir: string): Promise<{ value: unknown; shown: string }> {
  const file = CONFIG_FILES.map((name) => join(dir, name)).find((candidate) => existsSync(candidate));
  if (!file)
    throw new ConfigError(
      `Keine Rundbrief-Konfiguration in ${dir}: ${CONFIG_FILES[0]} fehlt. Den Befehl im Ordner des Blogs ausführen (dort, wo astro.config.mjs liegt).`,
    );
  const shown = relative(dir, file) || file;
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(`${shown} ließ sich nicht laden: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (module.default === undefined) throw new ConfigError(`${shown}: „export default defineConfig({ … })“ fehlt.`);
  return { value: module.default, shown };
}

/**
 * The posts folder as the config names it: for the build wrapper, which only counts the
 * posts to size its heap and must stay small while the build runs (the build itself
 * validates the whole config).
 */
export async function configuredPostsDir(dir: string): Promise<{ postsDir: string }> {
  const { value } = await readConfigFile(dir);
  const postsDir = (value as { postsDir?: unknown }).postsDir;
  return { postsDir: typeof postsDir === "string" && postsDir.trim() !== "" ? postsDir : DEFAULT_POSTS_DIR };
}
