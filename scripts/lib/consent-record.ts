/**
 * One subscriber's consent record ("Nachweis der Einwilligung") as proof of double
 * opt-in (§ 7 UWG): built once as plain data from the Resend contact and the wording of
 * its form version, then rendered as Markdown or as a self-contained printable HTML
 * document. Everything shown is a value from the contact or the blog's config; nothing
 * is looked up here.
 */
import type { Imprint } from "../../src/config.ts";
import { CONSENT_PROPERTY_KEYS } from "../../src/lib/subscribe/consent.ts";
import { escapeHtml } from "../../src/lib/subscribe/html.ts";
import { TOKEN_TTL_HOURS } from "../../src/lib/subscribe/token.ts";
import type { ConsentWording } from "./consent-wording.ts";
import { missingConsent, statusText, WELCOME_PROPERTY_KEY } from "./subscribers-csv.ts";
import type { SegmentInfo, SubscriberContact } from "./subscribers-resend.ts";

/** Everything a record is made of. */
export interface ConsentRecordInput {
  contact: SubscriberContact;
  segment: SegmentInfo;
  /** The wording of the contact's form version; null when that version is unknown (or none is stored). */
  wording: ConsentWording | null;
  site: { title: string; url: string; imprint: Imprint };
  /** The blog's time zone: times are shown in it and as ISO UTC. */
  timeZone: string;
  /** When the record is produced. */
  producedAt: Date;
}

/** One line of the record's table. */
export interface RecordFact {
  label: string;
  value: string;
}

/** A part of the record below the table: a heading, and a verbatim quote or plain paragraphs. */
export interface RecordSection {
  heading: string;
  quote?: string;
  paragraphs: string[];
}

/** The record as data, rendered by recordMarkdown and recordHtml. */
export interface ConsentRecord {
  title: string;
  intro: string[];
  facts: RecordFact[];
  warnings: string[];
  sections: RecordSection[];
  footer: string[];
}

/** The title of every record. */
export const RECORD_TITLE = "Nachweis der Einwilligung (Double-Opt-in)";

/** "28.11.2026, 14:03:12 Uhr (Europe/Berlin) · 2026-11-28T13:03:12.000Z (UTC)"; an unreadable value as it is, marked. */
export function formatInstant(value: string, timeZone: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return `${value} (kein lesbarer Zeitpunkt)`;
  const local = new Intl.DateTimeFormat("de-DE", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone,
  }).format(date);
  return `${local} Uhr (${timeZone}) · ${date.toISOString()} (UTC)`;
}

/** The page of the signup as stored, with its full address when it is a path of the site. */
function pageText(page: string, siteUrl: string): string {
  if (!page.startsWith("/") || !URL.canParse(page, siteUrl)) return page;
  return `${page} (${new URL(page, siteUrl).href})`;
}

/** `consent_page` of a proof taken over by `rundbrief subscribers import`: `import:mailchimp`, `import:csv`. */
const IMPORT_PAGE_PREFIX = "import:";

/** The import's own properties, shown in the record's import section instead of among the others. */
const IMPORT_DETAIL_KEYS = ["consent_import_file", "consent_import_sha256", "consent_optin_ip", "consent_confirm_ip"];

const IMPORT_SOURCE_TEXT: Record<string, string> = {
  mailchimp: "Mailchimp (Export der Zielgruppe)",
  csv: "CSV-Export eines anderen Anbieters (Spalten beim Import zugeordnet)",
};

