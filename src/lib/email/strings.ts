/**
 * The newsletter email's reader-facing strings, keyed by language like the site's
 * dictionary in src/lib/i18n.ts, so another language is one more entry here.
 */
export const emailUi = {
  de: {
    readInBrowser: "Im Browser lesen",
    readOnSite: "Artikel auf der Website lesen",
    publishedOn: (date: string) => `Veröffentlicht am ${date}`,
    whyYouGetThis: (site: string) =>
      `Sie erhalten diese E-Mail, weil Sie den Newsletter von ${site} abonniert haben. Pro neuem Artikel kommt genau eine E-Mail.`,
    unsubscribe: "Newsletter abbestellen",
    imprint: "Impressum",
    privacy: "Datenschutz",
    tipTitle: "Tipp",
    checklistTitle: "Checkliste",
    exampleTitle: "Beispiel",
  },
} as const;

/** The email strings for the site's language. */
export const emailStrings = emailUi.de;
