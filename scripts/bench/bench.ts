/**
 * `npm run bench`: build speed, memory and weight of Rundbrief against a bare Astro site
 * of the same generated posts, plus the newsletter CLI against the fake Resend server
 * (issue 8). Prints a summary and writes docs/benchmarks.md (`--quick`: a small smoke
 * run written to a scratch file unless `--out` says otherwise). At the largest N also a
 * warm incremental rebuild after one changed post against a cold build (issue 18).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeBaselineProject } from "./baseline.ts";
import {
  BENCH_SCRATCH,
  PROJECT_ROOT,
  buildBaseline,
  buildRundbrief,
  exportProject,
  type BuildClock,
  type VariantPatch,
} from "./builds.ts";
import { cpuProfileEnv, readCpuBuckets } from "./cpu-profile.ts";
import { benchIncremental } from "./incremental.ts";
import { benchNewsletter } from "./newsletter.ts";
import { benchImport } from "./import.ts";
import { benchStarter } from "./starter.ts";
import { writeBenchPosts } from "./posts.ts";
import {
  renderMarkdown,
  renderSummary,
  type BenchResults,
  type MachineFacts,
  type SizeResult,
  type VariantResult,
} from "./report.ts";
import { weighSearch } from "./search.ts";
import { weighSite, type SiteWeights } from "./weights.ts";

const USAGE = `Usage: npm run bench -- [options]

  --quick              N = 20, 1 run, small newsletter archive, no sample build (smoke check)
  --sizes <a,b,…>      post counts to build (default 100,500,2000)
  --runs <n>           clean builds per side and size; the median is reported (default 3)
  --profile            at the largest N also: variants without emails / without feeds /
                       without the heap limit / without MDX optimize, each run paired with a
                       full build, and one CPU-profiled build per side (self time by package
                       and function)
  --newsletter-posts <n>  manifest size for the newsletter run (default 5000)
  --commit <rev>       which commit to measure (default HEAD; uncommitted changes are never measured)
  --out <file>         where to write the Markdown (default docs/benchmarks.md; --quick: a scratch file)
  --from <json>        measure nothing: render the Markdown again from a saved run (every run saves
                       its numbers to ${"node_modules/.cache/rundbrief-bench/last-run.json"})`;

const DAY_MS = 24 * 60 * 60 * 1000;
/** What the search measurement looks for: a word from the sample articles, and one every generated post has. */
const SAMPLE_QUERY = "Vertrag";
const GENERATED_QUERY = "Kunde";
/** Drops the injected routes whose entrypoint matches `entry` from src/lib/routes.ts. */
const withoutRoutes = (entry: string): VariantPatch => ({
  file: "src/lib/routes.ts",
  find: new RegExp(`^  \\{ pattern: "[^"]*", entrypoint: "${entry}" \\},\\n`, "gm"),
  replace: "",
});
const FEED_ROUTES = withoutRoutes("(?:rss\\.xml|atom\\.xml|feed\\.json)\\.ts");
const NEWSLETTER_ROUTES = withoutRoutes('newsletter/[^"]*');

