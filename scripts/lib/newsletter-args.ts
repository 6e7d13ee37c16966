/** Command-line flags of `rundbrief newsletter`, parsed and checked before anything else happens. */
import { parseArgs } from "node:util";
import { parseArgsProblem } from "./cli-io.ts";

/** The parsed command line. */
export interface NewsletterArgs {
  send: boolean;
  json: boolean;
  /** `--post <id>`: only this post. */
  post: string | null;
  /** `--test <address>`: mail one post to one address instead of the segment. */
  test: string | null;
  force: boolean;
  /** False with `--no-wait-live`. */
  waitLive: boolean;
  /** `--wait-live <seconds>`; null: NEWSLETTER_LIVE_WAIT_SECONDS or the default. */
  waitLiveSeconds: number | null;
  manifest: string;
  help: boolean;
}

/** A command line that cannot work; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

/** Where the build writes the manifest. */
export const DEFAULT_MANIFEST = "dist/newsletter/manifest.json";

/** Shown for --help and after a usage error. */
export const NEWSLETTER_USAGE = `Verwendung: rundbrief newsletter [Optionen]

Ohne Optionen wird nur geplant: Welche Artikel würden versendet, fortgesetzt, übersprungen – und warum.

  --send                 Plan ausführen: je neuem Artikel genau eine Resend-Kampagne senden
  --json                 Plan (und Ergebnis) als JSON auf stdout ausgeben
  --post <id>            nur diesen Artikel betrachten
  --test <adresse>       einen Artikel (--post oder den neuesten) nur an diese Adresse senden
  --force                Obergrenze pro Lauf (maxPerRun) aufheben; der Stichtag (since) gilt weiter
  --no-wait-live         nicht warten, bis die Artikel-URL mit 200 antwortet
  --wait-live <sek>      so lange auf die Artikel-URL warten (Standard 600)
  --manifest <pfad>      anderes Manifest (Standard ${DEFAULT_MANIFEST})
  -h, --help             diese Hilfe

Umgebung: RESEND_API_KEY (nur für --send/--test und den Abgleich), RESEND_SEGMENT_ID,
NEWSLETTER_SINCE, NEWSLETTER_MAX_PER_RUN, NEWSLETTER_FROM, NEWSLETTER_REPLY_TO,
NEWSLETTER_LIVE_WAIT_SECONDS, NEWSLETTER_JOURNAL_DIR, RESEND_BASE_URL, RESEND_MIN_INTERVAL_MS.
Exit-Codes: 0 erledigt, 1 fehlgeschlagen, 2 Aufruf- oder Konfigurationsfehler.`;

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Parses argv (without node and the script); throws UsageError with a German message. */
export function parseNewsletterArgs(argv: string[]): NewsletterArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        send: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        post: { type: "string" },
        test: { type: "string" },
        force: { type: "boolean", default: false },
        "no-wait-live": { type: "boolean", default: false },
        "wait-live": { type: "string" },
        manifest: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`Unbekannter oder unvollständiger Aufruf: ${parseArgsProblem(error)}`);
  }

  if (values.send && values.test !== undefined)
    throw new UsageError("--send und --test schließen sich aus: --test schickt nur eine Testmail.");
  if (values.test !== undefined && !ADDRESS.test(values.test))
    throw new UsageError(`--test „${values.test}“ ist keine E-Mail-Adresse.`);
  if (values.post !== undefined && values.post.trim() === "") throw new UsageError("--post braucht eine Artikel-ID.");
  let waitLiveSeconds: number | null = null;
  if (values["wait-live"] !== undefined) {
    waitLiveSeconds = Number(values["wait-live"]);
    if (!Number.isFinite(waitLiveSeconds) || waitLiveSeconds < 0) {
      throw new UsageError(`--wait-live „${values["wait-live"]}“ muss eine Anzahl Sekunden ≥ 0 sein.`);
    }
  }
  return {
    send: values.send,
    json: values.json,
    post: values.post?.trim() ?? null,
    test: values.test ?? null,
    force: values.force,
    waitLive: !values["no-wait-live"],
    waitLiveSeconds,
    manifest: values.manifest ?? DEFAULT_MANIFEST,
    help: values.help,
  };
}
