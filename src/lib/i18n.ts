import { z } from "zod";

/**
 * Every UI string in one dictionary. Another language is another entry here plus
 * `lang`/`locale` in the site config; a blog replaces single texts with `strings`.
 */
const de = {
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
  imprintDescription: (site: string) => `Impressum von ${site}`,
  imprintProvider: "Angaben gemäß § 5 DDG",
  imprintEmail: "E-Mail:",
  imprintResponsible: "Verantwortlich für den Inhalt",
  imprintSameAddress: "Anschrift wie oben.",
  privacyTitle: "Datenschutzerklärung",
  privacyDescription: (site: string) => `Datenschutzerklärung von ${site}`,
  privacyController: "Verantwortlicher",
  privacySiteTitle: "Diese Website",
  privacySiteText:
    "Diese Website ist eine statische Seite ohne Cookies, ohne Tracking und ohne JavaScript. Der Webserver protokolliert technisch notwendige Zugriffsdaten (IP-Adresse, Zeitpunkt, aufgerufene Seite) zur Sicherstellung des Betriebs.",
  privacyNewsletterTitle: "Newsletter",
  privacyNewsletterText:
    "Wenn Sie den Newsletter abonnieren, speichern wir Ihre E-Mail-Adresse und den Nachweis Ihrer Einwilligung (Zeitpunkt, Version des Formulars, Seite der Anmeldung) sowie den Zeitpunkt der Willkommens-E-Mail beim Versanddienstleister Resend. Die Anmeldung erfolgt im Double-Opt-in-Verfahren: Erst wenn Sie den Link in der Bestätigungs-E-Mail öffnen und die Anmeldung dort bestätigen, erhalten Sie den Newsletter. Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO). Jede E-Mail enthält einen Link zum Abbestellen; danach erhalten Sie keine weiteren Ausgaben.",
  privacyRightsTitle: "Ihre Rechte",
  /** Followed by the imprint's email address and a full stop. */
  privacyRightsText:
    "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Datenübertragbarkeit und Widerruf Ihrer Einwilligung sowie das Recht auf Beschwerde bei einer Aufsichtsbehörde. Schreiben Sie uns dazu an",
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
    thanksText: "Ab jetzt erhalten Sie den Newsletter. Abbestellen können Sie jederzeit über den Link am Ende jeder E-Mail.",
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
    problemFormOutdated:
      "Das Formular ist nicht mehr aktuell, der Text neben dem Häkchen hat sich inzwischen geändert. Bitte laden Sie die Seite neu und melden Sie sich dort noch einmal an.",
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
    methodNotAllowedText: "Diese Adresse nimmt nur das Anmeldeformular, den Bestätigungslink oder den Abmeldelink entgegen.",
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
    unsubscribeTitle: "Newsletter abbestellen",
    unsubscribeText: (email: string, site: string) =>
      `Möchten Sie den Newsletter von ${site} an ${email} abbestellen? Dann bestätigen Sie bitte mit dem Knopf.`,
    unsubscribeButton: "Ja, abbestellen",
    unsubscribedTitle: "Sie sind abgemeldet",
    unsubscribedText: (site: string) =>
      `Sie erhalten keine weiteren Newsletter von ${site}. Wenn Sie es sich anders überlegen, können Sie sich jederzeit wieder anmelden.`,
    unsubscribeInvalidTitle: "Dieser Abmeldelink gilt nicht",
    unsubscribeInvalidText:
      "Der Link ist unvollständig oder beschädigt. Abbestellen können Sie auch über den Link am Ende jeder Ausgabe.",
    upstreamUnsubscribeText: "Wir konnten Sie gerade nicht abmelden. Bitte versuchen Sie es in ein paar Minuten noch einmal.",
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
    /** The welcome mail after confirming (newsletter.welcome). */
    welcome: {
      dateline: "Willkommen beim Newsletter",
      newest: "Die neuesten Artikel",
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
} as const;

type Widened<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => R
    : { [K in keyof T]: Widened<T[K]> };

/** The UI strings of one language, as the pages, emails and signup handler read them. */
export type UiStrings = Widened<typeof de>;

/**
 * The English edition: the same keys and the same function signatures as the German one
 * (`satisfies UiStrings` rejects a missing, extra or differently typed entry). British
 * spelling; dates come from the config's locale.
 */
const en = {
  skipToContent: "Skip to content",
  mainNav: "Main navigation",
  home: "Posts",
  topics: "Topics",
  archive: "Archive",
  search: "Search",
  subscribe: "Newsletter",
  imprint: "Legal notice",
  privacy: "Privacy",
  feeds: "Feeds",
  newestPosts: "Latest posts",
  page: (n: number) => `Page ${n}`,
  pagination: "Pagination",
  newerPosts: "Newer posts",
  olderPosts: "Older posts",
  publishedOn: "Published on",
  updatedOn: "Updated on",
  readingTime: (minutes: number) => `${minutes}\u00a0min read`,
  tags: "Topics",
  readMore: "Read more",
  readMoreAbout: (title: string) => `Read more: ${title}`,
  previousPost: "Previous post",
  nextPost: "Next post",
  postNav: "More posts",
  relatedPosts: "Related posts",
  draftBanner: "Draft – not published. Only you can see this page; it appears in no list, no feed and no newsletter.",
  scheduledBanner: (date: string) =>
    `Scheduled for ${date} – not published yet. Until then the post appears in no list, no feed and no newsletter.`,
  tagIndexTitle: "All topics",
  tagIndexDescription: "Every topic we write about, with the number of posts.",
  tagTitle: (tag: string) => `Posts on “${tag}”`,
  tagDescription: (tag: string) => `All posts on ${tag}.`,
  postCount: (n: number) => (n === 1 ? "1 post" : `${n} posts`),
  archiveTitle: "Archive",
  archiveDescription: "All posts by year.",
  notFoundTitle: "Page not found",
  notFoundText: "This page does not exist (any more). The overview may help:",
  notFoundBack: "Go to the home page",
  ctaTitle: "New posts by email",
  ctaText: "One email per new post, no spam, unsubscribe at any time.",
  ctaTextDigest: {
    day: "The new posts once a day, no spam, unsubscribe at any time.",
    week: "The new posts once a week, no spam, unsubscribe at any time.",
    month: "The new posts once a month, no spam, unsubscribe at any time.",
  },
  ctaTextEditions: "Only the newsletter's editions, no spam, unsubscribe at any time.",
  ctaButton: "Subscribe to the newsletter",
  subscribeDoubleOptIn:
    "After signing up you will receive an email with a confirmation link. You are only subscribed once you open it and confirm there.",
  ogLocale: "en_GB",
  emailLabel: "Email address",
  honeypotLabel: "Website (please leave empty)",
  feedRss: "RSS feed",
  feedAtom: "Atom feed",
  feedJson: "JSON feed",
  searchTitle: "Search",
  searchDescription: "Search all posts.",
  searchLabel: "Search term",
  searchButton: "Search",
  searchLoading: "Searching …",
  searchFound: "{n} posts for “{q}”",
  searchNoResults: "No posts found for “{q}”. Perhaps another word will help.",
  searchFailed: "Search is not available right now. Please reload the page.",
  searchBrowse: "Or browse:",
  searchNoScript: "Search needs JavaScript. You can also find every post in the archive and by topic.",
  feedsTitle: "Subscribe to the feeds",
  feedsDescription: "Read new posts in your feed reader: RSS, Atom and JSON Feed, each with the full text.",
  feedsIntro:
    "A feed is a list of the latest posts that a feed reader checks regularly. That way you hear about new posts without visiting the website and without giving an email address. Every feed contains the full text of the latest posts.",
  feedsHowTitle: "How to subscribe",
  feedsHow:
    "Copy one of the addresses and paste it into your feed reader, for example Feedly, Inoreader, NetNewsWire or Thunderbird. Most feed readers also find the feed if you simply enter the website's address.",
  feedsWhich: "Which feed?",
  feedRssHint: "The most widespread standard; works with almost every feed reader.",
  feedAtomHint: "The more precise standard, if your feed reader offers the choice.",
  feedJsonHint: "For programs and services that read JSON.",
  feedsEmailAlternative: "Prefer email?",
  feedStyleNotice: (feedsUrl: string) =>
    `This is a feed: a list of the latest posts for feed readers. Copy this page's address into your feed reader to get new posts automatically. More about feeds: ${feedsUrl}`,
  imprintTitle: "Legal notice",
  imprintDescription: (site: string) => `Legal notice of ${site}`,
  imprintProvider: "Information pursuant to § 5 DDG",
  imprintEmail: "Email:",
  imprintResponsible: "Responsible for the content",
  imprintSameAddress: "address as above.",
  privacyTitle: "Privacy policy",
  privacyDescription: (site: string) => `Privacy policy of ${site}`,
  privacyController: "Controller",
  privacySiteTitle: "This website",
  privacySiteText:
    "This website is a static site without cookies, without tracking and without JavaScript. The web server logs the access data needed to run it (IP address, time, page requested).",
  privacyNewsletterTitle: "Newsletter",
  privacyNewsletterText:
    "If you subscribe to the newsletter, we store your email address and the record of your consent (time, version of the form, page you signed up on) and when the welcome email was sent with the email service Resend. Signing up uses double opt-in: you only receive the newsletter once you open the link in the confirmation email and confirm there. The legal basis is your consent (Art. 6(1)(a) GDPR). Every email contains a link to unsubscribe; after that you receive no further issues.",
  privacyRightsTitle: "Your rights",
  privacyRightsText:
    "You have the right of access, rectification, erasure, restriction of processing, data portability and withdrawal of your consent, as well as the right to lodge a complaint with a supervisory authority. To exercise them, write to",
  footerNote: "Written in Markdown, built with Astro.",
  signup: {
    pendingTitle: "Almost done: please confirm your subscription",
    pendingDescription: "We have sent you an email with a confirmation link.",
    pendingText: (hours: number) =>
      `We have sent you an email with a confirmation link. You are only subscribed to the newsletter once you open it and confirm there. The link is valid for ${hours} hours.`,
    pendingNoMailTitle: "No email arrived?",
    pendingNoMailText:
      "Please also check your spam or promotions folder. The email can take a few minutes. We send at most one confirmation email per address a day.",
    thanksTitle: "Thank you! Your subscription is confirmed",
    thanksDescription: "Your newsletter subscription is confirmed.",
    thanksText:
      "From now on you will receive the newsletter. You can unsubscribe at any time with the link at the end of every email.",
    thanksBack: "Go to the posts",
    linkInvalidTitle: "This confirmation link is no longer valid",
    linkInvalidDescription: "The confirmation link has expired, is incomplete or has already been used.",
    linkInvalidText: (hours: number) =>
      `Confirmation links are valid for ${hours} hours and work only once. The link may have expired or been cut off when copied.`,
    linkInvalidUsedText: "If you have already confirmed your subscription, you are subscribed; there is nothing more to do.",
    linkInvalidRestart: "You can simply sign up again here:",
    confirmTitle: "Confirm your subscription",
    confirmText: (email: string, site: string) =>
      `Would you like to receive the newsletter of ${site} at ${email}? Then please confirm with the button. Only then are you subscribed.`,
    confirmWhy:
      "We ask once more because some email programs open links automatically to check them. That way nobody can sign you up without your doing.",
    confirmButton: "Yes, subscribe to the newsletter",
    invalidTitle: "Please check your details",
    problemEmailMissing: "Please enter your email address.",
    problemEmailInvalid: "The email address does not look valid. Please check the spelling.",
    problemEmailUnsupported:
      "Unfortunately we cannot sign up addresses with the characters / ? # or % before the @. Please use another email address.",
    problemConsentMissing: "Please tick the box to confirm that you would like to receive the newsletter.",
    problemFormOutdated:
      "This form is out of date: the text next to the checkbox has changed since. Please reload the page and sign up there again.",
    backToForm: "Back to the form",
    tooManyTitle: "Too many sign-ups",
    tooManyText: (minutes: number) =>
      `A great many requests came from your connection in a short time. Please try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`,
    tooLargeTitle: "Request too large",
    tooLargeText: "The form data sent is too large. Please use the sign-up form on our website.",
    unsupportedTitle: "Form not readable",
    unsupportedText: "The request did not arrive as an ordinary form. Please use the sign-up form on our website.",
    methodNotAllowedTitle: "Not possible here",
    methodNotAllowedText: "This address only accepts the sign-up form, the confirmation link or the unsubscribe link.",
    notConfiguredTitle: "Signing up is not available right now",
    notConfiguredText: "The newsletter sign-up is not fully set up on this server yet. Please try again later.",
    upstreamTitle: "That did not work just now",
    upstreamSubscribeText: "We could not send the confirmation email just now. Please try again in a few minutes.",
    upstreamConfirmText:
      "We could not complete your subscription just now. Please open the link in your email again in a few minutes and confirm once more.",
    contactUs: "If it still does not work, write to us:",
    toHome: "Go to the home page",
    unsubscribeTitle: "Unsubscribe from the newsletter",
    unsubscribeText: (email: string, site: string) =>
      `Would you like to stop receiving the newsletter of ${site} at ${email}? Then please confirm with the button.`,
    unsubscribeButton: "Yes, unsubscribe",
    unsubscribedTitle: "You are unsubscribed",
    unsubscribedText: (site: string) =>
      `You will receive no further newsletters from ${site}. If you change your mind, you can subscribe again at any time.`,
    unsubscribeInvalidTitle: "This unsubscribe link is not valid",
    unsubscribeInvalidText:
      "The link is incomplete or damaged. You can also unsubscribe through the link at the end of every issue.",
    upstreamUnsubscribeText: "We could not unsubscribe you just now. Please try again in a few minutes.",
  },
  tipTitle: "Tip",
  checklistTitle: "Checklist",
  exampleTitle: "Example",
  email: {
    readInBrowser: "Read in your browser",
    readOnSite: "Read the post on the website",
    relatedPosts: "Related posts",
    publishedOn: (date: string) => `Published on ${date}`,
    whyYouGetThis: (site: string) => `You are receiving this email because you subscribed to the newsletter of ${site}.`,
    readMore: "Read more",
    edition: {
      dateline: (date: string) => `Edition of ${date}`,
      featured: "New on the blog",
      allEditions: "All editions on the web",
    },
    digest: {
      subject: (period: string) => `New on the blog: ${period}`,
      title: (period: string) => `New posts – ${period}`,
      intro: (count: number, within: string) =>
        count === 1 ? `${within}, one new post was published.` : `${within}, ${count} new posts were published.`,
      introWithEarlier: (count: number) =>
        count === 1
          ? "Since the last edition, one new post has been published."
          : `Since the last edition, ${count} new posts have been published.`,
      week: (week: number, year: number) => `week ${week}/${year}`,
      inWeek: (label: string) => `In ${label}`,
      onDay: (label: string) => `On ${label}`,
      inMonth: (label: string) => `In ${label}`,
      allPosts: "All posts in the archive",
    },
    welcome: {
      dateline: "Welcome to the newsletter",
      newest: "The latest posts",
      allPosts: "All posts in the archive",
    },
    unsubscribe: "Unsubscribe from the newsletter",
    imprint: "Legal notice",
    privacy: "Privacy",
  },
  editions: {
    title: "Newsletter editions",
    description: "Every edition of the newsletter sent so far, to read again.",
    intro: "Every edition of the newsletter sent so far, to read again, the latest first.",
    empty: "No edition has been published yet. If you subscribe to the newsletter, the first one comes straight to your inbox.",
    feed: "RSS feed of the editions",
    feedHint: "Every edition of the newsletter with the full text, for those who prefer their feed reader to their inbox.",
    feedTitle: (site: string) => `${site}: newsletter editions`,
    sentOn: "Edition of",
    featuredPosts: "The posts in this edition",
    allEditions: "All editions",
    draftBanner: "Draft – not published. Only you can see this edition; it is not in the archive of editions or in any feed.",
    scheduledBanner: (date: string) =>
      `Scheduled for ${date} – not sent yet. Until then the edition is not in the archive of editions or in any feed.`,
  },
} satisfies UiStrings;

/** Every UI string, by language: `lang` in the config picks one. */
export const ui = { de, en } as const;

/** The languages the dictionary speaks. */
export type UiLanguage = keyof typeof ui;

/** The same as a list, for the config schema. */
export const UI_LANGUAGES = Object.keys(ui) as [UiLanguage, ...UiLanguage[]];

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
export const STRING_OVERRIDES_SCHEMA = overridesSchema(de) as z.ZodType<StringOverrides, StringOverrides>;

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

/**
 * og:locale: a blog's own `strings.ogLocale` when it set one, else its locale in Open
 * Graph's spelling (de-AT → de_AT, en-US → en_US).
 */
export function openGraphLocale(strings: Pick<UiStrings, "ogLocale">, lang: UiLanguage, locale: string): string {
  return strings.ogLocale !== ui[lang].ogLocale ? strings.ogLocale : locale.replace("-", "_");
}
