/**
 * The installed package's own folder (node_modules/rundbrief, or the repository itself
 * for the demo), found from this module's location: the same answer from the TypeScript
 * source and from the bundled lib/ with its chunks, whose depths differ.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "rundbrief";
let found: string | null = null;

/** The folder holding the package's package.json. */
export function packageDir(): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME)
      return (found = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Das Paket ${PACKAGE_NAME} liegt nicht über ${fileURLToPath(import.meta.url)}.`);
    dir = parent;
  }
}

/** The package's consent texts (consent/), used by blogs without a folder of their own. */
export function packageConsentDir(): string {
  return join(packageDir(), "consent");
}