/** What --profile removes from or changes in the project, one variant each. */
const PROFILE_VARIANTS: Array<{ name: string; without: string[]; patches?: VariantPatch[]; env?: Record<string, string> }> = [
  { name: "without newsletter endpoints", without: [], patches: [NEWSLETTER_ROUTES] },
  { name: "without feeds", without: [], patches: [FEED_ROUTES] },
  { name: "without newsletter endpoints and feeds", without: [], patches: [NEWSLETTER_ROUTES, FEED_ROUTES] },
  // What the heap limit of `rundbrief build` saves: V8 grows its heap lazily otherwise.
  {
    name: "full, without the build's heap limit (RUNDBRIEF_BUILD_HEAP_MB=0)",
    without: [],
    env: { RUNDBRIEF_BUILD_HEAP_MB: "0" },
  },
  // What compiling static MDX to HTML strings saves in bundling.
  {
    name: "full, without MDX optimize (mdx() as in the baseline)",
    without: [],
    patches: [{ file: "src/index.ts", find: /mdx\(\{ optimize: [^\n]*\}\)/, replace: "mdx()" }],
  },
];

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    runs: { type: "string" },
    profile: { type: "boolean", default: false },
    "newsletter-posts": { type: "string" },
    commit: { type: "string", default: "HEAD" },
    out: { type: "string" },
    from: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function positiveInteger(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${flag} "${raw}" must be a whole number ≥ 1.\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const quick = values.quick;
const sizes = (values.sizes ?? (quick ? "20" : "100,500,2000")).split(",").map((raw) => positiveInteger(raw.trim(), "--sizes"));
const runs = positiveInteger(values.runs ?? (quick ? "1" : "3"), "--runs");
const newsletterPosts = positiveInteger(values["newsletter-posts"] ?? (quick ? "500" : "5000"), "--newsletter-posts");
const outFile = resolve(
  values.out ?? (quick ? join(BENCH_SCRATCH, "benchmarks-quick.md") : join(PROJECT_ROOT, "docs/benchmarks.md")),
);
const command = ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" ");

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const git = (...args: string[]) => execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string })
    .version;
}

/** Every run's raw numbers, so the report can be rendered again without measuring (--from). */
const LAST_RUN = join(BENCH_SCRATCH, quick ? "last-run-quick.json" : "last-run.json");

function writeReport(results: BenchResults): void {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, renderMarkdown(results));
  console.log(renderSummary(results));
  console.log(`\nWritten: ${outFile}`);
}

if (values.from) {
  writeReport(JSON.parse(readFileSync(values.from, "utf8")) as BenchResults);
  process.exit(0);
}

// Everything is measured on one commit, exported once: others may edit the working tree meanwhile.
const commit = git("rev-parse", "--verify", `${values.commit}^{commit}`);
const commitLabel = `${commit.slice(0, 7)} (${git("log", "-1", "--format=%s", commit)})`;

// One clock for the whole run: posts are dated relative to it and every build sees it as "now".
const now = new Date();
const clock: BuildClock = { now, since: new Date(now.getTime() - 30 * DAY_MS) };
const temp = mkdtempSync(join(tmpdir(), "rundbrief-bench-"));
const machineStart = { date: now.toISOString().slice(0, 16).replace("T", " ") + " UTC", loadStart: loadavg()[0]! };
const results: BenchResults = {
  command,
  quick,
  runs,
  machine: {} as MachineFacts,
  sizes: [],
  variants: [],
  incremental: null,
  cpuProfile: null,
  generatedWeights: null,
  sampleWeights: null,
  newsletter: null,
  starter: null,
  search: { sample: null, generated: null },
  skipped: [],
};

