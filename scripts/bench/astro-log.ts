/**
 * Reads the phase timings Astro prints during `astro build` (content sync, bundling,
 * page generation, image optimisation) and sums the per-page times by route group, so
 * a benchmark can say where a build spends its time without a profiler.
 */

/** Seconds spent in each phase of one build, as Astro reported them. */
export interface BuildPhases {
  /** "Collecting build info": content sync, schema validation, type generation. */
  contentSyncMs: number;
  /** "Building static entrypoints": the Vite/Rolldown bundles (server + client). */
  bundleMs: number;
  /** "generating static routes": rendering and writing every page and endpoint. */
  renderPagesMs: number;
  /** "generating optimized images". */
  imagesMs: number;
  /** Time Astro reports for the whole build ("N page(s) built in"). */
  astroTotalMs: number;
  /** Rundbrief's Pagefind run after the pages are written (0 when the log has none). */
  searchIndexMs: number;
  /** Rundbrief's share images, drawn or copied from the cache after the pages (0 when the log has none). */
  shareImagesMs: number;
  /** Pages written. */
  pages: number;
  /** Of those, pages Astro copied from its incremental-build cache instead of rendering (0 in older saved runs). */
  pagesRestored?: number;
  /** Per-page render times summed by route group (first path segment, feeds together). */
  routeGroupsMs: Record<string, number>;
}

// Astro colours its output unless told otherwise; timings are read from plain text.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Astro prints durations as "812ms", "1.23s" or "1m 8s". */
const DURATION = String.raw`(?:\d+m )?[\d.]+m?s`;

function toMs(duration: string): number {
  const match = /^(?:(\d+)m )?([\d.]+)(ms|s)$/.exec(duration);
  if (!match) return 0;
  const minutes = Number(match[1] ?? 0);
  return minutes * 60_000 + (match[3] === "ms" ? Number(match[2]) : Number(match[2]) * 1000);
}

/** First path segments of Rundbrief and of the baseline, by what the pages are. */
const GROUP_OF_SEGMENT: Record<string, string> = {
  artikel: "post pages",
  posts: "post pages",
  themen: "tag pages",
  tags: "tag pages",
  seite: "list pages",
  "index.html": "list pages",
  archiv: "archive",
  newsletter: "newsletter",
  og: "share images",
};

/** The route group a generated path belongs to, e.g. "/artikel/x/index.html" → "post pages". */
export function routeGroup(path: string): string {
  if (/^\/(rss\.xml|atom\.xml|feed\.json)$/.test(path)) return "feeds";
  const first = path.split("/")[1] ?? "";
  if (/^\d+$/.test(first)) return "list pages";
  return GROUP_OF_SEGMENT[first] ?? "other";
}

function completedAfter(lines: string[], marker: RegExp): number {
  const start = lines.findIndex((line) => marker.test(line));
  if (start < 0) return 0;
  for (const line of lines.slice(start + 1)) {
    const match = new RegExp(`✓ Completed in (${DURATION})`).exec(line);
    if (match) return toMs(match[1]!);
  }
  return 0;
}

/**
 * Astro's own record of what one build did per generated path: each path's log line ends
 * in "(restored)" or "(cached)" when Astro copied it from the incremental-build cache
 * (from its cache folder, or left in the output folder), and in its render time otherwise.
 */
export function pageOutcomes(output: string): { rendered: string[]; restored: string[] } {
  const outcomes = { rendered: [] as string[], restored: [] as string[] };
  for (const line of output.replace(ANSI, "").split("\n")) {
    const match = /[├└]─ (\/[^\s[]*)(.*)$/.exec(line);
    if (match) (/ \((?:restored|cached)\)/.test(match[2]!) ? outcomes.restored : outcomes.rendered).push(match[1]!);
  }
  return outcomes;
}

/** Extracts the phase timings from the full output of one `astro build`. */
export function parseAstroBuildLog(output: string): BuildPhases {
  const lines = output.replace(ANSI, "").split("\n");
  const routeGroupsMs: Record<string, number> = {};
  let bundleMs = 0;
  // A page's own console output can split its line: the timing then follows on a later line.
  let pendingRoute: string | null = null;
  for (const line of lines) {
    const route = /[├└]─ (\/[^\s[]*)/.exec(line);
    if (route) pendingRoute = route[1]!;
    const timing = new RegExp(`\\(\\+(${DURATION})\\)`).exec(line);
    if (timing && pendingRoute !== null) {
      const group = routeGroup(pendingRoute);
      routeGroupsMs[group] = (routeGroupsMs[group] ?? 0) + toMs(timing[1]!);
      pendingRoute = null;
    }
    const bundle = new RegExp(`\\[vite\\] ✓ built in (${DURATION})`).exec(line);
    if (bundle) bundleMs += toMs(bundle[1]!);
  }
  const search = /Suchindex: \d+ Artikel in pagefind\/ \((\d+) ms\)/.exec(lines.join("\n"));
  const images = /Teilen-Bilder: \d+ in og\/ .*\((\d+) ms\)/.exec(lines.join("\n"));
  const total = new RegExp(`(\\d+) page\\(s\\) built in (${DURATION})`).exec(lines.join("\n"));
  return {
    contentSyncMs: completedAfter(lines, /Collecting build info/),
    bundleMs,
    renderPagesMs: completedAfter(lines, /generating static routes/),
    imagesMs: completedAfter(lines, /generating optimized images/),
    astroTotalMs: total ? toMs(total[2]!) : 0,
    searchIndexMs: search ? Number(search[1]) : 0,
    shareImagesMs: images ? Number(images[1]) : 0,
    pages: total ? Number(total[1]) : 0,
    pagesRestored: pageOutcomes(output).restored.length,
    routeGroupsMs,
  };
}
