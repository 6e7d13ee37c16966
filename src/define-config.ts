/**
 * `rundbrief/config` for a blog's rundbrief.config.ts: `defineConfig` gives the file its
 * types. It loads nothing else, so reading a config costs no schema; validating it is
 * `resolveConfig`'s job (src/config.ts), in the integration, the CLI and the signup function.
 */
import type { RundbriefUserConfig } from "./config.ts";

export type { RundbriefConfig, RundbriefUserConfig } from "./config.ts";

/** Where posts live unless the config's `postsDir` says otherwise. */
export const DEFAULT_POSTS_DIR = "content/posts";

/** Where newsletter editions live unless the config's `editionsDir` says otherwise. */
export const DEFAULT_EDITIONS_DIR = "content/editions";

/** Gives a blog's `rundbrief.config.ts` its types; returns the object unchanged. */
export function defineConfig(config: RundbriefUserConfig): RundbriefUserConfig {
  return config;
}
