/**
 * The blog's configuration for the CLI, validated the way the integration validates it
 * in `astro build`: once, with the one schema.
 */
import { resolveConfig, type RundbriefConfig } from "../../src/config.ts";
import { readConfigFile } from "./config-file.ts";

/** Loads and validates the config of the blog in `dir`; throws ConfigError with German lines naming each bad option. */
export async function loadConfig(dir = process.cwd()): Promise<RundbriefConfig> {
  const { value, shown } = await readConfigFile(dir);
  return resolveConfig(value, shown);
}
