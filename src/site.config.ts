/**
 * The one typed site configuration. Everything a user changes to make the blog theirs
 * lives here; environment variables override the deploy-specific parts (see README).
 */
export interface Imprint {
  /** Legal name of the person or company responsible for the site (§ 5 DDG). */
  name: string;
  /** Postal address, one line per array entry. */
  address: string[];
  /** Contact email shown in the imprint and email footer. */
  email: string;
}

export interface NewsletterSettings {
  /**
   * Only posts published on or after this instant are ever mailed (ISO date or
   * date-time). Unset: every published post is a candidate. Set it the day you turn the
   * newsletter on so the archive is never sent. Env: NEWSLETTER_SINCE.
   */
  since?: string;
  /** A run that would send more posts than this refuses unless `--force`. Env: NEWSLETTER_MAX_PER_RUN. */
  maxPerRun: number;
  /** Sender, e.g. `Rundbrief <brief@example.de>`; the domain must be verified in Resend. Env: NEWSLETTER_FROM. */
  from: string;
  /** Where replies go. Env: NEWSLETTER_REPLY_TO. */
  replyTo?: string;
  /** Resend segment that receives the campaigns. Env: RESEND_SEGMENT_ID. */
  segmentId?: string;
  /** URL the subscribe form posts to (a serverless function next to the static site). */
  subscribeUrl?: string;
}

/** How newsletter emails are built and checked (src/lib/email). */
export interface EmailSettings {
  /**
   * Campaign parameters appended to links into the site (utm_source, utm_medium,
   * utm_campaign = post id unless set). Off (undefined) by default: no tracking.
   */
  utm?: { source: string; medium: string; campaign?: string };
  /** caniemail client globs every email is checked against, e.g. "gmail.*" or "outlook.windows". */
  clients: string[];
  /**
   * caniemail feature titles reported as unsupported ("error") that the email survives
   * on purpose, each with a comment saying why. Anything else unsupported fails the build.
   */
  allowedFeatures: string[];
}

export interface SiteConfig {
  /** Site name, shown in the header, feeds and emails. */
  title: string;
  /** One-sentence description for meta tags and feeds. */
  description: string;
  /** Default author of every post. */
  author: string;
  /** Absolute public URL of the site without trailing slash. Env: SITE_URL (preview deploys). */
  url: string;
  /** Base path when the site lives in a sub-folder (e.g. `/blog`). Env: BASE_PATH. */
  base: string;
  /** BCP 47 language of all UI strings and content. */
  lang: "de";
  /** Locale used for formatting dates. */
  locale: string;
  /** IANA time zone in which bare dates are read and dates are shown. */
  timeZone: string;
  /** Posts on each page of the home page list. */
  postsPerPage: number;
  /** How many items the feeds carry (newest first). */
  feedItems: number;
  /** Legal imprint shown on /impressum/ and in every email footer. */
  imprint: Imprint;
  /** Newsletter defaults; every field can be overridden by an env variable. */
  newsletter: NewsletterSettings;
  /** How the newsletter email is built and checked (src/lib/email). */
  email: EmailSettings;
}

/** The site's configuration; the sample imprint values are examples to replace. */
export const siteConfig: SiteConfig = {
  title: "Rundbrief",
  description:
    "Praxisnahe Tipps für Beraterinnen, Berater und Agenturen: Verträge, Statusberichte und der gute Umgang mit Kunden.",
  author: "Rundbrief-Redaktion",
  url: "https://rundbrief.example.de",
  base: "",
  lang: "de",
  locale: "de-DE",
  timeZone: "Europe/Berlin",
  postsPerPage: 6,
  feedItems: 20,
  imprint: {
    name: "Beispiel Beratung GmbH (Beispielangabe, bitte ersetzen)",
    address: ["Musterstraße 1 (Beispiel)", "10115 Berlin"],
    email: "kontakt@example.de",
  },
  newsletter: {
    since: "2026-11-01",
    maxPerRun: 3,
    from: "Rundbrief <brief@example.de>",
    replyTo: "kontakt@example.de",
    subscribeUrl: "/api/subscribe",
  },
  // Newsletter email (built and checked by src/lib/email). UTM tracking stays off unless `utm` is set.
  email: {
    clients: ["gmail.*", "outlook.*", "apple-mail.*"],
    allowedFeatures: [
      // The layout is inlined; the <style> block only adds dark mode and phone padding,
      // so clients that drop it (Gmail in a phone browser, Outlook for Windows) show the light 600 px version.
      "<style> element",
      "Class selector",
      "Type selector",
      "Descendant combinator",
      "Attribute selector", // [data-ogsc]/[data-ogsb]: Outlook.com's dark mode hooks, ignored elsewhere
      "@media",
      // Every document has a <body>; its background colour is repeated on the outer table.
      "<body> element",
      // Only the hidden preview text: Outlook hides it with mso-hide, Gmail in a phone browser shows it once on top.
      "display:none",
      // Only <pre>: where unsupported, long code lines do not wrap but <pre> keeps its formatting.
      "white-space",
      "word-break",
      // role="presentation"/"article" are screen-reader hints; clients without them render the same.
      "role attribute",
      // Asks Apple Mail on macOS not to invert the colours; other clients ignore it and apply the @media block or their own dark mode.
      "color-scheme meta tag",
    ],
  },
};
