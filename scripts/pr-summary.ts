/**
 * `npm run pr-summary -- <id> …`: Markdown for the pull-request job summary, from the
 * built manifest and the newsletter dry run. Needs `npm run build:site` first.
 */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseManifest } from "../src/lib/newsletter/manifest.ts";
import { renderPrSummary, type PlanJson } from "./lib/pr-summary.ts";
import { loadConfig } from "./lib/load-config.ts";

const manifestPath = "dist/newsletter/manifest.json";
const manifest = parseManifest(readFileSync(manifestPath, "utf8"), manifestPath);
const newsletter = fileURLToPath(new URL("./newsletter.ts", import.meta.url));
const dryRun = spawnSync(process.execPath, [newsletter, "--json"], { encoding: "utf8" });
if (dryRun.status !== 0) {
  console.error(dryRun.stderr);
  process.exit(dryRun.status ?? 1);
}
process.stdout.write(renderPrSummary(process.argv.slice(2), manifest, JSON.parse(dryRun.stdout) as PlanJson, await loadConfig()));
