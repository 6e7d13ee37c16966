/**
 * `npm run build`: the site, feeds and emails (astro build), then the newsletter plan as a
 * dry run. Secrets are removed from the build's environment, because `astro build
 * --verbose` prints it; only the newsletter step may see RESEND_API_KEY. `--site-only`
 * stops after the build (`npm run build:site`, used by CI and hosts).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Variables the static build never needs and must never print or embed. */
export const BUILD_SECRETS = ["RESEND_API_KEY", "SUBSCRIBE_SECRET"];

const astroBin = fileURLToPath(new URL("../node_modules/astro/bin/astro.mjs", import.meta.url));
const newsletterScript = fileURLToPath(new URL("./newsletter.ts", import.meta.url));

const buildEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !BUILD_SECRETS.includes(name)));
const build = spawnSync(process.execPath, [astroBin, "build", ...process.argv.slice(2).filter((a) => a !== "--site-only")], {
  stdio: "inherit",
  env: buildEnv,
});
if (build.status !== 0) process.exit(build.status ?? 1);
if (process.argv.includes("--site-only")) process.exit(0);

console.log("\nNewsletter (Trockenlauf; verschickt wird nur mit `npm run newsletter -- --send`):");
const plan = spawnSync(process.execPath, [newsletterScript], { stdio: "inherit" });
process.exit(plan.status ?? 1);
