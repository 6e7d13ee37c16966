/**
 * The demo blog and the starter use the engine only as a blog can: through the package's
 * public exports by name, never by a path into src/. What the demo cannot do that way, a
 * user could not either.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./support/build-site.ts";

/** The files a blog owns that import code. */
const BLOG_FILES = ["astro.config.mjs", "rundbrief.config.ts", "src/content.config.ts", "functions/api/[[route]].ts"];

/** Every module specifier a file imports. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm)].map((match) => match[1]!);
}

const exported = Object.keys(
  (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { exports: Record<string, string> }).exports,
).map((key) => key.replace(/^\./, "rundbrief"));

describe.each([
  { blog: "the demo", dir: PROJECT_ROOT },
  { blog: "the starter", dir: join(PROJECT_ROOT, "examples/starter") },
])("$blog", ({ dir }) => {
  it.each(BLOG_FILES)("%s imports Rundbrief only through its exports", (file) => {
    const specifiers = importsOf(readFileSync(join(dir, file), "utf8"));
    expect(specifiers.length).toBeGreaterThan(0);
    for (const specifier of specifiers) {
      if (specifier.startsWith(".")) expect(specifier, file).toMatch(/(^|\/)rundbrief\.config\.ts$/);
      else if (specifier.startsWith("rundbrief")) expect(exported, file).toContain(specifier);
      else expect(specifier, file).toMatch(/^astro(\/|:|$)/);
    }
  });
});

it("finds a deep import (the check is really reading the files)", () => {
  expect(importsOf('import { x } from "../src/lib/routes.ts";\nimport "./style.css";')).toEqual([
    "../src/lib/routes.ts",
    "./style.css",
  ]);
});
