/**
 * `rundbrief build`: the site, feeds and emails (astro build), then the newsletter plan as
 * a dry run. Secrets are removed from the build's environment (scripts/lib/astro-build.ts);
 * only the newsletter step may see RESEND_API_KEY. The build gets a V8 heap limit sized to
 * the posts (scripts/lib/build-heap.ts) and runs once more without it if that was too
 * small. `--site-only` stops after the build (for hosts and CI).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { newsletterOutputDir } from "../../src/lib/routes.ts";
import { SEARCH_INDEX_HANDOFF, writeSearchIndex } from "../../src/integration/search-index.ts";
import { runAstroBuild } from "../lib/astro-build.ts";
import {
  HEAP_LIMIT_VARIABLE,
  HeapLimitError,
  chooseHeapLimit,
  nodeOptionsWithHeapLimit,
  ranOutOfHeap,
} from "../lib/build-heap.ts";
import { EXIT, type Command, type CommandIo } from "../lib/cli-io.ts";
import { configuredPostsDir } from "../lib/config-file.ts";
import { listPostFiles, postsDir } from "../lib/posts-dir.ts";

const HELP = `Verwendung: rundbrief build [--site-only] [Optionen von astro build]

Baut Website, Feeds und E-Mails nach dist/ (die E-Mail-Prüfungen brechen den Build bei
Fehlern ab) und zeigt danach den Newsletter-Plan als Trockenlauf: verschickt wird nichts.

  --site-only   nur bauen, ohne Newsletter-Plan (für Hoster und CI)
  -h, --help    diese Hilfe

Umgebung: SITE_URL, BASE_PATH, BUILD_NOW, ${HEAP_LIMIT_VARIABLE} (Speichergrenze in MiB, 0: keine).
RESEND_API_KEY und SUBSCRIBE_SECRET sieht der Build nie.`;

/** `rundbrief build`. */
export const buildCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    const astroArgs = argv.filter((arg) => arg !== "--site-only");
    let heap;
    try {
      heap = chooseHeapLimit(env, listPostFiles(postsDir(cwd, await configuredPostsDir(cwd), env)).length);
    } catch (error) {
      if (!(error instanceof HeapLimitError)) throw error;
      io.err(error.message);
      return EXIT.usage;
    }
    const handoffDir = mkdtempSync(join(tmpdir(), "rundbrief-build-"));
    const handoff = join(handoffDir, "dist-path");
    const withHandoff = { ...env, [SEARCH_INDEX_HANDOFF]: handoff };
    // Where the site went (the build reports it): its emails and manifest are next to it.
    let siteDir: string | null = null;
    try {
      const code = await buildSite(astroArgs, withHandoff, heap.limitMb, cwd, io);
      if (code !== EXIT.done) return code;
      // The search index, once Astro's process and its memory are gone (src/integration/search-index.ts).
      if (existsSync(handoff)) {
        const dist = readFileSync(handoff, "utf8");
        siteDir = dist;
        try {
          await writeSearchIndex(dist, { info: (message) => io.out(`${clock()} [rundbrief] ${message}`) });
        } catch (error) {
          io.err(error instanceof Error ? error.message : String(error));
          return EXIT.failed;
        }
      }
    } finally {
      rmSync(handoffDir, { recursive: true, force: true });
    }
    if (argv.includes("--site-only")) return EXIT.done;

    io.out("\nNewsletter (Trockenlauf; verschickt wird nur mit `rundbrief newsletter --send`):");
    // Loaded only now: the newsletter's modules would otherwise sit in this process's memory for the whole build.
    const { runNewsletter } = await import("./newsletter.ts");
    const manifest = siteDir ? ["--manifest", join(relative(cwd, newsletterOutputDir(siteDir)), "manifest.json")] : [];
    return runNewsletter(manifest, env, io, cwd);
  },
};

/** "06:48:36", as Astro's log lines begin. */
function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** `astro build` under the heap limit, once more without it when the limit was too small. */
async function buildSite(
  astroArgs: string[],
  env: Record<string, string | undefined>,
  limitMb: number | null,
  cwd: string,
  io: CommandIo,
): Promise<number> {
  const limited = limitMb === null ? env : { ...env, NODE_OPTIONS: nodeOptionsWithHeapLimit(env.NODE_OPTIONS, limitMb) };
  let build = await runAstroBuild({ cwd, env: limited, args: astroArgs, output: "inherit" });
  if (build.code !== 0 && limitMb !== null && ranOutOfHeap(build.stderr)) {
    io.err(
      `\nDer Build brauchte mehr als ${limitMb} MiB JavaScript-Speicher und läuft jetzt noch einmal ohne Begrenzung. ` +
        `Damit das nicht jedes Mal passiert: ${HEAP_LIMIT_VARIABLE} auf einen größeren Wert in MiB setzen (oder 0 für keine Begrenzung).\n`,
    );
    build = await runAstroBuild({ cwd, env, args: astroArgs, output: "inherit" });
  }
  return build.code === 0 ? EXIT.done : build.code;
}
