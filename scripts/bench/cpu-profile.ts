/**
 * Where a build's CPU goes, by package and by the project's own functions: reads the
 * V8 CPU profiles that `node --cpu-prof` writes and sums self time per bucket, so a
 * Rundbrief build and the baseline can be compared line by line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Self time in milliseconds per bucket (a package, the project's code, V8 itself). */
export type CpuBuckets = Record<string, number>;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Env that makes every Node process of a build write a CPU profile into `dir`. */
export function cpuProfileEnv(dir: string): Record<string, string> {
  return { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` };
}

/**
 * The bucket of one frame: "<package>" for node_modules, "output: <chunk> <function>" for
 * code bundled into the build output (the project's pages and modules, and Astro's
 * runtime such as jsx-runtime), "MDX post modules" for the compiled posts, "node
 * internals", or V8's own "(garbage collector)", "(program)", "(idle)".
 */
export function bucketOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "native code";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  if (url.startsWith("wasm://")) return "WebAssembly (shiki, image tools)";
  const chunk = /\/chunks\/([^/]+?)(?:_[A-Za-z0-9_-]{8})?\.mjs$/.exec(url);
  if (chunk) return /-\d{4}$/.test(chunk[1]!) ? "MDX post modules" : `output: ${chunk[1]} ${functionName || "(anonymous)"}`;
  return `other: ${url.split("/").slice(-2).join("/")}`;
}

/** Sums self time per bucket over every .cpuprofile in `dir`. */
export function readCpuBuckets(dir: string): CpuBuckets {
  const buckets: CpuBuckets = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const node = byId.get(id);
      if (!node) return;
      const bucket = bucketOf(node.callFrame);
      buckets[bucket] = (buckets[bucket] ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000;
    });
  }
  return buckets;
}
