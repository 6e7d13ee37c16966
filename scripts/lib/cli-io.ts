/** What a CLI command writes to and reads from: streams and environment, passed in so commands run in tests without a process. */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Output of a command: `out` for results, `err` for problems and progress around them. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/** Everything a command gets besides its arguments. */
export interface CommandContext {
  /** The blog's folder (where rundbrief.config.ts and astro.config.mjs are). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  io: CommandIo;
}

/** One command of `rundbrief`: its German help and the function that runs it. */
export interface Command {
  /** The full `--help` text. */
  help: string;
  /** The help for a subcommand's arguments (e.g. `subscribers import --help`), when it has its own. */
  helpFor?(argv: readonly string[]): string;
  run(argv: string[], context: CommandContext): Promise<number>;
}

/** Exit codes of every command. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** The process's own streams, one line per call. */
export const processIo: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * A command's flags through node:util's parseArgs; on a command line that cannot work it
 * writes the German reason and the command's help and returns null (the caller exits 2).
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  config: T,
  help: string,
  io: CommandIo,
): ReturnType<typeof parseArgs<T>> | null {
  try {
    return parseArgs(config);
  } catch (error) {
    io.err(`Unbekannter oder unvollständiger Aufruf: ${parseArgsProblem(error)}\n\n${help}`);
    return null;
  }
}

/** node:util's parseArgs errors in German, naming the option; anything else as it came. */
export function parseArgsProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-{1,2}[^'\s]+)/.exec(message ?? "")?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `die Option „${option}“ gibt es nicht.`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
    return /does not take an argument/.test(message ?? "")
      ? `die Option „${option}“ nimmt keinen Wert.`
      : `die Option „${option}“ braucht einen Wert.`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
    return `unerwartete Angabe „${/'([^']*)'/.exec(message ?? "")?.[1] ?? ""}“.`;
  return message ?? String(error);
}

/** True when argv asks for help (-h or --help anywhere). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}
