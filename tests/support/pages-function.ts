/**
 * A Cloudflare Pages Function bundled the way Wrangler bundles it (esbuild, workerd
 * conditions, no Node built-ins), then imported: the demo's and the starter's function
 * are tested through the same bundle step.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/** The function's entry as Pages calls it. */
export type OnRequest = (context: { request: Request; env: Record<string, unknown> }) => Promise<Response>;

/** Bundles `entry` (resolving packages from `projectDir`) into `outDir`; the bundle's text, its errors and its onRequest. */
export async function bundlePagesFunction(
  entry: string,
  projectDir: string,
  outDir: string,
): Promise<{ errors: unknown[]; text: string; onRequest: OnRequest }> {
  const outfile = join(outDir, "function.mjs");
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: projectDir,
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    outfile,
    write: true,
    logLevel: "silent",
  });
  const { onRequest } = (await import(pathToFileURL(outfile).href)) as { onRequest: OnRequest };
  return { errors: result.errors, text: readFileSync(outfile, "utf8"), onRequest };
}

/** Whether a bundle still imports a Node built-in (Pages runs without nodejs_compat). */
export const NODE_BUILTIN_IMPORT = /from\s*["']node:|require\(["']node:/;
