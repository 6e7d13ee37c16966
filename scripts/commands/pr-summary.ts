/**
 * `rundbrief pr-summary <id> …`: Markdown for the pull-request job summary, from the
 * built manifest and the newsletter dry run (the same run as `rundbrief newsletter
 * --json`, in-process). Needs a build first.
 */
import { resolve } from "node:path";
import { DEFAULT_MANIFEST } from "../lib/newsletter-args.ts";
import { BuildOutputError, readManifestFile } from "../lib/newsletter-files.ts";
import { renderPrSummary, type PlanJson } from "../lib/pr-summary.ts";
import { EXIT, parseCommandArgs, type Command } from "../lib/cli-io.ts";
import { loadConfig } from "../lib/load-config.ts";
import { runNewsletter } from "./newsletter.ts";

const HELP = `Verwendung: rundbrief pr-summary [--manifest <pfad>] <id> …

Schreibt eine Markdown-Zusammenfassung für Pull Requests auf stdout: je geändertem
Artikel die Größe seiner E-Mail und was ein Merge verschicken würde. Braucht einen Build
(rundbrief build --site-only oder rundbrief preview); Standard-Manifest: ${DEFAULT_MANIFEST}.`;

/** `rundbrief pr-summary`. */
export const prSummaryCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    const parsed = parseCommandArgs(
      { args: argv, allowPositionals: true, options: { manifest: { type: "string", default: DEFAULT_MANIFEST } } },
      HELP,
      io,
    );
    if (!parsed) return EXIT.usage;
    const shown = parsed.values.manifest;
    let manifest;
    try {
      manifest = readManifestFile(resolve(cwd, shown), shown);
    } catch (error) {
      if (!(error instanceof BuildOutputError)) throw error;
      io.err(error.message);
      return EXIT.usage;
    }
    let json = "";
    const problems: string[] = [];
    const code = await runNewsletter(
      ["--json", "--manifest", shown],
      env,
      { out: (text) => (json += text), err: (text) => problems.push(text) },
      cwd,
    );
    if (code !== EXIT.done) {
      io.err(problems.join("\n"));
      return code;
    }
    io.out(renderPrSummary(parsed.positionals, manifest, JSON.parse(json) as PlanJson, await loadConfig(cwd)).trimEnd());
    return EXIT.done;
  },
};
