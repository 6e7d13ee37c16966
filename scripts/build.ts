/**
 * `npm run build`: the site, feeds and emails (astro build), then the newsletter plan as a
 * dry run. Secrets are removed from the build's environment, because `astro build
 * --verbose` prints it; only the newsletter step may see RESEND_API_KEY. The build gets a
 * V8 heap limit sized to the posts (scripts/lib/build-heap.ts) and runs once more without
 * it if that was too small. `--site-only` stops after the build (`npm run build:site`,
 * used by CI and hosts).
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  HEAP_LIMIT_VARIABLE,
  HeapLimitError,
  chooseHeapLimit,
  nodeOptionsWithHeapLimit,
  ranOutOfHeap,
} from "./lib/build-heap.ts";
import { listPostFiles, postsDir } from "./lib/posts-dir.ts";

/** Variables the static build never needs and must never print or embed. */
export const BUILD_SECRETS = ["RESEND_API_KEY", "SUBSCRIBE_SECRET"];

const astroBin = fileURLToPath(new URL("../node_modules/astro/bin/astro.mjs", import.meta.url));
const newsletterScript = fileURLToPath(new URL("./newsletter.ts", import.meta.url));
const astroArgs = ["build", ...process.argv.slice(2).filter((a) => a !== "--site-only")];

/** Enough of stderr to find V8's out-of-heap report at its end. */
const STDERR_TAIL_BYTES = 64 * 1024;

/** Runs astro build with stderr passed through; resolves with the exit code and stderr's end. */
function astroBuild(env: NodeJS.ProcessEnv): Promise<{ code: number; stderrTail: string }> {
  const child = spawn(process.execPath, [astroBin, ...astroArgs], { stdio: ["inherit", "inherit", "pipe"], env });
  let stderrTail = "";
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL_BYTES);
  });
  return new Promise((done) => child.on("close", (code, signal) => done({ code: code ?? (signal ? 1 : 0), stderrTail })));
}

const buildEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !BUILD_SECRETS.includes(name)));
let heap;
try {
  heap = chooseHeapLimit(process.env, listPostFiles(postsDir()).length);
} catch (error) {
  if (!(error instanceof HeapLimitError)) throw error;
  console.error(error.message);
  process.exit(2);
}

let build = await astroBuild(
  heap.limitMb === null ? buildEnv : { ...buildEnv, NODE_OPTIONS: nodeOptionsWithHeapLimit(buildEnv.NODE_OPTIONS, heap.limitMb) },
);
if (build.code !== 0 && heap.limitMb !== null && ranOutOfHeap(build.stderrTail)) {
  console.error(
    `\nDer Build brauchte mehr als ${heap.limitMb} MiB JavaScript-Speicher und läuft jetzt noch einmal ohne Begrenzung. ` +
      `Damit das nicht jedes Mal passiert: ${HEAP_LIMIT_VARIABLE} auf einen größeren Wert in MiB setzen (oder 0 für keine Begrenzung).\n`,
  );
  build = await astroBuild(buildEnv);
}
if (build.code !== 0) process.exit(build.code);
if (process.argv.includes("--site-only")) process.exit(0);

console.log("\nNewsletter (Trockenlauf; verschickt wird nur mit `npm run newsletter -- --send`):");
const plan = spawnSync(process.execPath, [newsletterScript], { stdio: "inherit" });
process.exit(plan.status ?? 1);
