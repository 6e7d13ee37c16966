/**
 * Finds and validates the blog's `rundbrief.config.ts` for the CLI, the same way the
 * integration validates it in `astro build`: once, with the one schema.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, resolveConfig, type RundbriefConfig } from "../../src/config.ts";

/** File names the CLI looks for, in this order. */
const CONFIG_FILES = ["rundbrief.config.ts", "rundbrief.config.mjs", "rundbrief.config.js"];

/** The config file of the blog in `dir` (RUNDBRIEF_CONFIG names another); throws ConfigError when there is none. */
function findConfigFile(dir: string, env: Record<string, string | undefined> = process.env): string {
  if (env.RUNDBRIEF_CONFIG) {
    const file = resolve(dir, env.RUNDBRIEF_CONFIG);
    if (!existsSync(file)) throw new ConfigError(`RUNDBRIEF_CONFIG: ${file} gibt es nicht.`);
    return file;
  }
  const file = CONFIG_FILES.map((name) => join(dir, name)).find((candidate) => existsSync(candidate));
  if (!file)
    throw new ConfigError(
      `Keine Rundbrief-Konfiguration in ${dir}: ${CONFIG_FILES[0]} fehlt. Den Befehl im Ordner des Blogs ausführen (dort, wo astro.config.mjs liegt).`,
    );
  return file;
}

/** Loads and validates the blog's configuration; throws ConfigError with German lines naming each bad option. */
export async function loadConfig(
  dir = process.cwd(),
  env: Record<string, string | undefined> = process.env,
): Promise<RundbriefConfig> {
  const file = findConfigFile(dir, env);
  const shown = relative(dir, file) || file;
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(`${shown} ließ sich nicht laden: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (module.default === undefined) throw new ConfigError(`${shown}: „export default defineConfig({ … })“ fehlt.`);
  return resolveConfig(module.default, shown);
}
