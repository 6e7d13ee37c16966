/** Command-line flags of `rundbrief newsletter`, parsed and checked before anything else happens. */
import { parseArgs } from "node:util";
import { parseArgsProblem } from "./cli-io.ts";
import { DIGEST_KEY_PATTERN, campaignName } from "../../src/lib/newsletter/manifest.ts";

/** The parsed command line. */
export interface NewsletterArgs {
  send: boolean;
  json: boolean;
  /** `--post <id>`: only this post. */
  post: string | null;
  /** The campaign `--post`, `--edition` or `--digest` asks for, by broadcast name (`post:<id>`, …); null: all. */
  only: string | null;
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
export const DEFAULT_MANIFEST = "dist-newsletter/manifest.json";

/** Shown for --help and after a usage error. */
export const NEWSLETTER_USAGE = `Verwendung: rundbrief newsletter [Optionen]

Ohne Optionen wird nur geplant: Welche Kampagnen (Artikel, Ausgaben, Übersichten) würden versendet,
angepasst, zurückgezogen oder übersprungen – und warum.

  --send                 Plan ausführen: je Kampagne genau eine Resend-Kampagne, zu ihrer Versandzeit
  --json                 Plan (und Ergebnis) als JSON auf stdout ausgeben
  --post <id>            nur die Kampagne dieses Artikels betrachten
  --edition <id>         nur diese Ausgabe (content/editions/<id>.mdx) betrachten
  --digest <zeitraum>    nur diese Übersicht betrachten, z. B. 2026-W49, 2026-12-07 oder 2026-12
  --test <adresse>       eine Kampagne (--post, --edition, --digest oder den neuesten Artikel)
                         nur an diese Adresse senden
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
        edition: { type: "string" },
        digest: { type: "string" },
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
  if (values.edition !== undefined && values.edition.trim() === "")
    throw new UsageError("--edition braucht die ID einer Ausgabe.");
  if (values.digest !== undefined && !DIGEST_KEY_PATTERN.test(values.digest.trim()))
    throw new UsageError(
      `--digest „${values.digest}“: erwartet ist ein Zeitraum wie 2026-W49 (Woche), 2026-12-07 (Tag) oder 2026-12 (Monat).`,
    );
  const chosen = [
    values.post !== undefined ? campaignName("post", values.post.trim()) : null,
    values.edition !== undefined ? campaignName("edition", values.edition.trim()) : null,
    values.digest !== undefined ? campaignName("digest", values.digest.trim()) : null,
  ].filter((name): name is string => name !== null);
  if (chosen.length > 1)
    throw new UsageError("--post, --edition und --digest schließen sich aus: bitte nur eine Kampagne wählen.");
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
    only: chosen[0] ?? null,
    test: values.test ?? null,
    force: values.force,
    waitLive: !values["no-wait-live"],
    waitLiveSeconds,
    manifest: values.manifest ?? DEFAULT_MANIFEST,
    help: values.help,
  };
}