/** The record's part on an imported proof: where it came from and what the export said. */
function importSection(source: string, properties: Record<string, string>, at: (value: string | undefined) => string) {
  const notInExport = "– (nicht im Export)";
  return {
    heading: "Import vom bisherigen Anbieter",
    paragraphs: [
      `Quelle: ${IMPORT_SOURCE_TEXT[source] ?? source}`,
      `Datei: ${properties.consent_import_file ?? "– (nicht gespeichert)"}`,
      `SHA-256 der Datei: ${properties.consent_import_sha256 ?? "– (nicht gespeichert)"}`,
      `Eingetragen (Opt-in) laut Export: ${properties.consent_requested_at ? at(properties.consent_requested_at) : notInExport}`,
      `IP-Adresse bei der Eintragung: ${properties.consent_optin_ip ?? notInExport}`,
      `Bestätigt (Double-Opt-in) laut Export: ${properties.consent_at ? at(properties.consent_at) : notInExport}`,
      `IP-Adresse bei der Bestätigung: ${properties.consent_confirm_ip ?? notInExport}`,
      "Das Double-Opt-in hat beim bisherigen Anbieter stattgefunden, nicht über das Anmeldeformular dieses Blogs. " +
        "Die Zeitpunkte und IP-Adressen stammen aus dessen Export und wurden beim Import unverändert übernommen " +
        "(Zeiten nach UTC umgerechnet); die Datei ist über ihre Prüfsumme eindeutig bestimmt. Den Wortlaut von Formular " +
        "und Bestätigungsmail belegt der bisherige Anbieter; er ist hier nicht hinterlegt.",
    ],
  };
}

