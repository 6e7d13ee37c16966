import { z } from "zod";

/**
 * Every UI string in one dictionary. Another language is another entry here plus
 * `lang`/`locale` in the site config; a blog replaces single texts with `strings`.
 */
export const ui = {
  de: {
    skipToContent: "Zum Inhalt springen",
    mainNav: "Hauptnavigation",
    home: "Artikel",
    topics: "Themen",
    archive: "Archiv",
    search: "Suche",
    subscribe: "Newsletter",
    imprint: "Impressum",
    privacy: "Datenschutz",
    feeds: "Feeds",
    newestPosts: "Neueste Artikel",
    page: (n: number) => `Seite ${n}`,
    pagination: "Seitennavigation",
    newerPosts: "Neuere Artikel",
    olderPosts: "Ältere Artikel",
    publishedOn: "Veröffentlicht am",
    updatedOn: "Aktualisiert am",
    readingTime: (minutes: number) => `${minutes}\u00a0Min. Lesezeit`,
    tags: "Themen",
    readMore: "Weiterlesen",
    readMoreAbout: (title: string) => `Weiterlesen: ${title}`,
    previousPost: "Vorheriger Artikel",
    nextPost: "Nächster Artikel",
    postNav: "Weitere Artikel",
    relatedPosts: "Verwandte Artikel",
    draftBanner:
      "Entwurf – nicht veröffentlicht. Diese Seite sehen nur Sie; sie steht in keiner Liste, keinem Feed und keinem Newsletter.",
    scheduledBanner: (date: string) =>
      `Geplant für ${date} – noch nicht veröffentlicht. Bis dahin steht der Artikel in keiner Liste, keinem Feed und keinem Newsletter.`,
    tagIndexTitle: "Alle Themen",
    tagIndexDescription: "Alle Themen, über die wir schreiben, mit der Zahl der Artikel.",
    tagTitle: (tag: string) => `Artikel zum Thema „${tag}“`,
    tagDescription: (tag: string) => `Alle Artikel zum Thema ${tag}.`,
    postCount: (n: number) => (n === 1 ? "1 Artikel" : `${n} Artikel`),
    archiveTitle: "Archiv",
    archiveDescription: "Alle Artikel nach Jahren geordnet.",
    notFoundTitle: "Seite nicht gefunden",
    notFoundText: "Diese Seite gibt es nicht (mehr). Vielleicht hilft die Übersicht weiter:",
    notFoundBack: "Zur Startseite",
    ctaTitle: "Neue Artikel per E‑Mail",
    /** Under the signup box when every post is mailed on its own. */
    ctaText: "Einmal pro neuem Artikel, kein Spam, jederzeit abbestellbar.",
    /** The same with newsletter.digest, by how often it goes out. */
    ctaTextDigest: {
      day: "Einmal am Tag die neuen Artikel, kein Spam, jederzeit abbestellbar.",
      week: "Einmal pro Woche die neuen Artikel, kein Spam, jederzeit abbestellbar.",
      month: "Einmal im Monat die neuen Artikel, kein Spam, jederzeit abbestellbar.",
    },
    /** The same when only hand-written editions go out (newsletter.perPost: false, no digest). */
    ctaTextEditions: "Nur die Ausgaben des Newsletters, kein Spam, jederzeit abbestellbar.",
    ctaButton: "Newsletter abonnieren",
    subscribeDoubleOptIn:
      "Nach der Anmeldung erhalten Sie eine E-Mail mit einem Bestätigungslink. Erst wenn Sie ihn öffnen und die Anmeldung dort bestätigen, sind Sie eingetragen.",
    ogLocale: "de_DE",
    emailLabel: "E-Mail-Adresse",
    consentBefore: "Ich möchte den Newsletter erhalten und habe die",
    consentLink: "Datenschutzerklärung",
    consentAfter: "gelesen.",
    honeypotLabel: "Website (bitte leer lassen)",
    feedRss: "RSS-Feed",
    feedAtom: "Atom-Feed",
    feedJson: "JSON-Feed",
    searchTitle: "Suche",
    searchDescription: "Alle Artikel durchsuchen.",
    searchLabel: "Suchbegriff",
    searchButton: "Suchen",
    searchLoading: "Suche läuft …",
    /** {n} is the number of hits, {q} the search term. */
    searchFound: "{n} Artikel zu „{q}“",
    searchNoResults: "Keine Artikel zu „{q}“ gefunden. Vielleicht hilft ein anderes Wort.",
    searchFailed: "Die Suche ist gerade nicht verfügbar. Bitte laden Sie die Seite neu.",
    searchBrowse: "Oder stöbern Sie:",
    searchNoScript: "Die Suche braucht JavaScript. Alle Artikel finden Sie auch im Archiv und nach Themen geordnet.",
    feedsTitle: "Feeds abonnieren",
    feedsDescription: "Neue Artikel im Feedreader lesen: RSS, Atom und JSON Feed, jeweils mit dem vollständigen Text.",
    feedsIntro:
      "Ein Feed ist eine Liste der neuesten Artikel, die ein Feedreader regelmäßig abruft. So erfahren Sie von neuen Artikeln, ohne die Website zu besuchen und ohne E-Mail-Adresse. Jeder Feed enthält den vollständigen Text der letzten Artikel.",
    feedsHowTitle: "So abonnieren Sie",
    feedsHow:
      "Kopieren Sie eine der Adressen und fügen Sie sie in Ihren Feedreader ein, zum Beispiel in Feedly, Inoreader, NetNewsWire oder Thunderbird. Die meisten Feedreader finden den Feed auch, wenn Sie einfach die Adresse der Website eingeben.",
    feedsWhich: "Welcher Feed?",
    feedRssHint: "Der verbreitetste Standard; passt für fast jeden Feedreader.",
    feedAtomHint: "Der genauere Standard, wenn Ihr Feedreader die Wahl lässt.",
    feedJsonHint: "Für Programme und Dienste, die JSON lesen.",
    feedsEmailAlternative: "Lieber per E-Mail?",
    /** Shown above the feed when a browser opens it itself (feed.css). */
    feedStyleNotice: (feedsUrl: string) =>
      `Das ist ein Feed: eine Liste der neuesten Artikel für Feedreader. Kopieren Sie die Adresse dieser Seite in Ihren Feedreader, um neue Artikel automatisch zu erhalten. Mehr dazu: ${feedsUrl}`,
    imprintTitle: "Impressum",
    privacyTitle: "Datenschutzerklärung",
    footerNote: "Geschrieben in Markdown, gebaut mit Astro.",
    signup: {
      pendingTitle: "Fast geschafft: Bitte bestätigen Sie Ihre Anmeldung",
      pendingDescription: "Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt.",
      pendingText: (hours: number) =>
        `Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt. Erst wenn Sie ihn öffnen und die Anmeldung dort bestätigen, sind Sie für den Newsletter eingetragen. Der Link ist ${hours} Stunden gültig.`,
      pendingNoMailTitle: "Keine E-Mail angekommen?",
      pendingNoMailText:
        "Sehen Sie bitte auch im Spam- oder Werbeordner nach. Die E-Mail kann ein paar Minuten brauchen. Pro Adresse schicken wir höchstens eine Bestätigungs-E-Mail am Tag.",
      thanksTitle: "Danke! Ihre Anmeldung ist bestätigt",
      thanksDescription: "Ihre Anmeldung zum Newsletter ist bestätigt.",
      thanksText:
        "Sie erhalten ab jetzt eine E-Mail, sobald ein neuer Artikel erscheint. Abbestellen können Sie jederzeit über den Link am Ende jeder E-Mail.",
      thanksBack: "Zu den Artikeln",
      linkInvalidTitle: "Dieser Bestätigungslink gilt nicht mehr",
      linkInvalidDescription: "Der Bestätigungslink ist abgelaufen, unvollständig oder wurde schon verwendet.",
      linkInvalidText: (hours: number) =>
        `Bestätigungslinks sind ${hours} Stunden gültig und funktionieren nur einmal. Vielleicht ist der Link abgelaufen oder beim Kopieren unvollständig geworden.`,
      linkInvalidUsedText:
        "Falls Sie die Anmeldung schon einmal bestätigt haben, sind Sie bereits eingetragen; Sie müssen nichts weiter tun.",
      linkInvalidRestart: "Sie können sich hier einfach noch einmal anmelden:",
      confirmTitle: "Anmeldung bestätigen",
      confirmText: (email: string, site: string) =>
        `Möchten Sie den Newsletter von ${site} an ${email} erhalten? Dann bestätigen Sie bitte mit dem Knopf. Erst damit sind Sie eingetragen.`,
      confirmWhy:
        "Wir fragen noch einmal nach, weil manche E-Mail-Programme Links automatisch öffnen, um sie zu prüfen. So trägt Sie niemand ohne Ihr Zutun ein.",
      confirmButton: "Ja, Newsletter abonnieren",
      invalidTitle: "Bitte prüfen Sie Ihre Angaben",
      problemEmailMissing: "Bitte geben Sie Ihre E-Mail-Adresse ein.",
      problemEmailInvalid: "Die E-Mail-Adresse sieht nicht gültig aus. Bitte prüfen Sie die Schreibweise.",
      problemEmailUnsupported:
        "Adressen mit den Zeichen / ? # oder % vor dem @ können wir leider nicht eintragen. Bitte verwenden Sie eine andere E-Mail-Adresse.",
      problemConsentMissing: "Bitte bestätigen Sie mit dem Häkchen, dass Sie den Newsletter erhalten möchten.",
      backToForm: "Zurück zum Formular",
      tooManyTitle: "Zu viele Anmeldungen",
      tooManyText: (minutes: number) =>
        `Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Anfragen. Bitte versuchen Sie es in ${minutes === 1 ? "einer Minute" : `${minutes} Minuten`} noch einmal.`,
      tooLargeTitle: "Anfrage zu groß",
      tooLargeText: "Die gesendeten Formulardaten sind zu groß. Bitte nutzen Sie das Anmeldeformular auf unserer Website.",
      unsupportedTitle: "Formular nicht lesbar",
      unsupportedText:
        "Die Anfrage kam nicht als gewöhnliches Formular an. Bitte nutzen Sie das Anmeldeformular auf unserer Website.",
      methodNotAllowedTitle: "Aufruf nicht möglich",
      methodNotAllowedText: "Diese Adresse nimmt nur das Anmeldeformular bzw. den Bestätigungslink entgegen.",
      notConfiguredTitle: "Die Anmeldung ist gerade nicht verfügbar",
      notConfiguredText:
        "Die Newsletter-Anmeldung ist auf diesem Server noch nicht fertig eingerichtet. Bitte versuchen Sie es später noch einmal.",
      upstreamTitle: "Das hat gerade nicht geklappt",
      upstreamSubscribeText:
        "Wir konnten die Bestätigungs-E-Mail gerade nicht verschicken. Bitte versuchen Sie es in ein paar Minuten noch einmal.",
      upstreamConfirmText:
        "Wir konnten Ihre Anmeldung gerade nicht abschließen. Bitte öffnen Sie in ein paar Minuten den Link in Ihrer E-Mail noch einmal und bestätigen Sie erneut.",
      contactUs: "Wenn es weiterhin nicht klappt, schreiben Sie uns:",
      toHome: "Zur Startseite",
      mailSubject: (site: string) => `${site}: Bitte bestätigen Sie Ihre Anmeldung`,
      mailPreheader: "Noch ein Schritt, dann erhalten Sie den Newsletter.",
      mailGreeting: "Hallo,",
      mailIntro: (site: string) => `Sie (oder jemand mit Ihrer E-Mail-Adresse) möchten den Newsletter von ${site} erhalten.`,
      mailAction: "Bitte öffnen Sie diesen Link und bestätigen Sie dort Ihre Anmeldung:",
      mailButton: "Anmeldung bestätigen",
      mailExpiry: (hours: number) => `Der Link ist ${hours} Stunden gültig.`,
      mailIgnore:
        "Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach. Sie erhalten dann keine weiteren Nachrichten von uns.",
      mailSignature: (site: string) => `Viele Grüße\n${site}`,
    },
    /** Default titles of the MDX components, shared by their web and email versions. */
    tipTitle: "Tipp",
    checklistTitle: "Checkliste",
    exampleTitle: "Beispiel",
    /** The newsletter email. */
    email: {
      readInBrowser: "Im Browser lesen",
      readOnSite: "Artikel auf der Website lesen",
      relatedPosts: "Verwandte Artikel",
      publishedOn: (date: string) => `Veröffentlicht am ${date}`,
      whyYouGetThis: (site: string) => `Sie erhalten diese E-Mail, weil Sie den Newsletter von ${site} abonniert haben.`,
      readMore: "Weiterlesen",
      /** A hand-written edition. */
      edition: {
        dateline: (date: string) => `Ausgabe vom ${date}`,
        featured: "Neu im Blog",
        allEditions: "Alle Ausgaben im Web",
      },
      /** The automatic digest of a period's posts; `subject` and `intro` can also be set in newsletter.digest. */
      digest: {
        subject: (period: string) => `Neu im Blog: ${period}`,
        title: (period: string) => `Neue Artikel – ${period}`,
        intro: (count: number, within: string) =>
          count === 1 ? `${within} ist ein neuer Artikel erschienen.` : `${within} sind ${count} neue Artikel erschienen.`,
        /** When the digest also brings posts an edition before it did not show. */
        introWithEarlier: (count: number) =>
          count === 1
            ? "Seit der letzten Ausgabe ist ein neuer Artikel erschienen."
            : `Seit der letzten Ausgabe sind ${count} neue Artikel erschienen.`,
        week: (week: number, year: number) => `Woche ${week}/${year}`,
        inWeek: (label: string) => `In der ${label}`,
        onDay: (label: string) => `Am ${label}`,
        inMonth: (label: string) => `Im ${label}`,
        allPosts: "Alle Artikel im Archiv",
      },
      unsubscribe: "Newsletter abbestellen",
      imprint: "Impressum",
      privacy: "Datenschutz",
    },
    /** The newsletter's hand-written editions on the website: /ausgaben/, a page each, their feed. */
    editions: {
      title: "Newsletter-Ausgaben",
      description: "Alle bisher verschickten Ausgaben des Newsletters zum Nachlesen.",
      intro: "Alle bisher verschickten Ausgaben des Newsletters zum Nachlesen, die neueste zuerst.",
      empty: "Noch ist keine Ausgabe erschienen. Wenn Sie den Newsletter abonnieren, kommt die erste direkt in Ihr Postfach.",
      feed: "RSS-Feed der Ausgaben",
      feedHint: "Alle Ausgaben des Newsletters mit vollständigem Text, für alle, die lieber im Feedreader lesen als im Postfach.",
      feedTitle: (site: string) => `${site}: Newsletter-Ausgaben`,
      sentOn: "Ausgabe vom",
      featuredPosts: "Die Artikel dieser Ausgabe",
      allEditions: "Alle Ausgaben",
      draftBanner:
        "Entwurf – nicht veröffentlicht. Diese Ausgabe sehen nur Sie; sie steht nicht im Archiv der Ausgaben und in keinem Feed.",
      scheduledBanner: (date: string) =>
        `Geplant für ${date} – noch nicht verschickt. Bis dahin steht die Ausgabe nicht im Archiv der Ausgaben und in keinem Feed.`,
    },
  },
} as const;

