/**
 * Runs a child process and measures it: wall time, CPU time and the peak resident memory
 * of its whole process tree (the sum of VmRSS over the process and all its descendants, read
 * from /proc every ~100 ms). `/usr/bin/time -v` would report only the largest single
 * process, and Astro builds fan out into esbuild and worker processes.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** GNU time: when present, it reports the CPU time of the whole (reaped) process tree. */
const GNU_TIME = "/usr/bin/time";

/** How often the process tree is sampled. */
export const SAMPLE_INTERVAL_MS = 100;

/** What one measured run produced. */
export interface MeasuredRun {
  exitCode: number | null;
  wallMs: number;
  peakRssBytes: number;
  /** User + system CPU time of the process and all its descendants; null without /usr/bin/time. */
  cpuMs: number | null;
  /** Every sample: milliseconds since start and the tree's RSS then. */
  rssTimeline: Array<[number, number]>;
  /** The last lines of stdout and stderr together, for error messages. */
  outputTail: string;
}

/** Options for runMeasured. */
export interface MeasuredRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called with every chunk of output, e.g. to collect it in full. */
  onOutput?: (chunk: string) => void;
}

function parentPid(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may contain spaces; fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sum of VmRSS of `rootPid` and all its descendants right now. */
export function processTreeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentPid(entry);
    if (parent === null) continue;
    const siblings = children.get(parent) ?? [];
    siblings.push(Number(entry));
    children.set(parent, siblings);
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    total += residentBytes(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs `command args` to completion, sampling the memory of its process tree. */
export async function runMeasured(command: string, args: string[], options: MeasuredRunOptions): Promise<MeasuredRun> {
  // CPU time is far less disturbed than wall time by other work on a shared machine.
  const timeDir = existsSync(GNU_TIME) ? mkdtempSync(join(tmpdir(), "bench-time-")) : null;
  const timeFile = timeDir ? join(timeDir, "cpu") : null;
  const [file, argv] = timeFile ? [GNU_TIME, ["-f", "%U %S", "-o", timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let peakRssBytes = 0;
  const rssTimeline: Array<[number, number]> = [];
  const sample = () => {
    if (child.pid === undefined) return;
    const bytes = processTreeRssBytes(child.pid);
    rssTimeline.push([performance.now() - started, bytes]);
    peakRssBytes = Math.max(peakRssBytes, bytes);
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  let tail = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    options.onOutput?.(text);
    tail = (tail + text).slice(-8000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  clearInterval(timer);
  const wallMs = performance.now() - started;
  let cpuMs: number | null = null;
  if (timeDir && timeFile) {
    const [user, system] = (existsSync(timeFile) ? readFileSync(timeFile, "utf8") : "")
      .trim()
      .split("\n")
      .at(-1)!
      .split(" ")
      .map(Number);
    if (Number.isFinite(user) && Number.isFinite(system)) cpuMs = (user! + system!) * 1000;
    rmSync(timeDir, { recursive: true, force: true });
  }
  return { exitCode, wallMs, peakRssBytes, cpuMs, rssTimeline, outputTail: tail.split("\n").slice(-30).join("\n") };
}
