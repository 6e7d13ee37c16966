/**
 * Clean, measured builds for the benchmarks: the full Rundbrief build of a snapshot of
 * this project against a generated posts folder, the bare Astro baseline, and Rundbrief
 * variants with some endpoints removed (for profiling). Every build starts without
 * output, and without caches unless it is given the cache folder of an earlier build
 * (share images, content layer; its pages only for an incremental build).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAstroBuildLog, type BuildPhases } from "./astro-log.ts";
import { BASELINE_CONTENT_ENV } from "./baseline.ts";
import { runMeasured } from "./memory.ts";
import { forgetIncrementalPages } from "../../src/integration/incremental-build.ts";

/** This repository's root. */
export const PROJECT_ROOT = join(import.meta.dirname, "../..");

/** Scratch space of the benchmarks inside this project (build logs, the --quick report). */
export const BENCH_SCRATCH = join(PROJECT_ROOT, "node_modules/.cache/rundbrief-bench");

const ASTRO_BIN = join(PROJECT_ROOT, "node_modules/astro/bin/astro.mjs");

/** One measured clean build. */
export interface BuildMeasurement {
  wallMs: number;
  /** User + system CPU time of the build's process tree; null where it cannot be measured. */
  cpuMs: number | null;
  peakRssBytes: number;
  /** Post pages found in the output; must equal the number of posts. */
  postPages: number;
  phases: BuildPhases;
  /** Peak RSS of the process tree within each phase, to see which phase sets the peak. */
  peakRssByPhase: Record<MemoryPhase, number>;
}

/** Build phases as seen from outside, cut at the markers Astro prints when each starts. */
export type MemoryPhase = "start-up and content sync" | "bundling" | "generating pages" | "images and finish";

const PHASE_MARKERS: Array<[MemoryPhase, string]> = [
  ["bundling", "Building static entrypoints"],
  ["generating pages", "generating static routes"],
  ["images and finish", "generating optimized images"],
];

/** The clock and newsletter baseline every Rundbrief build of a benchmark run shares. */
export interface BuildClock {
  now: Date;
  since: Date;
}

/** A failed build, with the end of its output. */
export class BuildFailedError extends Error {}