type Widened<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => R
    : { [K in keyof T]: Widened<T[K]> };

/** The UI strings of one language, as the pages, emails and signup handler read them. */
export type UiStrings = Widened<(typeof ui)["de"]>;

/** The languages the dictionary speaks. */
export type UiLanguage = keyof typeof ui;

/** A blog's replacements for plain texts of the dictionary (texts with placeholders stay). */
export type StringOverrides = { [K in keyof UiStrings]?: UiStrings[K] extends string ? string : StringOverrides };

function overridesSchema(strings: Record<string, unknown>): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value === "string") shape[key] = z.string({ error: "erwartet: Text" }).optional();
    else if (typeof value === "object" && value !== null)
      shape[key] = overridesSchema(value as Record<string, unknown>).optional();
  }
  return z.strictObject(shape);
}

/** Validates `strings` in the config: only keys of the dictionary whose value is plain text. */
export const STRING_OVERRIDES_SCHEMA = overridesSchema(ui.de) as z.ZodType<StringOverrides, StringOverrides>;

function merge<T>(base: T, overrides: Record<string, unknown> | undefined): T {
  if (!overrides) return base;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] =
      typeof value === "object" && value !== null && typeof current === "object" && current !== null
        ? merge(current, value as Record<string, unknown>)
        : value;
  }
  return merged as T;
}

/** The dictionary for a language with a blog's replacements applied. */
export function uiStrings(lang: UiLanguage, overrides?: StringOverrides): UiStrings {
  return merge<UiStrings>(ui[lang], overrides as Record<string, unknown> | undefined);
}