/** Builds the record of one contact. */
export function buildConsentRecord(input: ConsentRecordInput): ConsentRecord {
  const { contact, segment, wording, site, timeZone, producedAt } = input;
  const properties = contact.properties ?? {};
  const at = (value: string | undefined) => (value ? formatInstant(value, timeZone) : "– (nicht gespeichert)");
  const version = properties.consent_form_version;
  const importedFrom = properties.consent_page?.startsWith(IMPORT_PAGE_PREFIX)
    ? properties.consent_page.slice(IMPORT_PAGE_PREFIX.length)
    : null;
  // An export need not have an opt-in time; only the confirmation proves the double opt-in.
  const missing = importedFrom === null ? missingConsent(contact) : [];
  const warnings: string[] = [];

  if (importedFrom !== null && !properties.consent_at) {
    warnings.push(
      "Importiert ohne Zeitpunkt der Bestätigung (consent_at fehlt): ein Double-Opt-in beim bisherigen Anbieter ist " +
        "für diese Adresse damit nicht belegt. Vor dem nächsten Versand erneut um Bestätigung bitten oder den Kontakt löschen.",
    );
  }
  if (missing.length > 0) {
    warnings.push(
      `Kein Nachweis gespeichert: am Kontakt ${missing.length === 1 ? "fehlt" : "fehlen"} ${missing.join(", ")}. ` +
        "Eine Bestätigung über das Anmeldeformular (Double-Opt-in) ist für diese Adresse damit nicht belegt, " +
        "etwa weil der Kontakt importiert oder von Hand angelegt wurde. Vor dem nächsten Versand erneut um " +
        "Bestätigung bitten (Anmeldeformular) oder den Kontakt löschen.",
    );
  }
  if (version && !wording && importedFrom === null) {
    warnings.push(
      `Zur Formularversion „${version}“ ist kein Wortlaut hinterlegt: der Text, dem zugestimmt wurde, lässt sich so nicht belegen.`,
    );
  }
  if (version && wording?.verified === false) {
    warnings.push(
      `Die Datei der Version „${version}“ stimmt nicht mehr mit ihrer Prüfsumme in consent/index.json überein: der zitierte Wortlaut kann nachträglich geändert worden sein. Den Wortlaut aus der Git-Historie belegen (git log -p -- consent/${version}.md).`,
    );
  }
  const requested = Date.parse(properties.consent_requested_at ?? "");
  const confirmed = Date.parse(properties.consent_at ?? "");
  if (!Number.isNaN(requested) && !Number.isNaN(confirmed)) {
    if (confirmed < requested)
      warnings.push("Die Bestätigung liegt zeitlich vor der Anforderung: die gespeicherten Daten sind widersprüchlich.");
    // The link's lifetime is this blog's rule; another provider's confirmation may come days later.
    else if (importedFrom === null && confirmed - requested > TOKEN_TTL_HOURS * 3_600_000)
      warnings.push(
        `Zwischen Anforderung und Bestätigung liegen mehr als ${TOKEN_TTL_HOURS} Stunden, länger als ein Bestätigungslink gilt.`,
      );
  }

  const facts: RecordFact[] = [
    { label: "E-Mail-Adresse", value: contact.email },
    ...(contact.firstName || contact.lastName
      ? [{ label: "Name", value: [contact.firstName, contact.lastName].filter(Boolean).join(" ") }]
      : []),
    { label: "Kontakt-ID bei Resend", value: contact.id },
    {
      label: "Status",
      value: contact.unsubscribed
        ? `${statusText(contact)} (erhält keine Newsletter mehr)`
        : `${statusText(contact)} (erhält den Newsletter)`,
    },
    { label: "Segment", value: `${segment.name} (${segment.id})` },
    { label: "Kontakt angelegt", value: contact.createdAt ? formatInstant(contact.createdAt, timeZone) : "– (unbekannt)" },
    { label: "Anmeldung angefordert", value: at(properties.consent_requested_at) },
    { label: "Anmeldung bestätigt", value: at(properties.consent_at) },
    {
      label: "Seite der Anmeldung",
      value:
        importedFrom !== null
          ? `${properties.consent_page} (übernommen aus einem Export, siehe „Import vom bisherigen Anbieter“)`
          : properties.consent_page
            ? pageText(properties.consent_page, site.url)
            : "– (nicht gespeichert)",
    },
    {
      label: "Formularversion",
      value:
        importedFrom !== null && version
          ? `${version} (Formular des bisherigen Anbieters)`
          : (version ?? "– (nicht gespeichert)"),
    },
    ...(wording?.sha256 ? [{ label: "SHA-256 der Fassung", value: wording.sha256 }] : []),
    ...(properties[WELCOME_PROPERTY_KEY]
      ? [{ label: "Willkommensmail verschickt", value: formatInstant(properties[WELCOME_PROPERTY_KEY], timeZone) }]
      : []),
  ];

  const sections: RecordSection[] = [];
  if (importedFrom !== null) {
    sections.push(importSection(importedFrom, properties, at));
  } else if (!version) {
    sections.push({
      heading: "Wortlaut der Einwilligung",
      paragraphs: ["Keine Formularversion gespeichert: welcher Text gezeigt wurde, ist nicht bekannt."],
    });
  } else if (!wording) {
    sections.push({
      heading: `Wortlaut der Einwilligung (Version ${version})`,
      paragraphs: [`Für die Version „${version}“ ist kein Wortlaut hinterlegt.`],
    });
  } else {
    sections.push({
      heading: `Wortlaut der Einwilligung im Formular (Version ${version})`,
      quote: wording.form,
      paragraphs: ["Diesen Satz hat die Person neben dem Kontrollkästchen des Anmeldeformulars bestätigt."],
    });
    sections.push(
      wording.confirmationMail === undefined
        ? {
            heading: `Bestätigungsmail (Version ${version})`,
            paragraphs: ["Der Wortlaut der Bestätigungsmail dieser Version ist nicht hinterlegt."],
          }
        : { heading: `Bestätigungsmail (Version ${version})`, quote: wording.confirmationMail, paragraphs: [] },
    );
  }
  if (importedFrom === null)
    sections.push({
      heading: "Ablauf der Anmeldung",
      paragraphs: [
        "Nach dem Absenden des Anmeldeformulars erhält die Adresse eine E-Mail mit einem persönlichen, " +
          `signierten Bestätigungslink, der ${TOKEN_TTL_HOURS} Stunden gilt („Anmeldung angefordert“). ` +
          "Eingetragen wird die Adresse erst, wenn die Anmeldung auf der Seite dieses Links ausdrücklich bestätigt wird " +
          "(„Anmeldung bestätigt“); erst dann werden Kontakt und Einwilligung bei Resend gespeichert. " +
          "Jede Newsletter-Mail enthält einen Link zum Abbestellen.",
      ],
    });
  const others = Object.entries(properties)
    .filter(([key]) => !(CONSENT_PROPERTY_KEYS as readonly string[]).includes(key) && key !== WELCOME_PROPERTY_KEY)
    .filter(([key]) => importedFrom === null || !IMPORT_DETAIL_KEYS.includes(key))
    .sort(([a], [b]) => a.localeCompare(b));
  if (others.length > 0) {
    sections.push({
      heading: "Weitere Angaben am Kontakt",
      paragraphs: others.map(([key, value]) => `${key}: ${value}`),
    });
  }

  const imprint = [site.imprint.name, ...site.imprint.address, site.imprint.email].join(", ");
  return {
    title: RECORD_TITLE,
    intro: [`Newsletter: ${site.title} (${site.url})`, `Verantwortlich: ${imprint}`],
    facts,
    warnings,
    sections,
    footer: [
      `Erstellt am ${formatInstant(producedAt.toISOString(), timeZone)} mit „rundbrief subscribers show“ aus den beim Versanddienst Resend gespeicherten Daten des Kontakts.`,
    ],
  };
}

