/**
 * The one way Rundbrief runs `astro build`: the blog's own Astro, in the blog's folder,
 * with the build secrets removed from the environment (`astro build --verbose` prints it
 * whole). Used by `rundbrief build`, `rundbrief preview`, the tests and the benchmark.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Variables the static build never needs and must never print or embed. */
export const BUILD_SECRETS = ["RESEND_API_KEY", "SUBSCRIBE_SECRET"] as const;

/** `env` without the build secrets. */
function withoutBuildSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !(BUILD_SECRETS as readonly string[]).includes(name)));
}

/** The astro CLI the blog in `cwd` has installed; throws a German hint when there is none. */
function astroBin(cwd: string): string {
  try {
    const manifest = createRequire(join(cwd, "package.json")).resolve("astro/package.json");
    return join(dirname(manifest), "bin/astro.mjs");
  } catch {
    throw new Error(
      `In ${cwd} ist Astro nicht installiert. Bitte zuerst \`npm ci\` (oder \`npm install\`) im Ordner des Blogs ausführen.`,
    );
  }
}

/** How to run the build. */
export interface AstroBuildOptions {
  /** The blog's folder. */
  cwd: string;
  /** The environment; the build secrets are removed from it. */
  env: NodeJS.ProcessEnv;
  /** More arguments for `astro build`, e.g. --verbose. */
  args?: readonly string[];
  /** "inherit" passes output through as it comes; "capture" keeps it for the caller. */
  output: "inherit" | "capture";
}

/** What the build did; with "inherit" stdout is empty and stderr holds only its end. */
export interface AstroBuildResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Enough of stderr to find V8's out-of-heap report at its end when output is passed through. */
const STDERR_TAIL_BYTES = 64 * 1024;

/** Runs `astro build` once and resolves when it has ended. */
export function runAstroBuild(options: AstroBuildOptions): Promise<AstroBuildResult> {
  const capture = options.output === "capture";
  const child = spawn(process.execPath, [astroBin(options.cwd), "build", ...(options.args ?? [])], {
    cwd: options.cwd,
    env: withoutBuildSecrets(options.env),
    stdio: ["ignore", capture ? "pipe" : "inherit", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => {
    if (capture) stderr += chunk.toString();
    else {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_BYTES);
    }
  });
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code: code ?? (signal ? 1 : 0), stdout, stderr }));
  });
}