/** Quiet output, and no NODE_OPTIONS of the caller's (a heap flag there would change what is measured). */
const QUIET_ENV = { ASTRO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0", NO_COLOR: "1", NODE_OPTIONS: "" };

function countPostPages(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((slug) => existsSync(join(dir, slug, "index.html"))).length : 0;
}

/** Where every bench build's full output is kept for reading after the run. */
export const BUILD_LOG_DIR = join(BENCH_SCRATCH, "logs");

/** `astro build` itself, as the baseline runs it. */
const ASTRO_BUILD = [ASTRO_BIN, "build"];

async function measureBuild(
  label: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  postsDir: string,
  command: string[],
): Promise<BuildMeasurement> {
  let output = "";
  const started = performance.now();
  const phaseStarts: Array<[MemoryPhase, number]> = [["start-up and content sync", 0]];
  const onOutput = (chunk: string) => {
    output += chunk;
    for (const [phase, marker] of PHASE_MARKERS) {
      if (!phaseStarts.some(([seen]) => seen === phase) && output.includes(marker))
        phaseStarts.push([phase, performance.now() - started]);
    }
  };
  const run = await runMeasured(process.execPath, command, { cwd, env, onOutput });
  mkdirSync(BUILD_LOG_DIR, { recursive: true });
  writeFileSync(join(BUILD_LOG_DIR, `${label.replace(/[^a-zA-Z0-9]+/g, "-")}.log`), output);
  if (run.exitCode !== 0) throw new BuildFailedError(`${label}: the build exited with code ${run.exitCode}.\n${run.outputTail}`);
  // `rundbrief build` ran out of heap and built again: the sample would hold two builds.
  if (output.includes("noch einmal ohne Begrenzung"))
    throw new BuildFailedError(`${label}: the build ran out of heap under its limit and was repeated; see ${BUILD_LOG_DIR}.`);
  const peakRssByPhase: Record<MemoryPhase, number> = {
    "start-up and content sync": 0,
    bundling: 0,
    "generating pages": 0,
    "images and finish": 0,
  };
  for (const [at, bytes] of run.rssTimeline) {
    const phase = phaseStarts.filter(([, start]) => start <= at).at(-1)![0];
    peakRssByPhase[phase] = Math.max(peakRssByPhase[phase], bytes);
  }
  return {
    wallMs: run.wallMs,
    cpuMs: run.cpuMs,
    peakRssBytes: run.peakRssBytes,
    postPages: countPostPages(postsDir),
    phases: parseAstroBuildLog(output),
    peakRssByPhase,
  };
}

/** Options for a Rundbrief build. */
export interface RundbriefBuildOptions {
  /** The project to build: a snapshot from exportProject, never the live working tree. */
  projectDir: string;
  contentDir: string;
  clock: BuildClock;
  /** Keep the output folder (for weighing it); the caller removes it. */
  keepOutput?: boolean;
  /**
   * A cache folder kept between builds (share images), as the starter's workflows keep it;
   * without it every build starts with an empty one.
   */
  cacheDir?: string;
  /**
   * Start with the pages the previous build left in cacheDir (an incremental build);
   * without it they are forgotten first and every page is rendered, as in a cold build.
   */
  keepPages?: boolean;
  /**
   * The build's folder under .bench-builds/, the same for builds that should restore each
   * other's pages (Astro's image module names the output folder, so a page's module
   * graph differs from one output folder to another); default: a new one per build.
   */
  outputName?: string;
  /** Extra environment, e.g. cpuProfileEnv. */
  env?: Record<string, string>;
  label: string;
}

/**
 * A clean Rundbrief build as `npm run build:site` runs it (`rundbrief build`: astro build
 * with the heap limit, without the newsletter dry run); returns the measurement and the
 * output folder (removed unless kept).
 */
export async function buildRundbrief(options: RundbriefBuildOptions): Promise<BuildMeasurement & { outDir: string }> {
  // Output inside the project: Astro puts prerender chunks next to an outDir within the
  // working directory, and into a shared ./.astro otherwise (see tests/support/build-site.ts).
  const work = join(options.projectDir, ".bench-builds", options.outputName ?? `build-${Date.now()}`);
  if (options.cacheDir && !options.keepPages) forgetIncrementalPages(options.cacheDir);
  mkdirSync(work, { recursive: true });
  const outDir = join(work, "dist");
  const env = {
    ...process.env,
    ...QUIET_ENV,
    // The key never belongs in a build's environment (DESIGN.md).
    RESEND_API_KEY: "",
    RUNDBRIEF_CONTENT_DIR: options.contentDir,
    RUNDBRIEF_OUT_DIR: outDir,
    RUNDBRIEF_CACHE_DIR: options.cacheDir ?? join(work, "cache"),
    BUILD_NOW: options.clock.now.toISOString(),
    NEWSLETTER_SINCE: options.clock.since.toISOString(),
    ...options.env,
  };
  try {
    const command = [join(options.projectDir, "scripts/rundbrief.ts"), "build", "--site-only"];
    const measurement = await measureBuild(options.label, options.projectDir, env, join(outDir, "artikel"), command);
    return { ...measurement, outDir };
  } finally {
    if (!options.keepOutput) rmSync(work, { recursive: true, force: true });
  }
}

/** A clean build of the baseline project in `projectDir`; keeps its dist/ for weighing. */
export async function buildBaseline(
  projectDir: string,
  contentDir: string,
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<BuildMeasurement & { outDir: string }> {
  for (const generated of ["dist", ".cache", ".astro"]) rmSync(join(projectDir, generated), { recursive: true, force: true });
  const env = { ...process.env, ...QUIET_ENV, [BASELINE_CONTENT_ENV]: contentDir, ...extraEnv };
  const outDir = join(projectDir, "dist");
  return { ...(await measureBuild(label, projectDir, env, join(outDir, "posts"), ASTRO_BUILD)), outDir };
}

/** Files and folders of this project that a build and the send CLI need, and the sample articles. */
const PROJECT_ENTRIES = [
  "astro.config.mjs",
  "rundbrief.config.ts",
  "tsconfig.json",
  "package.json",
  "src",
  "public",
  "scripts",
  "content/posts",
  "content/willkommen.mdx",
  "consent",
  "examples/starter",
  "package-lock.json",
  "LICENSE",
];

/** A text replacement in one file of a profiling variant; it must match, or the variant is not what it claims. */
export interface VariantPatch {
  file: string;
  find: RegExp;
  replace: string;
}

/**
 * Exports this project at `commit` into `targetDir` (git archive), without the given
 * paths (e.g. a folder a profiling variant leaves out) and with the given patches,
 * and links node_modules.
 * Every build of a benchmark run uses such a snapshot, so edits others make to the
 * working tree meanwhile cannot change the code under measurement halfway through.
 */
export function exportProject(targetDir: string, commit: string, without: string[] = [], patches: VariantPatch[] = []): void {
  mkdirSync(targetDir, { recursive: true });
  const archive = execFileSync("git", ["archive", "--format=tar", commit, ...PROJECT_ENTRIES], {
    cwd: PROJECT_ROOT,
    maxBuffer: 512 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", targetDir], { input: archive });
  for (const path of without) {
    if (!existsSync(join(targetDir, path))) throw new Error(`Profiling variant: ${path} does not exist at ${commit}.`);
    rmSync(join(targetDir, path), { recursive: true });
  }
  for (const patch of patches) {
    const path = join(targetDir, patch.file);
    const text = readFileSync(path, "utf8");
    if (!patch.find.test(text)) throw new Error(`Profiling variant: ${patch.find} not found in ${patch.file} at ${commit}.`);
    writeFileSync(path, text.replace(patch.find, patch.replace));
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(targetDir, "node_modules"), "dir");
  // The package's Node entries (lib/), as `npm ci` builds them.
  execFileSync(process.execPath, [join(targetDir, "scripts/build-package.ts")], { cwd: targetDir, stdio: "inherit" });
}
