/**
 * The V8 heap limit `npm run build` gives `astro build`. V8 grows its heap lazily up to a
 * default of several GiB, so a big build holds far more garbage than live data: at 2000
 * posts the live heap is about 250 MiB while the process grows past 2 GiB. A limit sized
 * to the number of posts makes V8 collect early (the benchmark's variant without the
 * limit shows the difference, docs/benchmarks.md). If a build still runs out of heap,
 * `rundbrief build` runs it again without the limit, so a wrong estimate costs time,
 * never the build.
 */

/** The variable that sets the limit by hand (MiB), or turns it off with 0. */
export const HEAP_LIMIT_VARIABLE = "RUNDBRIEF_BUILD_HEAP_MB";

/** Never below this: start-up, the content layer and Vite need about 100 MiB on their own. */
export const MIN_HEAP_LIMIT_MB = 1024;

/**
 * Well above the measured live heap (roughly 90 MiB + 0.08 MiB per post: 500 posts built
 * with a 128 MiB limit, 2000 posts ran out at 256 MiB but not at 384 MiB): 256 MiB + 1/3 MiB
 * per post is about 3.5× that from 2000 posts on, never below MIN_HEAP_LIMIT_MB.
 */
export function heapLimitForPosts(postCount: number): number {
  return Math.max(MIN_HEAP_LIMIT_MB, 256 + Math.ceil(postCount / 3));
}

/** What the build does about the heap limit, and why. */
export type HeapLimit =
  { limitMb: number; reason: "posts" | "variable" } | { limitMb: null; reason: "node-options" | "variable" };

/** A bad RUNDBRIEF_BUILD_HEAP_MB, with what to set instead. */
export class HeapLimitError extends Error {}

/**
 * Chooses the limit: none when NODE_OPTIONS already sets one (the user decided) or the
 * variable is 0, the variable's value when set, otherwise one sized to the posts.
 */
export function chooseHeapLimit(env: Record<string, string | undefined>, postCount: number): HeapLimit {
  if (/--max[-_]old[-_]space[-_]size\b/.test(env.NODE_OPTIONS ?? "")) return { limitMb: null, reason: "node-options" };
  const raw = env[HEAP_LIMIT_VARIABLE]?.trim();
  if (raw === undefined || raw === "") return { limitMb: heapLimitForPosts(postCount), reason: "posts" };
  if (!/^\d+$/.test(raw)) {
    throw new HeapLimitError(
      `${HEAP_LIMIT_VARIABLE} „${raw}“ ist keine ganze Zahl ≥ 0. Erlaubt sind MiB (z. B. 2048) oder 0 für „keine Begrenzung“.`,
    );
  }
  const limitMb = Number(raw);
  return limitMb === 0 ? { limitMb: null, reason: "variable" } : { limitMb, reason: "variable" };
}

/** NODE_OPTIONS with the limit added (the user's own options kept). */
export function nodeOptionsWithHeapLimit(nodeOptions: string | undefined, limitMb: number): string {
  return [nodeOptions?.trim(), `--max-old-space-size=${limitMb}`].filter(Boolean).join(" ");
}

/** Whether a process's stderr ends with V8's out-of-heap report. */
export function ranOutOfHeap(stderr: string): boolean {
  return /JavaScript heap out of memory|Reached heap limit/.test(stderr);
}
