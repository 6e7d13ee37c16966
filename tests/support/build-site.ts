/**
 * Runs the real build of the demo blog against another content folder, into its own
 * output and cache folders, so integration tests never touch the sample site.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { runAstroBuild } from "../../scripts/lib/astro-build.ts";

export const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

/** The `rundbrief` CLI from source, as the demo's npm scripts run it. */
export const CLI = join(PROJECT_ROOT, "scripts/rundbrief.ts");

export interface BuildResult {
  outDir: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Builds the site from `contentDir`; env adds or overrides variables (SITE_URL, BUILD_NOW, …).
 * Without `command` this is the one Astro build runner (scripts/lib/astro-build.ts);
 * `command` runs a process instead, e.g. the CLI's `build` with its flags. `cwd` is the
 * blog whose astro.config.mjs and rundbrief.config.ts build it: the demo unless a test
 * brings its own (tests/fixtures/english-site).
 */
export async function buildSite(
  contentDir: string,
  env: Record<string, string> = {},
  command?: string[],
  cwd = PROJECT_ROOT,
): Promise<BuildResult> {
  // Inside the project: Astro puts its prerender chunks next to an outDir within the
  // working directory, and into a shared ./.astro otherwise, where parallel builds collide.
  const scratch = join(PROJECT_ROOT, "node_modules/.cache/rundbrief-builds");
  mkdirSync(scratch, { recursive: true });
  const work = mkdtempSync(join(scratch, "build-"));
  const outDir = join(work, "dist");
  const buildEnv = {
    ...process.env,
    RESEND_API_KEY: "",
    RUNDBRIEF_CONTENT_DIR: resolve(contentDir),
    RUNDBRIEF_OUT_DIR: outDir,
    RUNDBRIEF_CACHE_DIR: join(work, "cache"),
    ASTRO_TELEMETRY_DISABLED: "1",
    FORCE_COLOR: "0",
    ...env,
  };
  if (!command) return { outDir, ...(await runAstroBuild({ cwd, env: buildEnv, output: "capture" })) };
  const child = spawn(process.execPath, command, { cwd, env: buildEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  return { outDir, code, stdout, stderr };
}
