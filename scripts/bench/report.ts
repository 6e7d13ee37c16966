/**
 * Turns benchmark measurements into the summary table, the target verdicts and the
 * docs/benchmarks.md text. Pure: everything it prints comes in as data.
 */
import type { BuildPhases } from "./astro-log.ts";
import type { CpuBuckets } from "./cpu-profile.ts";
import type { BuildMeasurement, MemoryPhase } from "./builds.ts";
import type { IncrementalBenchResult } from "./incremental.ts";
import type { NewsletterBenchResult, NewsletterRunResult } from "./newsletter.ts";
import { importTable, type ImportBenchResult } from "./import.ts";
import type { SearchWeights } from "./search.ts";
import type { SiteWeights } from "./weights.ts";
import type { StarterBenchResult } from "./starter.ts";

/** Both builds of one post count, every run. */
export interface SizeResult {
  posts: number;
  rundbrief: BuildMeasurement[];
  baseline: BuildMeasurement[];
  /**
   * The first Rundbrief build of this size, with an empty share-image cache; the measured
   * runs above find that cache warm. Absent in older saved runs.
   */
  rundbriefCold?: BuildMeasurement;
}

/** One profiling variant: the Rundbrief build with some parts removed. */
export interface VariantResult {
  name: string;
  posts: number;
  runs: BuildMeasurement[];
  /**
   * A full build run right before each variant run, so each pair sees the same machine
   * load (a shared machine drifts by 20 % within minutes). Absent in older saved runs.
   */
  paired?: BuildMeasurement[];
}

/** Where and how the benchmark ran. */
export interface MachineFacts {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  astro: string;
  mdx: string;
  commit: string;
  /** 1-minute load average at start and end: others working on the machine make timings noisy. */
  loadStart: number;
  loadEnd: number;
}

/** Everything one benchmark run measured. */
export interface BenchResults {
  command: string;
  quick: boolean;
  runs: number;
  machine: MachineFacts;
  sizes: SizeResult[];
  variants: VariantResult[];
  /** Cold build and warm rebuild after one changed post at the largest N; absent in older saved runs. */
  incremental?: IncrementalBenchResult | null;
  /** Self time per bucket (ms) from one CPU-profiled build per side; null without --profile. */
  cpuProfile: { posts: number; rundbrief: CpuBuckets; baseline: CpuBuckets } | null;
  generatedWeights: { rundbrief: SiteWeights; baseline: SiteWeights; posts: number } | null;
  /** The repository's own articles (content/posts), every one with an email; null when skipped. */
  sampleWeights: SiteWeights | null;
  newsletter: NewsletterBenchResult | null;
  /** `rundbrief subscribers import`: planning at scale, apply at Resend's rate; absent in older saved runs. */
  import?: ImportBenchResult | null;
  /** A blog made from the starter: install sizes and publish path; null when skipped. */
  starter?: StarterBenchResult | null;
  /** Pagefind's files and one search in Chromium, for the sample articles and the largest N. */
  search?: {
    sample: (SearchWeights & { posts: number }) | null;
    generated: (SearchWeights & { posts: number }) | null;
  };
  /** Parts that could not run, with the reason. */
  skipped: string[];
}

/** A target from issue 8 and whether it holds. */
export interface TargetVerdict {
  target: string;
  measured: string;
  holds: boolean | null;
}

/** Size of one TCP initial congestion window (10 segments): the post page budget. */
export const POST_PAGE_BUDGET_BYTES = 14 * 1024;
/** Share images: cold, per image, and the whole warm cache at the largest N (issue 17). */
export const SHARE_IMAGE_COLD_BUDGET_MS = 50;
export const SHARE_IMAGE_WARM_BUDGET_MS = 1000;
/** A warm rebuild after one changed post against a cold build of the same commit (issue 18). */
export const INCREMENTAL_TARGET_RATIO = 0.7;
/** Aim for emails (Gmail clips at 102 KB). */
export const EMAIL_BUDGET_BYTES = 50 * 1024;

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (value: number) => `${value.toFixed(2)}×`;

/** A Markdown table; also readable as plain text in a terminal. */
export function markdownTable(header: string[], rows: string[][]): string {
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** Medians of one side of a size result (cpuMs null when CPU time was not measured). */
export function summarise(runs: readonly BuildMeasurement[]): { wallMs: number; cpuMs: number | null; peakRssBytes: number } {
  const cpu = runs.map((r) => r.cpuMs).filter((ms) => ms !== null);
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: cpu.length === runs.length && cpu.length > 0 ? median(cpu) : null,
    peakRssBytes: median(runs.map((r) => r.peakRssBytes)),
  };
}

/**
 * True when every run of `variant` was faster than every run of `reference` (CPU time
 * when measured, else wall time): anything less is within the noise of a shared machine.
 */
function clearlyFaster(variant: readonly BuildMeasurement[], reference: readonly BuildMeasurement[]): boolean {
  const useCpu = [...variant, ...reference].every((run) => run.cpuMs !== null);
  const time = (run: BuildMeasurement) => (useCpu ? run.cpuMs! : run.wallMs);
  return Math.max(...variant.map(time)) < Math.min(...reference.map(time));
}

/** What a variant saves against the full builds it was paired with: medians of the per-pair differences. */
export interface PairedSaving {
  wallMs: number;
  cpuMs: number | null;
  /** "saves" / "costs" when every pair agrees (CPU time when measured, else wall), else "unclear". */
  verdict: "saves" | "costs" | "unclear";
}

