/**
 * A blog made from the starter with the package as npm installs it, offline: the tarball
 * of `npm pack`, installed into a copy of examples/starter whose node_modules starts as a
 * hard-linked copy of the project's, then pruned to what the starter needs. Used by the
 * package test and the benchmark.
 */
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";

/** PATH with this Node first, so npm's scripts and the CLI run on the same Node as the caller. */
export const NODE_PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;

/**
 * npm, quiet and offline: no test may need the registry. Offline, npm cannot fetch the
 * registry document it reads to resolve a peer dependency (astro) even when node_modules
 * already has it; --legacy-peer-deps skips that look-up (the package test checks the
 * peer range with `npm ls` instead).
 */
export function npmOffline(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--offline", "--no-audit", "--no-fund", "--loglevel=error", "--legacy-peer-deps"], {
    cwd,
    env: { ...process.env, PATH: NODE_PATH, npm_config_update_notifier: "false" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `npm pack` of the project in `projectDir` (prepack builds lib/); the tarball's path and its file list. */
export function packPackage(projectDir: string, destination: string): { tarball: string; files: string[] } {
  const [packed] = JSON.parse(npmOffline(["pack", "--json", "--pack-destination", destination], projectDir)) as [
    { filename: string; files: { path: string }[] },
  ];
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

/** Copies `projectDir`/examples/starter to `blogDir` and installs `tarball` there; writes the blog's lockfile. */
export function installStarter(projectDir: string, blogDir: string, tarball: string): void {
  cpSync(join(projectDir, "examples/starter"), blogDir, { recursive: true });
  // A hard-linked copy: the tarball's dependencies are all there already, so npm needs no registry.
  execFileSync("cp", ["-al", join(projectDir, "node_modules/"), join(blogDir, "node_modules")]);
  for (const scratch of [".cache", ".astro", ".vite"])
    rmSync(join(blogDir, "node_modules", scratch), { recursive: true, force: true });
  // The project's lockfile as the start: it knows every platform's optional packages, so
  // the lockfile npm writes for the blog is complete enough for `npm ci`.
  cpSync(join(projectDir, "package-lock.json"), join(blogDir, "package-lock.json"));
  npmOffline(["install", tarball], blogDir);
  npmOffline(["prune", "--omit=dev"], blogDir);
}
