/**
 * The `rundbrief` command as a function: parses the command name, loads only that
 * command and runs it in the given folder (the blog's). Each command is a thin binding
 * around functions that the tests call without a process; the exit codes are the same
 * everywhere: 0 done, 1 failed, 2 usage or configuration error.
 */
import { ConfigError } from "../../src/config-error.ts";
import { EXIT, wantsHelp, type Command, type CommandContext } from "./cli-io.ts";

/** Every command by name with its one-line summary, loaded on demand (the preview alone needs a browser). */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  build: {
    summary: "Website, Feeds und E-Mails bauen, danach Newsletter-Plan (Trockenlauf)",
    load: async () => (await import("../commands/build.ts")).buildCommand,
  },
  check: {
    summary: "Frontmatter und MDX aller Artikel prüfen (in Millisekunden)",
    load: async () => (await import("../commands/check.ts")).checkCommand,
  },
  new: { summary: "Neuen Artikel als Entwurf anlegen", load: async () => (await import("../commands/new.ts")).newCommand },
  newsletter: {
    summary: "Versandplan zeigen; mit --send je neuem Artikel genau eine Kampagne senden",
    load: async () => (await import("../commands/newsletter.ts")).newsletterCommand,
  },
  preview: {
    summary: "E-Mails bauen, prüfen und als Screenshots ablegen (auch für Entwürfe)",
    load: async () => (await import("../commands/preview.ts")).previewCommand,
  },
  due: {
    summary: "Hat der stündliche Lauf etwas zu tun? (für den Zeitplan in GitHub Actions)",
    load: async () => (await import("../commands/due.ts")).dueCommand,
  },
  "subscribe-serve": {
    summary: "Anmelde-Funktion als Node-Server starten (Hoster ohne Funktionen, lokal)",
    load: async () => (await import("../commands/subscribe-serve.ts")).subscribeServeCommand,
  },
  subscribers: {
    summary: "Abonnenten: Nachweis der Einwilligung zeigen, alle exportieren, einen löschen",
    load: async () => (await import("../commands/subscribers.ts")).subscribersCommand,
  },
  "pr-summary": {
    summary: "Markdown-Zusammenfassung für Pull Requests (E-Mail-Größe, was ein Merge verschickt)",
    load: async () => (await import("../commands/pr-summary.ts")).prSummaryCommand,
  },
};

function overview(): string {
  const lines = ["Verwendung: rundbrief <Befehl> [Optionen]", "", "Befehle:"];
  for (const [name, { summary }] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(16)} ${summary}`);
  lines.push(
    "",
    "Hilfe zu einem Befehl: rundbrief <Befehl> --help",
    "Exit-Codes: 0 erledigt, 1 fehlgeschlagen, 2 Aufruf- oder Konfigurationsfehler.",
  );
  return lines.join("\n");
}

/** Runs `rundbrief <argv>` and returns the exit code. */
export async function runCli(argv: string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? context.io.err : context.io.out)(overview());
    return name === undefined ? EXIT.usage : EXIT.done;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    context.io.err(`Unbekannter Befehl „${name}“.\n\n${overview()}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (wantsHelp(rest)) {
    context.io.out(command.helpFor?.(rest) ?? command.help);
    return EXIT.done;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    if (error instanceof ConfigError) {
      context.io.err(error.message);
      return EXIT.usage;
    }
    throw error;
  }
}
