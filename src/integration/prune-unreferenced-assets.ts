/**
 * Astro integration: after the build, deletes files in _astro/ that no HTML, XML, JSON,
 * CSS or text file in the output refers to (images of drafts and future posts).
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { unreferencedAssets } from "../lib/unreferenced-assets.ts";

const TEXT_FILES = new Set([".html", ".xml", ".json", ".css", ".txt", ".js", ".webmanifest"]);

function* textFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* textFiles(path);
    else if (TEXT_FILES.has(extname(name))) yield readFileSync(path, "utf8");
  }
}

/** The integration; add it after every integration that writes files. */
export function pruneUnreferencedAssets(): AstroIntegration {
  return {
    name: "rundbrief:prune-unreferenced-assets",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const assetsDir = join(root, "_astro");
        let assets: string[];
        try {
          assets = readdirSync(assetsDir).filter((name) => !TEXT_FILES.has(extname(name)));
        } catch {
          return;
        }
        const unused = unreferencedAssets(assets, textFiles(root));
        for (const name of unused) rmSync(join(assetsDir, name));
        if (unused.length > 0)
          logger.info(`${unused.length} nicht verwendete Datei(en) aus _astro/ entfernt (z. B. Bilder von Entwürfen).`);
      },
    },
  };
}