export function pairedSaving(variant: readonly BuildMeasurement[], paired: readonly BuildMeasurement[]): PairedSaving {
  const pairs = variant.map((run, index) => [paired[index]!, run] as const).filter(([full]) => full !== undefined);
  const useCpu = pairs.every(([full, run]) => full.cpuMs !== null && run.cpuMs !== null);
  const differences = pairs.map(([full, run]) => (useCpu ? full.cpuMs! - run.cpuMs! : full.wallMs - run.wallMs));
  const verdict =
    differences.length > 0 && differences.every((d) => d > 0)
      ? "saves"
      : differences.length > 0 && differences.every((d) => d < 0)
        ? "costs"
        : "unclear";
  return {
    wallMs: median(pairs.map(([full, run]) => full.wallMs - run.wallMs)),
    cpuMs: useCpu ? median(pairs.map(([full, run]) => full.cpuMs! - run.cpuMs!)) : null,
    verdict,
  };
}

/** "; runs 58.8–66.1 s" when there was more than one run: the noise to read the medians against. */
function spread(runs: readonly BuildMeasurement[]): string {
  if (runs.length < 2) return "";
  const walls = runs.map((r) => r.wallMs);
  return `; runs ${(Math.min(...walls) / 1000).toFixed(1)}–${seconds(Math.max(...walls))}`;
}

/** The main table: per post count, both builds, ms/post, ratios, CPU time and peak memory. */
export function buildTable(sizes: readonly SizeResult[]): string {
  const rows = sizes.map((size) => {
    const ours = summarise(size.rundbrief);
    const bare = summarise(size.baseline);
    const cpu = ours.cpuMs !== null && bare.cpuMs !== null ? { ours: ours.cpuMs, bare: bare.cpuMs } : null;
    return [
      String(size.posts),
      `${seconds(ours.wallMs)} (${(ours.wallMs / size.posts).toFixed(1)} ms/post${spread(size.rundbrief)})`,
      `${seconds(bare.wallMs)} (${(bare.wallMs / size.posts).toFixed(1)} ms/post${spread(size.baseline)})`,
      ratio(ours.wallMs / bare.wallMs),
      cpu ? `${seconds(cpu.ours)} / ${seconds(cpu.bare)}` : "–",
      cpu ? ratio(cpu.ours / cpu.bare) : "–",
      mib(ours.peakRssBytes),
      mib(bare.peakRssBytes),
      ratio(ours.peakRssBytes / bare.peakRssBytes),
    ];
  });
  return markdownTable(
    [
      "posts",
      "Rundbrief wall",
      "bare Astro wall",
      "wall ratio",
      "CPU time Rundbrief / bare",
      "CPU ratio",
      "Rundbrief peak RSS",
      "bare peak RSS",
      "memory ratio",
    ],
    rows,
  );
}

const PHASES: Array<[keyof Omit<BuildPhases, "routeGroupsMs" | "pages" | "pagesRestored">, string]> = [
  ["contentSyncMs", "content sync (collect build info)"],
  ["bundleMs", "bundling (Vite/Rolldown)"],
  ["renderPagesMs", "generating pages and endpoints"],
  ["imagesMs", "optimising images"],
  ["shareImagesMs", "share images (drawn or copied from the cache, at the build's end)"],
  ["searchIndexMs", "search index (Pagefind; after Astro's process with `rundbrief build`)"],
  ["astroTotalMs", "Astro total"],
];

function medianPhases(runs: readonly BuildMeasurement[]): BuildPhases {
  const groups = new Set(runs.flatMap((r) => Object.keys(r.phases.routeGroupsMs)));
  const routeGroupsMs: Record<string, number> = {};
  for (const group of groups) routeGroupsMs[group] = median(runs.map((r) => r.phases.routeGroupsMs[group] ?? 0));
  return {
    contentSyncMs: median(runs.map((r) => r.phases.contentSyncMs)),
    bundleMs: median(runs.map((r) => r.phases.bundleMs)),
    renderPagesMs: median(runs.map((r) => r.phases.renderPagesMs)),
    imagesMs: median(runs.map((r) => r.phases.imagesMs)),
    searchIndexMs: median(runs.map((r) => r.phases.searchIndexMs ?? 0)),
    shareImagesMs: median(runs.map((r) => r.phases.shareImagesMs ?? 0)),
    astroTotalMs: median(runs.map((r) => r.phases.astroTotalMs)),
    pages: median(runs.map((r) => r.phases.pages)),
    routeGroupsMs,
  };
}

/** Phase timings of both builds at one post count, from Astro's own log. */
export function phaseTable(size: SizeResult): string {
  const ours = medianPhases(size.rundbrief);
  const bare = medianPhases(size.baseline);
  const wallOurs = summarise(size.rundbrief).wallMs;
  const wallBare = summarise(size.baseline).wallMs;
  const rows = PHASES.map(([key, label]) => [label, seconds(ours[key]), seconds(bare[key]), seconds(ours[key] - bare[key])]);
  rows.push([
    "process start-up and what runs after Astro (wall − Astro total; with `rundbrief build` this holds the search index)",
    seconds(wallOurs - ours.astroTotalMs),
    seconds(wallBare - bare.astroTotalMs),
    seconds(wallOurs - ours.astroTotalMs - (wallBare - bare.astroTotalMs)),
  ]);
  rows.push(["pages written", String(ours.pages), String(bare.pages), String(ours.pages - bare.pages)]);
  const groups = [...new Set([...Object.keys(ours.routeGroupsMs), ...Object.keys(bare.routeGroupsMs)])].sort();
  for (const group of groups) {
    const a = ours.routeGroupsMs[group] ?? 0;
    const b = bare.routeGroupsMs[group] ?? 0;
    rows.push([`  of which ${group} (sum of per-page times)`, seconds(a), seconds(b), seconds(a - b)]);
  }
  return markdownTable(["phase (median)", "Rundbrief", "bare Astro", "difference"], rows);
}

