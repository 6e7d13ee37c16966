#!/usr/bin/env node
/**
 * The `rundbrief` bin: checks the Node version, then runs the command line in the current
 * folder (the blog's) and exits with its code.
 */
import { nodeVersionProblem } from "./lib/node-version.ts";
import { processIo } from "./lib/cli-io.ts";
import { runCli } from "./lib/cli.ts";

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  processIo.err(problem);
  process.exitCode = 2;
} else {
  process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, io: processIo });
}
