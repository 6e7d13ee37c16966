/**
 * What a blog made from the starter costs: its install size without and with dev tools,
 * against the repository's own full install (what copying the template meant), and its
 * publish path on this machine: `npm ci --offline --omit=dev` from the starter's lockfile
 * (a warm npm cache, as a CI cache gives it), the build of the sample posts, and the
 * newsletter run against the fake Resend.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SEGMENT_ID, startFakeResend } from "../../tests/fake-resend/server.ts";
import { NODE_PATH, installStarter, npmOffline, packPackage } from "../../tests/support/starter.ts";
import { runMeasured } from "./memory.ts";

/** One step of the publish path. */
export interface PublishStep {
  label: string;
  wallMs: number;
}

/** The starter's numbers. */
export interface StarterBenchResult {
  /** `npm ci --omit=dev` of the starter, MB on disk. */
  installOmitDevMb: number;
  /** Full `npm ci` of the starter (with playwright-core for the email preview), MB. */
  installFullMb: number;
  /** The repository's own node_modules without caches: what a blog copied from the template installed, MB. */
  templateInstallMb: number;
  publishSteps: PublishStep[];
  publishWallMs: number;
  /** Broadcasts the fake Resend holds afterwards (the sample has one post after `since`). */
  broadcasts: number;
}

/** Size of a folder in MB (10^6 bytes) as `du` counts it, hard links once. */
function megabytes(dir: string, exclude: string[] = []): number {
  const out = execFileSync("du", ["-sb", ...exclude.map((name) => `--exclude=${name}`), dir], { encoding: "utf8" });
  return Number(out.split("\t")[0]) / 1e6;
}

/** Packs the snapshot in `projectDir`, installs the starter next to it and measures it. */
export async function benchStarter(
  workDir: string,
  projectDir: string,
  repositoryRoot: string,
  now: Date,
): Promise<StarterBenchResult> {
  mkdirSync(workDir, { recursive: true });
  const { tarball } = packPackage(projectDir, workDir);
  const blog = join(workDir, "mein-blog");
  installStarter(projectDir, blog, tarball);
  const modules = join(blog, "node_modules");

  rmSync(modules, { recursive: true, force: true });
  npmOffline(["ci"], blog);
  const installFullMb = megabytes(modules);

  const fake = await startFakeResend();
  try {
    const env = {
      ...process.env,
      PATH: NODE_PATH,
      RESEND_API_KEY: "",
      BUILD_NOW: now.toISOString(),
      SITE_URL: "https://blog.example.de",
      ASTRO_TELEMETRY_DISABLED: "1",
      FORCE_COLOR: "0",
    };
    const bin = join(modules, ".bin/rundbrief");
    rmSync(modules, { recursive: true, force: true });
    const steps: Array<[string, string, string[], Record<string, string>]> = [
      [
        "npm ci --offline --omit=dev",
        "npm",
        ["ci", "--offline", "--omit=dev", "--no-audit", "--no-fund", "--legacy-peer-deps"],
        {},
      ],
      ["rundbrief build --site-only", process.execPath, [bin, "build", "--site-only"], {}],
      [
        "rundbrief newsletter --send",
        process.execPath,
        [bin, "newsletter", "--send", "--no-wait-live"],
        { RESEND_API_KEY: fake.apiKey, RESEND_BASE_URL: fake.url, RESEND_SEGMENT_ID: SEGMENT_ID },
      ],
    ];
    const publishSteps: PublishStep[] = [];
    for (const [label, command, args, extra] of steps) {
      const run = await runMeasured(command, args, { cwd: blog, env: { ...env, ...extra } });
      if (run.exitCode !== 0) throw new Error(`starter: ${label} exited with code ${run.exitCode}:\n${run.outputTail}`);
      publishSteps.push({ label, wallMs: run.wallMs });
    }
    return {
      installOmitDevMb: megabytes(modules, [".astro", ".vite"]),
      installFullMb,
      templateInstallMb: megabytes(join(repositoryRoot, "node_modules"), [".cache", ".astro", ".vite"]),
      publishSteps,
      publishWallMs: publishSteps.reduce((sum, step) => sum + step.wallMs, 0),
      broadcasts: fake.broadcasts().length,
    };
  } finally {
    await fake.stop();
  }
}