/** Peak memory of both builds within each phase at one post count: which phase sets the peak. */
export function memoryPhaseTable(size: SizeResult): string {
  const phases = Object.keys(size.rundbrief[0]?.peakRssByPhase ?? {}) as MemoryPhase[];
  const rows = phases.map((phase) => {
    const ours = median(size.rundbrief.map((r) => r.peakRssByPhase[phase]));
    const bare = median(size.baseline.map((r) => r.peakRssByPhase[phase]));
    return [phase, mib(ours), mib(bare), bare > 0 ? ratio(ours / bare) : "–"];
  });
  return markdownTable(["phase (median of peak RSS)", "Rundbrief", "bare Astro", "ratio"], rows);
}

/** The full build at the variants' post count: the reference every variant is compared with. */
function variantReference(results: BenchResults): VariantResult | null {
  const posts = results.variants[0]?.posts;
  const size = results.sizes.find((candidate) => candidate.posts === posts);
  return size ? { name: "full build (the Rundbrief runs above)", posts: size.posts, runs: size.rundbrief } : null;
}

/** Variant builds: what removing parts of Rundbrief saves against the full build. */
export function variantTable(results: BenchResults): string {
  const reference = variantReference(results);
  const full = reference ? summarise(reference.runs) : null;
  const rows = [...(reference ? [reference] : []), ...results.variants].map((variant) => {
    const { wallMs, cpuMs, peakRssBytes } = summarise(variant.runs);
    const phases = medianPhases(variant.runs);
    const savedCpu = full?.cpuMs != null && cpuMs !== null ? seconds(full.cpuMs - cpuMs) : "–";
    const paired = variant.paired?.length ? pairedSaving(variant.runs, variant.paired) : null;
    const saved = paired
      ? `${seconds(paired.wallMs)} wall, ${paired.cpuMs === null ? "–" : seconds(paired.cpuMs)} CPU (paired)`
      : `${seconds(full!.wallMs - wallMs)} wall, ${savedCpu} CPU`;
    return [
      variant.name,
      seconds(wallMs),
      variant === reference || !full ? "–" : saved,
      cpuMs === null ? "–" : seconds(cpuMs),
      seconds(phases.contentSyncMs),
      seconds(phases.bundleMs),
      seconds(phases.renderPagesMs),
      mib(peakRssBytes),
    ];
  });
  return markdownTable(["variant", "wall", "saved vs full", "CPU time", "content sync", "bundling", "pages", "peak RSS"], rows);
}

/** Where the CPU profiles of the two builds differ most, by package or bundled function. */
export function cpuProfileTable(profile: NonNullable<BenchResults["cpuProfile"]>): string {
  const buckets = new Set([...Object.keys(profile.rundbrief), ...Object.keys(profile.baseline)]);
  buckets.delete("(idle)");
  const rows = [...buckets].map((bucket) => [bucket, profile.rundbrief[bucket] ?? 0, profile.baseline[bucket] ?? 0] as const);
  const byDifference = [...rows].sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
  const shown = [...byDifference.slice(0, 15), ...byDifference.slice(-5).filter(([, a, b]) => a - b < 0)];
  const total = (side: CpuBuckets) =>
    Object.entries(side).reduce((sum, [bucket, ms]) => (bucket === "(idle)" ? sum : sum + ms), 0);
  const ms = (value: number) => `${Math.round(value)} ms`;
  return markdownTable(
    ["self time in (CPU profile, idle excluded)", "Rundbrief", "bare Astro", "difference"],
    [
      ...shown.map(([bucket, a, b]) => [bucket, ms(a), ms(b), ms(a - b)]),
      [
        "total",
        ms(total(profile.rundbrief)),
        ms(total(profile.baseline)),
        ms(total(profile.rundbrief) - total(profile.baseline)),
      ],
    ],
  );
}

function weightsRows(label: string, weights: SiteWeights): string[][] {
  const page = weights.heaviestPostPage;
  return [
    [
      `${label}: heaviest post page, HTML + CSS gzipped`,
      page ? `${kb(page.htmlCssGzipBytes)} (${page.path}, of ${weights.postPagesWeighed})` : "–",
    ],
    [`${label}: JavaScript on post pages (max)`, `${weights.maxPostPageJsBytes} bytes`],
    [
      `${label}: largest email HTML`,
      weights.largestEmail ? `${kb(weights.largestEmail.htmlBytes)} (${weights.largestEmail.id}, of ${weights.emails})` : "–",
    ],
    ...Object.entries(weights.feedBytes).map(([feed, bytes]) => [`${label}: ${feed}`, bytes > 0 ? kb(bytes) : "–"]),
  ];
}

/** Page, email and feed weights. */
export function weightsTable(results: BenchResults): string {
  const rows: string[][] = [];
  if (results.sampleWeights) rows.push(...weightsRows("sample articles", results.sampleWeights));
  if (results.generatedWeights) {
    const { posts, rundbrief, baseline } = results.generatedWeights;
    rows.push(...weightsRows(`generated, N=${posts}, Rundbrief`, rundbrief));
    rows.push(...weightsRows(`generated, N=${posts}, bare Astro`, baseline));
  }
  return markdownTable(["what", "size"], rows);
}

const SHARE_IMAGES = "share images";

/** Share-image time of one size: the cold build against the median of the warm runs. */
function shareImageTimes(size: SizeResult): { coldMs: number; warmMs: number } | null {
  if (!size.rundbriefCold) return null;
  // Drawn or copied after the pages (logged), or, in older runs, rendered as /og/ endpoints.
  const of = (run: BuildMeasurement) => (run.phases.shareImagesMs ?? 0) + (run.phases.routeGroupsMs[SHARE_IMAGES] ?? 0);
  return { coldMs: of(size.rundbriefCold), warmMs: median(size.rundbrief.map(of)) };
}

