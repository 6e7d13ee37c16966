/**
 * How a command that holds RESEND_API_KEY runs: everything it writes passes through
 * redactSecret, a bad config ends with its German message and exit 2, and anything
 * unexpected with its stack (redacted too) and exit 1.
 */
import { ConfigError } from "../../src/config-error.ts";
import { EXIT, type CommandContext, type CommandIo } from "./cli-io.ts";
import { redactSecret } from "./newsletter-output.ts";

/** Runs `body` with redacted output; `what` names the command in the message of an unexpected error. */
export async function runRedacted(
  what: string,
  context: CommandContext,
  body: (context: CommandContext, secret: string | null) => Promise<number>,
): Promise<number> {
  const secret = context.env.RESEND_API_KEY?.trim() || null;
  const io: CommandIo = {
    out: (text) => context.io.out(redactSecret(text, secret)),
    err: (text) => context.io.err(redactSecret(text, secret)),
  };
  try {
    return await body({ ...context, io }, secret);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return EXIT.usage;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`Unerwarteter Fehler in ${what}:\n${detail}`);
    return EXIT.failed;
  }
}