/**
 * Text as Markdown shows it literally: inline syntax characters escaped everywhere, block
 * syntax (heading, quote, list, rule) at the start of a line; dates and addresses stay readable.
 */
export function escapeMarkdown(text: string, block = true): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const inline = line.replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`);
      return block ? inline.replace(/^(\s*)([#>+=-])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2") : inline;
    })
    .join(block ? "  \n" : "<br>");
}

/** The record as Markdown. */
export function recordMarkdown(record: ConsentRecord): string {
  const e = escapeMarkdown;
  const lines = [`# ${e(record.title)}`, "", ...record.intro.flatMap((line) => [`${e(line)}  `]), ""];
  for (const warning of record.warnings) lines.push(`> **Achtung:** ${e(warning)}`, "");
  lines.push("| Angabe | Wert |", "| --- | --- |");
  // Table cells are not line starts: only inline syntax (and the cell separator |) needs escaping.
  for (const fact of record.facts) lines.push(`| ${e(fact.label, false)} | ${e(fact.value, false)} |`);
  lines.push("");
  for (const section of record.sections) {
    lines.push(`## ${e(section.heading)}`, "");
    if (section.quote !== undefined) lines.push(...section.quote.split(/\r?\n/).map((line) => `> ${e(line)}`), "");
    for (const paragraph of section.paragraphs) lines.push(e(paragraph), "");
  }
  lines.push("---", "", ...record.footer.map((line) => e(line)), "");
  return lines.join("\n");
}

const PRINT_CSS = `
  :root { color-scheme: light; }
  body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; background: #fff; max-width: 48rem; margin: 2rem auto; padding: 0 1.5rem; }
  h1 { font-size: 18pt; margin: 0 0 .5rem; }
  h2 { font-size: 13pt; margin: 1.5rem 0 .5rem; break-after: avoid; }
  p.intro { margin: 0; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border: 1px solid #999; overflow-wrap: anywhere; }
  th { width: 30%; font-weight: bold; background: #f2f2f2; }
  tr { break-inside: avoid; }
  blockquote { margin: .5rem 0; padding: .5rem 1rem; border-left: 4px solid #333; background: #f7f7f7; white-space: pre-wrap; }
  .warning { border: 2px solid #b00020; color: #b00020; padding: .5rem 1rem; margin: 1rem 0; font-weight: bold; }
  footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #999; font-size: 9pt; color: #333; }
  @page { size: A4; margin: 20mm; }
  @media print { body { margin: 0; max-width: none; padding: 0; } th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

/** The record as one HTML document: inline CSS for screen and print, nothing loaded from anywhere, every value escaped. */
export function recordHtml(record: ConsentRecord): string {
  const e = escapeHtml;
  const multiline = (text: string) => text.split(/\r?\n/).map(e).join("<br>");
  const body = [
    `<h1>${e(record.title)}</h1>`,
    ...record.intro.map((line) => `<p class="intro">${e(line)}</p>`),
    ...record.warnings.map((warning) => `<p class="warning" role="alert">Achtung: ${e(warning)}</p>`),
    "<table>",
    ...record.facts.map((fact) => `<tr><th scope="row">${e(fact.label)}</th><td>${e(fact.value)}</td></tr>`),
    "</table>",
    ...record.sections.flatMap((section) => [
      `<h2>${e(section.heading)}</h2>`,
      ...(section.quote !== undefined ? [`<blockquote>${e(section.quote)}</blockquote>`] : []),
      ...section.paragraphs.map((paragraph) => `<p>${multiline(paragraph)}</p>`),
    ]),
    `<footer>${record.footer.map((line) => `<p>${e(line)}</p>`).join("")}</footer>`,
  ];
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(record.title)}: ${e(record.facts[0]?.value ?? "")}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
${body.join("\n")}
</body>
</html>
`;
}