/** Share images per size: drawn (cold cache) and read from the cache (warm). */
export function shareImageTable(sizes: readonly SizeResult[]): string {
  const rows = sizes.flatMap((size) => {
    const times = shareImageTimes(size);
    if (!times) return [];
    return [
      [
        String(size.posts),
        `${seconds(times.coldMs)} (${(times.coldMs / size.posts).toFixed(1)} ms/image)`,
        `${seconds(times.warmMs)} (${(times.warmMs / size.posts).toFixed(2)} ms/image)`,
        seconds(size.rundbriefCold!.wallMs),
        seconds(summarise(size.rundbrief).wallMs),
      ],
    ];
  });
  return markdownTable(
    ["posts", "share images, cold cache", "share images, warm cache (median)", "whole build, cold", "whole build, warm (median)"],
    rows,
  );
}

/** Cold build against the warm rebuild after one changed post, with what the warm build restored. */
export function incrementalTable(result: IncrementalBenchResult): string {
  const cold = summarise(result.cold);
  const warm = summarise(result.warm);
  const restored = median(result.warm.map((run) => run.phases.pagesRestored ?? 0));
  const pages = median(result.warm.map((run) => run.phases.pages));
  return markdownTable(
    [
      "posts",
      "cold build (every page rendered)",
      "warm, one post changed",
      "warm / cold",
      "CPU warm / cold",
      "pages restored (warm)",
    ],
    [
      [
        String(result.posts),
        seconds(cold.wallMs),
        seconds(warm.wallMs),
        ratio(warm.wallMs / cold.wallMs),
        cold.cpuMs !== null && warm.cpuMs !== null ? ratio(warm.cpuMs / cold.cpuMs) : "–",
        `${restored} of ${pages}`,
      ],
    ],
  );
}

/** Pagefind's files and what one search downloads. */
export function searchTable(search: NonNullable<BenchResults["search"]>): string {
  const columns = [
    ["sample articles", search.sample],
    ["generated", search.generated],
  ].filter((column): column is [string, SearchWeights & { posts: number }] => column[1] !== null);
  const row = (label: string, cell: (weights: SearchWeights & { posts: number }) => string) => [
    label,
    ...columns.map(([, weights]) => cell(weights)),
  ];
  const total = (w: SearchWeights) => Object.values(w.download.bytesByKind).reduce((sum, bytes) => sum + bytes, 0);
  return markdownTable(
    ["what", ...columns.map(([label, weights]) => `${label} (${weights.posts} posts)`)],
    [
      row("dist/pagefind/ on disk", (w) => `${kb(w.files.bytes)} in ${w.files.files} files`),
      row("index chunks / page fragments", (w) => `${w.files.indexChunks} / ${w.files.fragments}`),
      row("one search: query, results listed", (w) => `"${w.download.query}", ${w.download.listed}`),
      row("one search: the page (HTML with its inline script and CSS)", (w) => kb(w.download.bytesByKind.page)),
      row(
        "one search: Pagefind's JavaScript (as served / gzipped)",
        (w) => `${kb(w.download.bytesByKind.javascript)} / ${kb(w.download.javascriptGzipBytes)}`,
      ),
      row("one search: WebAssembly (gzipped by Pagefind)", (w) => kb(w.download.bytesByKind.webassembly)),
      row("one search: index and fragments (gzipped by Pagefind)", (w) => kb(w.download.bytesByKind.index)),
      row("one search: everything", (w) => `${kb(total(w))} in ${w.download.requests} requests`),
    ],
  );
}

/** The newsletter runs. */
export function newsletterTable(result: NewsletterBenchResult): string {
  const calls = (run: NewsletterRunResult) =>
    run.rateLimited > 0 ? `${run.apiCalls} (${run.rateLimited} answered 429)` : String(run.apiCalls);
  const routes = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([route, count]) => `${count}× ${route}`)
      .join(", ");
  return markdownTable(
    ["run", "wall", "API calls", "calls by route"],
    [
      ["planning only (in-process, parse manifest + plan)", `${result.planMs.toFixed(0)} ms`, "0", "–"],
      ["no-op (`--send`, nothing new)", seconds(result.noop.wallMs), calls(result.noop), routes(result.noop.callsByRoute)],
      [
        "one new post (`--send`)",
        seconds(result.oneNew.wallMs),
        calls(result.oneNew),
        `${routes(result.oneNew.callsByRoute)}; broadcasts for the new post afterwards: ${result.oneNew.newPostBroadcasts}`,
      ],
      ...(result.noopWaiting
        ? [
            [
              "no-op while one campaign waits for its send time (`--send`)",
              seconds(result.noopWaiting.wallMs),
              calls(result.noopWaiting),
              routes(result.noopWaiting.callsByRoute),
            ],
          ]
        : []),
    ],
  );
}

