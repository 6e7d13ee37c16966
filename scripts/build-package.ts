/**
 * Builds what Node loads from the installed package into lib/ (Node strips no types
 * under node_modules): the integration, `rundbrief/config`, `rundbrief/subscribe`,
 * `rundbrief/cloudflare` (the limiter Worker's bundler takes lib/ like Node does) and the
 * CLI. Routes, components and the content loader stay TypeScript and .astro; Vite
 * compiles those. Runs on `npm ci` (prepare), before `npm pack` (prepack), before the
 * demo's dev server and build (predev, prebuild) and before the tests (vitest globalSetup).
 */
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Package entry (lib/<name>.js) → its source. */
const NODE_ENTRIES = {
  index: "src/index.ts",
  cli: "scripts/rundbrief.ts",
  config: "src/define-config.ts",
  subscribe: "src/subscribe.ts",
  cloudflare: "src/cloudflare.ts",
};

const root = fileURLToPath(new URL("..", import.meta.url));
rmSync(`${root}/lib`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: NODE_ENTRIES,
  outdir: "lib",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node22",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
