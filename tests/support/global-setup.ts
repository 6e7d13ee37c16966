/**
 * Before any test: build the package's Node entries (lib/) from the source as it is now.
 * The demo's astro.config.mjs loads the integration from there, so a test run never
 * measures a lib/ older than src/.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, "../../scripts/build-package.ts")], { stdio: "inherit" });
}