/** Checks the targets of issue 8 against the measurements (null: not measured in this run). */
export function targetVerdicts(results: BenchResults): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const largest = results.sizes.at(-1);
  if (largest) {
    const ours = summarise(largest.rundbrief);
    const bare = summarise(largest.baseline);
    verdicts.push({
      target: `full build at N = ${largest.posts}${largest.rundbriefCold ? " with a warm share-image cache" : ""}, every page rendered, no slower than bare Astro`,
      measured:
        `wall ${seconds(ours.wallMs)} vs ${seconds(bare.wallMs)} (${ratio(ours.wallMs / bare.wallMs)})` +
        (ours.cpuMs !== null && bare.cpuMs !== null ? `; CPU ${ratio(ours.cpuMs / bare.cpuMs)}` : "") +
        (clearlyFaster(largest.rundbrief, largest.baseline) || clearlyFaster(largest.baseline, largest.rundbrief)
          ? ""
          : `; the runs of both overlap${ours.cpuMs !== null && bare.cpuMs !== null ? " in CPU time" : ""}, so: equal within noise`),
      holds: ours.wallMs <= bare.wallMs,
    });
    verdicts.push({
      target: `peak memory at N = ${largest.posts} ≤ 0.75× bare Astro`,
      measured: `${mib(ours.peakRssBytes)} vs ${mib(bare.peakRssBytes)} (${ratio(ours.peakRssBytes / bare.peakRssBytes)})`,
      holds: ours.peakRssBytes <= 0.75 * bare.peakRssBytes,
    });
  }
  const images = largest ? shareImageTimes(largest) : null;
  if (largest && images) {
    verdicts.push({
      target: `share images at N = ${largest.posts}, cold cache: ≤ ${SHARE_IMAGE_COLD_BUDGET_MS} ms per image`,
      measured: `${(images.coldMs / largest.posts).toFixed(1)} ms per image (${seconds(images.coldMs)} in all)`,
      holds: images.coldMs / largest.posts <= SHARE_IMAGE_COLD_BUDGET_MS,
    });
    verdicts.push({
      target: `share images at N = ${largest.posts}, warm cache: ≤ ${seconds(SHARE_IMAGE_WARM_BUDGET_MS)} in all`,
      measured: `${seconds(images.warmMs)} (median of the runs)`,
      holds: images.warmMs <= SHARE_IMAGE_WARM_BUDGET_MS,
    });
  }
  if (results.incremental) {
    const cold = summarise(results.incremental.cold);
    const warm = summarise(results.incremental.warm);
    verdicts.push({
      target: `warm rebuild after one changed post at N = ${results.incremental.posts} ≤ ${INCREMENTAL_TARGET_RATIO}× a cold build of the same commit`,
      measured: `${seconds(warm.wallMs)} vs ${seconds(cold.wallMs)} (${ratio(warm.wallMs / cold.wallMs)})`,
      holds: warm.wallMs <= INCREMENTAL_TARGET_RATIO * cold.wallMs,
    });
  }
  const weighed = [results.sampleWeights, results.generatedWeights?.rundbrief].filter((w): w is SiteWeights => w != null);
  const heaviest = weighed
    .map((w) => w.heaviestPostPage)
    .filter((page) => page !== null)
    .sort((a, b) => b.htmlCssGzipBytes - a.htmlCssGzipBytes)[0];
  if (heaviest) {
    verdicts.push({
      target: "post page ≤ 14 KB HTML + CSS gzipped (heaviest of sample and generated)",
      measured: `${kb(heaviest.htmlCssGzipBytes)} (${heaviest.path})`,
      holds: heaviest.htmlCssGzipBytes <= POST_PAGE_BUDGET_BYTES,
    });
    const maxJs = Math.max(...weighed.map((w) => w.maxPostPageJsBytes));
    verdicts.push({ target: "0 bytes of JavaScript on post pages", measured: `${maxJs} bytes`, holds: maxJs === 0 });
  }
  if (results.newsletter) {
    verdicts.push({
      target: "no-op newsletter run ≤ 2 API calls",
      measured: String(results.newsletter.noop.apiCalls),
      holds: results.newsletter.noop.apiCalls <= 2,
    });
    if (results.newsletter.noopWaiting) {
      verdicts.push({
        target: "no-op newsletter run while a campaign waits for its send time ≤ 2 API calls",
        measured: String(results.newsletter.noopWaiting.apiCalls),
        holds: results.newsletter.noopWaiting.apiCalls <= 2,
      });
    }
    verdicts.push({
      target: `planning ${results.newsletter.posts} posts${results.newsletter.editions ? ` and ${results.newsletter.editions} editions` : ""} < 1 s`,
      measured: `${results.newsletter.planMs.toFixed(0)} ms in-process; whole no-op CLI run ${seconds(results.newsletter.noop.wallMs)}`,
      holds: results.newsletter.planMs < 1000,
    });
  }
  if (results.starter) {
    const s = results.starter;
    verdicts.push({
      target: "starter's `npm ci --omit=dev` ≤ 1/3 of the template's install",
      measured: `${s.installOmitDevMb.toFixed(0)} MB vs ${s.templateInstallMb.toFixed(0)} MB (${ratio(s.installOmitDevMb / s.templateInstallMb)})`,
      holds: s.installOmitDevMb <= s.templateInstallMb / 3,
    });
    verdicts.push({
      target: "starter's publish path (install, build, send) ≤ 60 s",
      measured: seconds(s.publishWallMs),
      holds: s.publishWallMs <= 60_000,
    });
  }
  const emailWeights = results.sampleWeights ?? results.generatedWeights?.rundbrief ?? null;
  if (emailWeights?.largestEmail) {
    verdicts.push({
      target: `largest ${results.sampleWeights ? "sample" : "generated"} email ≤ 50 KB`,
      measured: `${kb(emailWeights.largestEmail.htmlBytes)} (${emailWeights.largestEmail.id})`,
      holds: emailWeights.largestEmail.htmlBytes <= EMAIL_BUDGET_BYTES,
    });
  }
  return verdicts;
}

/** The verdicts as a table. */
export function targetsTable(verdicts: readonly TargetVerdict[]): string {
  const mark = (holds: boolean | null) => (holds === null ? "not measured" : holds ? "holds" : "misses");
  return markdownTable(
    ["target", "measured", "verdict"],
    verdicts.map((v) => [v.target, v.measured, mark(v.holds)]),
  );
}