let generatedRundbrief: SiteWeights | null = null;
let generatedBaseline: SiteWeights | null = null;
try {
  const projectDir = join(temp, "rundbrief");
  exportProject(projectDir, commit);
  const baselineDir = join(temp, "baseline");
  writeBaselineProject(baselineDir, join(PROJECT_ROOT, "node_modules"));
  log(`measuring ${commitLabel}`);

  for (const [sizeIndex, posts] of sizes.entries()) {
    const contentDir = join(temp, `posts-${posts}`);
    await writeBenchPosts(contentDir, posts, now);
    // One share-image cache per size, kept between its builds as the starter's workflows keep it:
    // the first build fills it (measured as the cold build), every measured run finds it warm.
    const cacheDir = join(temp, `cache-${posts}`);
    const cold = await buildRundbrief({ projectDir, contentDir, clock, cacheDir, label: `rundbrief-${posts}-cold` });
    if (cold.postPages !== posts) throw new Error(`Rundbrief built ${cold.postPages} post pages for ${posts} posts.`);
    log(`N=${posts} cold share-image cache, Rundbrief: ${seconds(cold.wallMs)}`);
    const size: SizeResult = { posts, rundbrief: [], baseline: [], rundbriefCold: cold };
    const isLargest = sizeIndex === sizes.length - 1;
    for (let run = 0; run < runs; run++) {
      // Alternate the order so neither side always runs right after the other's heavy build.
      const order = run % 2 === 0 ? (["rundbrief", "baseline"] as const) : (["baseline", "rundbrief"] as const);
      for (const side of order) {
        const weigh = isLargest && run === 0;
        if (side === "rundbrief") {
          const label = `rundbrief-${posts}-run${run + 1}`;
          const build = await buildRundbrief({ projectDir, contentDir, clock, cacheDir, keepOutput: weigh, label });
          if (weigh) {
            generatedRundbrief = weighSite(build.outDir, "artikel");
            results.search!.generated = { posts, ...(await weighSearch(build.outDir, GENERATED_QUERY)) };
            rmSync(dirname(build.outDir), { recursive: true, force: true });
          }
          if (build.postPages !== posts) throw new Error(`Rundbrief built ${build.postPages} post pages for ${posts} posts.`);
          size.rundbrief.push(build);
          log(
            `N=${posts} run ${run + 1}/${runs} Rundbrief: ${seconds(build.wallMs)}, ${Math.round(build.peakRssBytes / 2 ** 20)} MiB`,
          );
        } else {
          const build = await buildBaseline(baselineDir, contentDir, `baseline-${posts}-run${run + 1}`);
          if (build.postPages !== posts) throw new Error(`The baseline built ${build.postPages} post pages for ${posts} posts.`);
          if (weigh) generatedBaseline = weighSite(build.outDir, "posts");
          size.baseline.push(build);
          log(
            `N=${posts} run ${run + 1}/${runs} bare Astro: ${seconds(build.wallMs)}, ${Math.round(build.peakRssBytes / 2 ** 20)} MiB`,
          );
        }
      }
    }
    results.sizes.push(size);
  }
  if (generatedRundbrief && generatedBaseline) {
    results.generatedWeights = { posts: sizes.at(-1)!, rundbrief: generatedRundbrief, baseline: generatedBaseline };
  }

  {
    // Incremental builds at the largest N, with its warm share-image cache.
    const posts = sizes.at(-1)!;
    results.incremental = await benchIncremental({
      projectDir,
      contentDir: join(temp, `posts-${posts}`),
      cacheDir: join(temp, `cache-${posts}`),
      clock,
      posts,
      runs,
      log,
    });
  }

  if (values.profile) {
    const posts = sizes.at(-1)!;
    const contentDir = join(temp, `posts-${posts}`);
    // The warm share-image cache of the measured builds at this size.
    const cacheDir = join(temp, `cache-${posts}`);
    for (const [index, variant] of PROFILE_VARIANTS.entries()) {
      const variantDir = join(temp, `variant-${index}`);
      exportProject(variantDir, commit, variant.without, variant.patches);
      const result: VariantResult = { name: variant.name, posts, runs: [], paired: [] };
      for (let run = 0; run < runs; run++) {
        const full = await buildRundbrief({
          projectDir,
          contentDir,
          clock,
          cacheDir,
          label: `variant-pair-${index}-${posts}-run${run + 1}`,
        });
        result.paired!.push(full);
        const label = `variant-${variant.name}-${posts}-run${run + 1}`;
        const build = await buildRundbrief({ projectDir: variantDir, contentDir, clock, cacheDir, env: variant.env, label });
        result.runs.push(build);
        log(
          `profile N=${posts} ${variant.name} run ${run + 1}/${runs}: ${seconds(build.wallMs)} (paired full build ${seconds(full.wallMs)})`,
        );
      }
      results.variants.push(result);
      rmSync(variantDir, { recursive: true, force: true });
    }
    const profiles = { rundbrief: join(temp, "cpu-rundbrief"), baseline: join(temp, "cpu-baseline") };
    await buildRundbrief({
      projectDir,
      contentDir,
      clock,
      cacheDir,
      env: cpuProfileEnv(profiles.rundbrief),
      label: `cpu-profile-rundbrief-${posts}`,
    });
    await buildBaseline(baselineDir, contentDir, `cpu-profile-baseline-${posts}`, cpuProfileEnv(profiles.baseline));
    results.cpuProfile = { posts, rundbrief: readCpuBuckets(profiles.rundbrief), baseline: readCpuBuckets(profiles.baseline) };
    log(`profile N=${posts}: CPU profiles of one build each read`);
  }

  if (quick) {
    results.skipped.push("sample articles (content/posts) build: skipped in --quick; weights come from the generated posts");
  } else {
    // Every sample article gets an email here, so "largest sample email" covers them all.
    const sampleClock = { now, since: new Date("2000-01-01T00:00:00Z") };
    const contentDir = join(projectDir, "content/posts");
    const build = await buildRundbrief({
      projectDir,
      contentDir,
      clock: sampleClock,
      keepOutput: true,
      label: "sample-articles",
    });
    results.sampleWeights = weighSite(build.outDir, "artikel");
    results.search!.sample = { posts: build.postPages, ...(await weighSearch(build.outDir, SAMPLE_QUERY)) };
    rmSync(dirname(build.outDir), { recursive: true, force: true });
    log(`sample articles built: ${seconds(build.wallMs)}`);
  }

  if (existsSync(join(projectDir, "scripts/rundbrief.ts"))) {
    const workDir = join(temp, "newsletter");
    mkdirSync(workDir, { recursive: true });
    try {
      results.newsletter = await benchNewsletter(workDir, projectDir, newsletterPosts, now);
      log(
        `newsletter: no-op ${results.newsletter.noop.apiCalls} calls, one new post ${results.newsletter.oneNew.apiCalls} calls`,
      );
    } catch (error) {
      results.skipped.push(`newsletter: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    results.skipped.push(`newsletter: scripts/rundbrief.ts does not exist at ${commit.slice(0, 7)}`);
  }

  if (existsSync(join(projectDir, "scripts/lib/import/plan.ts"))) {
    const workDir = join(temp, "import");
    mkdirSync(workDir, { recursive: true });
    try {
      results.import = await benchImport(workDir, projectDir, quick ? 2_000 : 50_000, quick ? 20 : 200);
      log(
        `import: planning ${results.import.rows} rows ${seconds(results.import.planWallMs)}, apply ${results.import.apply.rows} rows ${seconds(results.import.apply.wallMs)}`,
      );
    } catch (error) {
      results.skipped.push(`import: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  if (quick) results.skipped.push("starter: skipped in --quick; tests/package.test.ts installs and runs it");
  else if (existsSync(join(projectDir, "examples/starter"))) {
    try {
      results.starter = await benchStarter(join(temp, "starter"), projectDir, PROJECT_ROOT, now);
      log(
        `starter: npm ci --omit=dev ${results.starter.installOmitDevMb.toFixed(0)} MB, publish path ${seconds(results.starter.publishWallMs)}`,
      );
    } catch (error) {
      results.skipped.push(`starter: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    results.skipped.push(`starter: examples/starter does not exist at ${commit.slice(0, 7)}`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

results.machine = {
  ...machineStart,
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? "unknown",
  memoryBytes: totalmem(),
  node: process.version,
  astro: packageVersion("astro"),
  mdx: packageVersion("@astrojs/mdx"),
  commit: commitLabel,
  loadEnd: loadavg()[0]!,
};
mkdirSync(BENCH_SCRATCH, { recursive: true });
writeFileSync(LAST_RUN, JSON.stringify(results));
writeReport(results);
