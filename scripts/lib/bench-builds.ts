/**
 * Clean, measured builds for the benchmarks: the full Rundbrief build of this project
 * against a generated posts folder, the bare Astro baseline, and Rundbrief variants with
 * some endpoints removed (for profiling). Every build starts without caches or output.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAstroBuildLog, type BuildPhases } from "./bench-astro-log.ts";
import { BASELINE_CONTENT_ENV } from "./bench-baseline.ts";
import { runMeasured } from "./bench-memory.ts";

/** This repository's root. */
export const PROJECT_ROOT = join(import.meta.dirname, "../..");

/** Where Rundbrief bench builds write: inside the project (see tests/support/build-site.ts for why). */
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

const QUIET_ENV = { ASTRO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0", NO_COLOR: "1" };

function countPostPages(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((slug) => existsSync(join(dir, slug, "index.html"))).length : 0;
}

/** Where every bench build's full output is kept for reading after the run. */
export const BUILD_LOG_DIR = join(BENCH_SCRATCH, "logs");

async function measureAstroBuild(
  label: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  postsDir: string,
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
  const run = await runMeasured(process.execPath, [ASTRO_BIN, "build"], { cwd, env, onOutput });
  mkdirSync(BUILD_LOG_DIR, { recursive: true });
  writeFileSync(join(BUILD_LOG_DIR, `${label.replace(/[^a-zA-Z0-9]+/g, "-")}.log`), output);
  if (run.exitCode !== 0)
    throw new BuildFailedError(`${label}: astro build exited with code ${run.exitCode}.\n${run.outputTail}`);
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
  contentDir: string;
  clock: BuildClock;
  /** Project to build; default this repository. Variants pass a trimmed copy. */
  projectDir?: string;
  /** Keep the output folder (for weighing it); the caller removes it. */
  keepOutput?: boolean;
  /** A module the build process loads first (NODE_OPTIONS --import), e.g. DATE_TIME_FORMAT_MEMO. */
  preload?: string;
  label?: string;
}

/** A clean Rundbrief build; returns the measurement and the output folder (removed unless kept). */
export async function buildRundbrief(options: RundbriefBuildOptions): Promise<BuildMeasurement & { outDir: string }> {
  const projectDir = options.projectDir ?? PROJECT_ROOT;
  const scratch = projectDir === PROJECT_ROOT ? BENCH_SCRATCH : join(projectDir, "bench-builds");
  mkdirSync(scratch, { recursive: true });
  const work = join(scratch, `build-${process.pid}-${Date.now()}`);
  const outDir = join(work, "dist");
  const env = {
    ...process.env,
    ...QUIET_ENV,
    // The key never belongs in a build's environment (DESIGN.md).
    RESEND_API_KEY: "",
    RUNDBRIEF_CONTENT_DIR: options.contentDir,
    RUNDBRIEF_OUT_DIR: outDir,
    RUNDBRIEF_CACHE_DIR: join(work, "cache"),
    BUILD_NOW: options.clock.now.toISOString(),
    NEWSLETTER_SINCE: options.clock.since.toISOString(),
    ...(options.preload ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${options.preload}`.trim() } : {}),
  };
  try {
    const measurement = await measureAstroBuild(options.label ?? "Rundbrief", projectDir, env, join(outDir, "artikel"));
    return { ...measurement, outDir };
  } finally {
    if (!options.keepOutput) rmSync(work, { recursive: true, force: true });
  }
}

/** A clean build of the baseline project in `projectDir`; keeps its dist/ for weighing. */
export async function buildBaseline(
  projectDir: string,
  contentDir: string,
  label = "Baseline",
): Promise<BuildMeasurement & { outDir: string }> {
  for (const generated of ["dist", ".cache", ".astro"]) rmSync(join(projectDir, generated), { recursive: true, force: true });
  const env = { ...process.env, ...QUIET_ENV, [BASELINE_CONTENT_ENV]: contentDir };
  const outDir = join(projectDir, "dist");
  return { ...(await measureAstroBuild(label, projectDir, env, join(outDir, "posts"))), outDir };
}

/**
 * A preload module for profiling: makes `new Intl.DateTimeFormat(…)` return one cached
 * formatter per (locales, options), to measure what constructing one per call costs
 * without changing the project's code.
 */
export const DATE_TIME_FORMAT_MEMO = `const Original = Intl.DateTimeFormat;
const formats = new Map();
function MemoizedDateTimeFormat(locales, options) {
  const key = JSON.stringify([locales, options]);
  let format = formats.get(key);
  if (!format) {
    format = new Original(locales, options);
    formats.set(key, format);
  }
  return format;
}
MemoizedDateTimeFormat.prototype = Original.prototype;
MemoizedDateTimeFormat.supportedLocalesOf = Original.supportedLocalesOf.bind(Original);
Intl.DateTimeFormat = MemoizedDateTimeFormat;
`;

/** Files and folders of this project that a variant copy needs. */
const PROJECT_ENTRIES = ["astro.config.mjs", "tsconfig.json", "package.json", "src", "public"];

/**
 * Copies this project into `variantDir` without the given source paths (relative to the
 * project, e.g. "src/pages/newsletter"), linking node_modules, so a build shows what
 * those pages cost. The repository itself is never touched.
 */
export function writeProjectVariant(variantDir: string, without: string[]): void {
  mkdirSync(variantDir, { recursive: true });
  for (const entry of PROJECT_ENTRIES) {
    cpSync(join(PROJECT_ROOT, entry), join(variantDir, entry), {
      recursive: true,
      filter: (source) => !/\.test\.ts$|\.tmp$/.test(source) && !without.includes(relative(PROJECT_ROOT, source)),
    });
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(variantDir, "node_modules"), "dir");
}