/** Rundbrief minus baseline, per Astro phase and per route group, largest first. */
function costlyDifferences(size: SizeResult): Array<[string, number, number]> {
  const ours = medianPhases(size.rundbrief);
  const bare = medianPhases(size.baseline);
  const rows: Array<[string, number, number]> = PHASES.filter(([key]) => key !== "astroTotalMs").map(([key, label]) => [
    label,
    ours[key],
    bare[key],
  ]);
  const groups = new Set([...Object.keys(ours.routeGroupsMs), ...Object.keys(bare.routeGroupsMs)]);
  for (const group of groups)
    rows.push([`${group} (page times)`, ours.routeGroupsMs[group] ?? 0, bare.routeGroupsMs[group] ?? 0]);
  return rows.sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
}

/** Findings derived from the numbers: where Rundbrief pays and what the variants save. */
export function findings(results: BenchResults): string[] {
  const notes: string[] = [];
  const largest = results.sizes.at(-1);
  if (largest) {
    const ours = summarise(largest.rundbrief);
    const bare = summarise(largest.baseline);
    const cpu = ours.cpuMs !== null && bare.cpuMs !== null ? `, CPU ${seconds(ours.cpuMs)} vs ${seconds(bare.cpuMs)}` : "";
    notes.push(`At N = ${largest.posts}: wall ${seconds(ours.wallMs)} vs ${seconds(bare.wallMs)}${cpu}.`);
    const costly = costlyDifferences(largest).filter(([, a, b]) => a - b >= 300);
    if (costly.length > 0) {
      notes.push(
        `Where Rundbrief spends more than the baseline: ${costly
          .slice(0, 5)
          .map(([label, a, b]) => `${label} +${seconds(a - b)} (${seconds(a)} vs ${seconds(b)})`)
          .join("; ")}.`,
      );
    }
    const ourPhases = medianPhases(largest.rundbrief);
    const barePhases = medianPhases(largest.baseline);
    notes.push(
      `Feeds: Rundbrief's three feeds (the newest posts only, rendered once and shared) take ${seconds(ourPhases.routeGroupsMs.feeds ?? 0)}; ` +
        `the baseline's one full-content RSS of all ${largest.posts} posts takes ${seconds(barePhases.routeGroupsMs.feeds ?? 0)}. ` +
        `Newsletter endpoints (emails only for the posts since \`since\`) take ${seconds(ourPhases.routeGroupsMs.newsletter ?? 0)}.`,
    );
    const images = shareImageTimes(largest);
    notes.push(
      `Search and share images: Pagefind indexes the ${largest.posts} post pages in ${seconds(ourPhases.searchIndexMs)}` +
        (images
          ? `; the share images take ${seconds(images.warmMs)} with the cache warm and ${seconds(images.coldMs)} when all are drawn (the cold build took ${seconds(largest.rundbriefCold!.wallMs)} in all).`
          : "."),
    );
    const peakPhase = (runs: readonly BuildMeasurement[]) => {
      const byPhase: Record<string, number> = runs[0]?.peakRssByPhase ?? {};
      return Object.entries(byPhase).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "unknown";
    };
    const bundlingPeak = (runs: readonly BuildMeasurement[]) => median(runs.map((r) => r.peakRssByPhase.bundling));
    notes.push(
      `Memory: while bundling, Rundbrief ${mib(bundlingPeak(largest.rundbrief))} vs baseline ${mib(bundlingPeak(largest.baseline))}; ` +
        `the overall peak falls in "${peakPhase(largest.rundbrief)}" for Rundbrief and "${peakPhase(largest.baseline)}" for the baseline.`,
    );
  }
  if (results.cpuProfile) {
    const { rundbrief, baseline } = results.cpuProfile;
    const busy = (side: CpuBuckets) =>
      Object.entries(side).reduce((sum, [bucket, ms]) => (bucket === "(idle)" ? sum : sum + ms), 0);
    const extra = Object.keys(rundbrief)
      .filter((bucket) => !bucket.startsWith("("))
      .map((bucket) => [bucket, (rundbrief[bucket] ?? 0) - (baseline[bucket] ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6);
    notes.push(
      `CPU profile at N = ${results.cpuProfile.posts}: Rundbrief's main process is busy ${seconds(busy(rundbrief))} against ${seconds(busy(baseline))}; ` +
        `the largest extra buckets are ${extra.map(([bucket, ms]) => `${bucket} +${Math.round(ms)} ms`).join(", ")}.`,
    );
  }
  const reference = variantReference(results);
  if (reference) {
    const full = summarise(reference.runs);
    for (const variant of results.variants) {
      const { wallMs, cpuMs, peakRssBytes } = summarise(variant.runs);
      let time: string;
      let memory = `peak RSS ${mib(peakRssBytes)} against ${mib(full.peakRssBytes)}`;
      if (variant.paired?.length) {
        const saving = pairedSaving(variant.runs, variant.paired);
        const amounts = `median of the pairs: ${seconds(saving.wallMs)} wall${saving.cpuMs === null ? "" : `, ${seconds(saving.cpuMs)} CPU`}`;
        time =
          saving.verdict === "saves"
            ? `is faster than the full build in every pair (${amounts} saved)`
            : saving.verdict === "costs"
              ? `is slower than the full build in every pair (${amounts} saved, i.e. the full build is faster)`
              : `makes no consistent difference in time: the pairs disagree (${amounts} saved)`;
        memory = `peak RSS ${mib(peakRssBytes)} against ${mib(summarise(variant.paired).peakRssBytes)} for the paired full builds`;
      } else {
        const savedWall = full.wallMs - wallMs;
        const savedCpu = full.cpuMs !== null && cpuMs !== null ? full.cpuMs - cpuMs : null;
        time = clearlyFaster(variant.runs, reference.runs)
          ? `saves ${seconds(savedWall)} wall${savedCpu === null ? "" : ` and ${seconds(savedCpu)} CPU`} (medians)`
          : `makes no measurable difference in time: its runs overlap the full build's (median wall ${seconds(savedWall)}${savedCpu === null ? "" : `, CPU ${seconds(savedCpu)}`} less)`;
      }
      const largest = results.sizes.at(-1);
      const ofBaseline =
        largest && largest.posts === reference.posts
          ? ` (${ratio(peakRssBytes / summarise(largest.baseline).peakRssBytes)} of bare Astro)`
          : "";
      notes.push(`"${variant.name}" ${time}; ${memory}${ofBaseline}.`);
    }
  }
  return notes;
}

/** Install sizes and the publish path of the starter. */
export function starterTable(result: StarterBenchResult): string {
  return markdownTable(
    ["what", "measured"],
    [
      ["`npm ci --omit=dev` (what the publish jobs install)", `${result.installOmitDevMb.toFixed(0)} MB`],
      ["full `npm ci` (with playwright-core for the email preview)", `${result.installFullMb.toFixed(0)} MB`],
      ["the template's full install, for comparison", `${result.templateInstallMb.toFixed(0)} MB`],
      ...result.publishSteps.map((step) => [`publish path: ${step.label}`, seconds(step.wallMs)]),
      ["publish path in all", `${seconds(result.publishWallMs)} (${result.broadcasts} broadcast on the fake Resend)`],
    ],
  );
}

/** What the script prints to the terminal at the end. */
export function renderSummary(results: BenchResults): string {
  const parts = [buildTable(results.sizes)];
  const largest = results.sizes.at(-1);
  if (largest) parts.push(phaseTable(largest), memoryPhaseTable(largest));
  if (results.variants.length > 0) parts.push(variantTable(results));
  if (results.cpuProfile) parts.push(cpuProfileTable(results.cpuProfile));
  if (results.sizes.some((size) => size.rundbriefCold)) parts.push(shareImageTable(results.sizes));
  if (results.incremental) parts.push(incrementalTable(results.incremental));
  parts.push(weightsTable(results));
  if (results.search && (results.search.sample || results.search.generated)) parts.push(searchTable(results.search));
  if (results.newsletter) parts.push(newsletterTable(results.newsletter));
  if (results.import) parts.push(importTable(results.import));
  if (results.starter) parts.push(starterTable(results.starter));
  parts.push(targetsTable(targetVerdicts(results)));
  parts.push(
    findings(results)
      .map((note) => `- ${note}`)
      .join("\n"),
  );
  if (results.skipped.length > 0) parts.push(results.skipped.map((reason) => `skipped: ${reason}`).join("\n"));
  return parts.join("\n\n");
}

/** The full docs/benchmarks.md text. */
export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const largest = results.sizes.at(-1);
  const sections = [
    "# Benchmarks",
    `Written by \`${results.command}\` (scripts/bench/bench.ts) on ${m.date}${results.quick ? " — a **--quick** smoke run, not representative" : ""}. ` +
      "Do not edit by hand; rerun the command instead.",
    "## Machine",
    markdownTable(
      ["fact", "value"],
      [
        ["CPU cores (nproc)", `${m.cpus} (${m.cpuModel})`],
        ["memory", mib(m.memoryBytes)],
        ["Node", m.node],
        ["Astro / @astrojs/mdx", `${m.astro} / ${m.mdx}`],
        ["commit", m.commit],
        ["load average (1 min) at start / end", `${m.loadStart.toFixed(2)} / ${m.loadEnd.toFixed(2)}`],
      ],
    ),
    "The machine is shared: other work ran at the same time, so absolute timings are noisy. " +
      "Rundbrief and baseline builds alternate within each round so both see the same noise; compare ratios rather than seconds.",
    "## How it was measured",
    [
      `- Posts: generated German MDX, about 900 words each (headings, a list, a quote, a TypeScript code block, one \`<Tipp>\`), an inline image in every 4th post and a hero image in every 10th, tags from a set of 8, dates spread over 8 years with 3 in the last 30 days.`,
      `- Rundbrief: \`node scripts/build.ts --site-only\` (what \`npm run build:site\` runs: \`astro build\` with the V8 heap limit sized to the posts, see scripts/lib/build-heap.ts; its numbers include that wrapper, one more Node process of about 50 MiB) of a snapshot of the commit above (\`git archive\` into a temp folder, this repository's node_modules linked), so edits to the working tree during the run cannot change what is measured; RUNDBRIEF_CONTENT_DIR points at the posts, a fresh output folder every build and one share-image cache per size (filled by a first, cold build; see "Share images"), BUILD_NOW fixed and NEWSLETTER_SINCE 30 days back (so 3 posts get emails).`,
      `- Bare Astro baseline: its own project in a temp folder (scripts/bench/baseline.ts) linked to this repository's node_modules, so the same Astro and MDX versions: one glob collection, list paginated by 20, post pages (with the hero image), tag pages, and an RSS feed with the full content of **all** posts rendered through the Container API. Nothing else; built with \`node node_modules/astro/bin/astro.mjs build\` and Astro's defaults (no heap limit, MDX without \`optimize\`).`,
      `- Two build settings of Rundbrief's own lower its memory, both part of every \`npm run build\`: MDX \`optimize\` (static parts of a post compile to one HTML string, so Rolldown bundles far less code) and the V8 heap limit (V8 otherwise lets garbage grow towards its default of several GiB). The profiling variant without the limit shows what the limit alone saves.`,
      `- ${results.runs} clean build(s) per side and size (output and .astro removed; Rundbrief keeps its cache folder with the share images, but never the pages of an earlier build); the table shows medians.`,
      "- CPU time: user + system time of the build and all its child processes (GNU time); less disturbed by other load than wall time.",
      "- Peak RSS: sum of VmRSS over the build process and all its descendants, sampled from /proc every 100 ms.",
      "- Phase timings come from Astro's own build log; per-group page times are sums of the `(+N ms)` it prints for every page.",
    ].join("\n"),
    "## Build time and memory",
    buildTable(results.sizes),
  ];
  if (largest) {
    sections.push(`### Where the time goes at N = ${largest.posts}`, phaseTable(largest));
    sections.push(`### Where the memory goes at N = ${largest.posts}`, memoryPhaseTable(largest));
  }
  if (results.variants.length > 0) {
    sections.push(
      `### Profiling variants at N = ${results.variants[0]!.posts}`,
      "The same snapshot of the project with parts removed or a setting changed (the repository itself is not touched), built like the full build. " +
        "Each variant run follows a full build of its own, and savings are the medians of those pairs' differences: the machine's speed drifts between the start and the end of a run.",
      variantTable(results),
    );
  }
  if (results.cpuProfile) {
    sections.push(
      `### CPU profile at N = ${results.cpuProfile.posts}`,
      "One extra build per side with `node --cpu-prof` (main process; sampling adds overhead, so compare the two columns, not with the tables above). " +
        "Self time by npm package, or by function for code bundled into the output (`output: <chunk> <function>`: the project's pages and modules, and Astro's runtime such as jsx-runtime). " +
        "The 15 buckets where Rundbrief spends most over the baseline, then those where it spends less.",
      cpuProfileTable(results.cpuProfile),
    );
  }
  if (results.sizes.some((size) => size.rundbriefCold)) {
    sections.push(
      "## Share images",
      "The first build of each size starts with an empty share-image cache and draws every card (satori, then sharp for the PNG); the measured builds above reuse that cache, as the starter's workflows keep it with actions/cache. " +
        "Times are what the build logs for this step (`Teilen-Bilder: … (N ms)`): drawing the missing cards and copying every PNG into dist/og/.",
      shareImageTable(results.sizes),
    );
  }
  if (results.incremental) {
    const n = results.incremental;
    sections.push(
      "## Incremental builds",
      `At N = ${n.posts}, ${n.cold.length} pair(s): a build whose cache folder holds no pages (share images and content layer warm, every page rendered) fills it, then the title of one post (\`${n.changedPost}\`) changes and the same commit builds again into the same output and cache folders, as the starter's workflows keep \`.rundbrief-cache/\` with actions/cache. ` +
        "Pages restored are those Astro logs as `(restored)`; the rest (the post itself, the pages that show its title, and every page without a cache key: home, archive, feeds, emails) are rendered.",
      incrementalTable(n),
    );
  }
  sections.push("## Weights", weightsTable(results));
  if (results.search && (results.search.sample || results.search.generated)) {
    sections.push(
      "## Search",
      "Pagefind's output in dist/pagefind/, and one search as a reader runs it: Chromium opens `/suche/?q=…` on a local static server and every response is added up until the results are listed. " +
        "The server does not compress; Pagefind gzips its index and WebAssembly files itself, and the JavaScript is shown gzipped too.",
      searchTable(results.search),
    );
  }
  if (results.newsletter) {
    const n = results.newsletter;
    sections.push(
      "## Newsletter",
      `${n.posts} posts${n.editions ? ` and ${n.editions} weekly editions` : ""} in a generated manifest, ${n.existingBroadcasts} sent broadcasts on the fake Resend server (tests/fake-resend, with Resend's 2 requests/s limit), the newest campaigns already sent, \`since\` 30 days back. ` +
        "`rundbrief newsletter --send --no-wait-live --manifest <path>` as a child process; API calls as the fake counted them.",
      newsletterTable(n),
    );
  }
  // Its table carries its own heading and description.
  if (results.import) sections.push(importTable(results.import));
  if (results.starter) {
    sections.push(
      "## Starter",
      "A blog made from examples/starter of the commit above: the package packed with `npm pack`, installed offline into a copy of the starter (tests/support/starter.ts), " +
        "its lockfile written by `npm prune --omit=dev`. Sizes are `du -sb` of node_modules in MB (10^6 bytes); the template's is this repository's own node_modules, what copying the template installed. " +
        "The publish path runs the starter's steps one after another from an empty node_modules with a warm npm cache (as a CI cache gives it): the build of its sample posts, then the send against the fake Resend.",
      starterTable(results.starter),
    );
  }
  sections.push("## Targets", targetsTable(targetVerdicts(results)));
  sections.push(
    "## Findings",
    findings(results)
      .map((note) => `- ${note}`)
      .join("\n"),
  );
  if (results.skipped.length > 0)
    sections.push("## Not measured in this run", results.skipped.map((reason) => `- ${reason}`).join("\n"));
  sections.push(
    "## Commands",
    [
      "```sh",
      "npm run bench                       # N = 100, 500, 2000; 3 runs each; newsletter; weights",
      "npm run bench -- --profile          # plus variants (without emails, without feeds, without the heap limit) and CPU profiles at the largest N",
      "npm run bench -- --quick            # N = 20, 1 run: the smoke check tests/bench.test.ts runs",
      "npm run bench -- --sizes 100,500 --runs 1 --out /tmp/bench.md",
      "npm run bench -- --from node_modules/.cache/rundbrief-bench/last-run.json   # re-render the last run, no measuring",
      "```",
    ].join("\n"),
  );
  return `${sections.join("\n\n")}\n`;
}
