/**
 * The one site configuration a blog owns (`rundbrief.config.ts`), its schema and its
 * German error messages. The integration, the CLI and the signup function each validate
 * it once with `resolveConfig` and hand the result to the engine as a parameter. Plain
 * Node code: nothing here imports from Astro.
 */
import { z } from "zod";
import { STRING_OVERRIDES_SCHEMA, UI_LANGUAGES, type UiLanguage } from "./lib/i18n.ts";
import { DEFAULT_SUBSCRIBE_PATH } from "./lib/routes.ts";
import { CLOCK_TIME, DEFAULT_SAFETY_MARGIN_MINUTES } from "./lib/newsletter/send-time.ts";
import { WEEKDAYS } from "./lib/newsletter/periods.ts";
import { ConfigError } from "./config-error.ts";
import { DEFAULT_EDITIONS_DIR, DEFAULT_POSTS_DIR } from "./define-config.ts";

/** The welcome mail's file unless `newsletter.welcome` names another (or `false`). */
export const DEFAULT_WELCOME_FILE = "content/willkommen.mdx";

/** Component names a blog may replace with its own `.astro` file (`components: { Header: "./src/Header.astro" }`). */
export const OVERRIDABLE_COMPONENTS = [
  "Header",
  "Footer",
  "BaseHead",
  "PostList",
  "Pagination",
  "FormattedDate",
  "SubscribeForm",
  "Tipp",
  "Checkliste",
  "Beispiel",
] as const;

/** A component name from OVERRIDABLE_COMPONENTS. */
export type OverridableComponent = (typeof OVERRIDABLE_COMPONENTS)[number];

/** Mail clients every email is checked against unless the config names others. */
export const DEFAULT_EMAIL_CLIENTS = ["gmail.*", "outlook.*", "apple-mail.*"];

/**
 * caniemail features the engine's own email template relies on knowingly; a blog's
 * `email.allowedFeatures` adds to these.
 */
export const TEMPLATE_ALLOWED_FEATURES = [
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
];

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const SENDER = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const text = (what: string) =>
  z
    .string({ error: `erwartet: Text (${what})` })
    .trim()
    .min(1, { error: `darf nicht leer sein (${what})` });

const count = (min: number, max: number) =>
  z
    .number({ error: `erwartet: ganze Zahl von ${min} bis ${max}` })
    .int({ error: `erwartet: ganze Zahl von ${min} bis ${max}` })
    .min(min, { error: `erwartet: ganze Zahl von ${min} bis ${max}` })
    .max(max, { error: `erwartet: ganze Zahl von ${min} bis ${max}` });

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("de-DE", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const isLocale = (locale: string) => {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
};

/** The locale a blog gets when its config names only `lang`. */
export const DEFAULT_LOCALES: Readonly<Record<UiLanguage, string>> = { de: "de-DE", en: "en-GB" };

/** The language part of a locale, lower case: "de" for de-AT. */
const localeLanguage = (locale: string) => locale.split("-")[0]!.toLowerCase();

const componentPath = z
  .string({ error: "erwartet: Pfad zu einer .astro-Datei, relativ zum Projekt (z. B. ./src/Header.astro)" })
  .regex(/\.astro$/, { error: "erwartet: Pfad zu einer .astro-Datei, relativ zum Projekt (z. B. ./src/Header.astro)" });

/** The options of `rundbrief.config.ts`, with every default. */
const configFields = z.strictObject({
  /** Site name, shown in the header, feeds and emails. */
  title: text("Name der Website"),
  /** One-sentence description for meta tags and feeds. */
  description: text("ein Satz über die Website"),
  /** Default author of every post. */
  author: text("Name der Autorin, des Autors oder der Redaktion"),
  /** Absolute public URL of the site without trailing slash. Env: SITE_URL (preview deploys). */
  url: z
    .string({ error: "erwartet: absolute Adresse mit https://, z. B. https://blog.example.de" })
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
      error: "erwartet: absolute Adresse mit https://, z. B. https://blog.example.de",
    }),
  /** Base path when the site lives in a sub-folder (e.g. `/blog`). Env: BASE_PATH. */
  base: z
    .string({ error: "erwartet: Pfad wie /blog oder leer" })
    .regex(/^(?:\/?[A-Za-z0-9._~-]+)*\/?$/, { error: "erwartet: Pfad wie /blog oder leer" })
    .default(""),
  /**
   * Language of everything readers and subscribers see (the dictionary in src/lib/i18n.ts).
   * Commands and author-facing build messages stay German.
   */
  lang: z.enum(UI_LANGUAGES, { error: "erwartet: „de“ (Deutsch) oder „en“ (Englisch)" }).default("de"),
  /**
   * Locale used for formatting dates; it must belong to `lang`. Without it: de-DE for
   * German, en-GB for English (DEFAULT_LOCALES).
   */
  locale: z
    .string({ error: "erwartet: Sprachkennung wie de-DE, de-AT, de-CH, en-GB oder en-US" })
    .refine(isLocale, { error: "erwartet: Sprachkennung wie de-DE, de-AT, de-CH, en-GB oder en-US" })
    .optional(),
  /** IANA time zone in which bare dates are read and dates are shown. */
  timeZone: z
    .string({ error: "erwartet: IANA-Zeitzone wie Europe/Berlin" })
    .refine(isTimeZone, { error: "erwartet: IANA-Zeitzone wie Europe/Berlin" })
    .default("Europe/Berlin"),
  /** The folder of the posts, relative to the project; the loader and every command read it. */
  postsDir: text("Ordner der Artikel, z. B. content/posts").default(DEFAULT_POSTS_DIR),
  /**
   * The folder of the hand-written newsletter editions, relative to the project; the
   * loader and `rundbrief check` read it. A blog without one has no editions.
   */
  editionsDir: text("Ordner der Newsletter-Ausgaben, z. B. content/editions").default(DEFAULT_EDITIONS_DIR),
  /**
   * The folder of the versioned consent texts (form checkbox and confirmation mail, one
   * `<version>.md` each, with their SHA-256 in `index.json`). A blog without one uses the
   * package's own folder.
   */
  consentDir: text("Ordner der Einwilligungstexte, z. B. consent").default("consent"),
  /** Posts on each page of the home page list. */
  postsPerPage: count(1, 100).default(6),
  /** How many items the feeds carry (newest first). */
  feedItems: count(1, 1000).default(20),
  /**
   * The picture LinkedIn and others show for a post: "generated" (a 1200×630 card with
   * title, site, date and tag, drawn at build) or "hero" (the post's heroImage where it has
   * one, else the card).
   */
  shareImage: z.enum(["generated", "hero"], { error: "erwartet: „generated“ oder „hero“" }).default("generated"),
  /**
   * The Content-Security-Policy meta in every page (src/lib/security-headers.ts). `false`
   * for a blog whose own components need inline scripts or styles Astro cannot hash;
   * dist/_headers keeps its other protections either way.
   */
  contentSecurityPolicy: z.boolean({ error: "erwartet: true oder false" }).default(true),
  /**
   * Incremental builds: a page whose content, linked posts, configuration and code are
   * unchanged since the previous build in the same cache folder is copied from there
   * instead of rendered (src/data/cache-keys.ts). `false` renders every page every time.
   * Unset: on, unless the blog replaces components (`components`): their code may show
   * posts the keys do not know of (a footer listing the newest posts), so such a blog
   * turns it on itself with `true` once its components show nothing but their props.
   */
  incrementalBuild: z.boolean({ error: "erwartet: true oder false" }).optional(),
  /**
   * Servers besides the site itself that posts may load images from, e.g. "bilder.example.de".
   * Images from anywhere else fail `check` and the build: they load data about the reader
   * from a third party, and mail clients block them.
   */
  imageHosts: z
    .array(
      z
        .string({ error: "erwartet: Hostname wie bilder.example.de" })
        .regex(/^[a-z0-9.-]+$/i, { error: "erwartet: Hostname wie bilder.example.de, ohne https:// und Pfad" }),
    )
    .default([]),
  /** Legal imprint shown on /impressum/ and in every email footer (§ 5 DDG). */
  imprint: z.strictObject(
    {
      name: text("Name der verantwortlichen Person oder Firma"),
      address: z
        .array(text("eine Zeile der Anschrift"), {
          error: 'erwartet: Liste von Zeilen, z. B. ["Musterstraße 1", "10115 Berlin"]',
        })
        .min(1, { error: "erwartet: mindestens eine Zeile der Anschrift" }),
      email: z.string({ error: "erwartet: E-Mail-Adresse" }).regex(ADDRESS, { error: "erwartet: E-Mail-Adresse" }),
    },
    { error: "erwartet: { name, address, email }" },
  ),
  /** Newsletter defaults; environment variables override them (NEWSLETTER_*, RESEND_SEGMENT_ID). */
  newsletter: z.strictObject(
    {
      /**
       * Only posts published on or after this instant are ever mailed (ISO date or
       * date-time). Unset: every published post is a candidate. Set it the day you turn
       * the newsletter on so the archive is never sent. Env: NEWSLETTER_SINCE.
       */
      since: z
        .string({ error: "erwartet: Datum wie 2026-11-01 (als Text in Anführungszeichen)" })
        .regex(ISO_DATE, { error: "erwartet: Datum wie 2026-11-01 oder 2026-11-01T09:00:00+01:00" })
        .optional(),
      /**
       * Time of day (site's time zone) at which a post's campaign goes out: the next such
       * time after publication, e.g. "07:30". Unset: right after publication. Until shortly
       * before that time a run still updates or withdraws the campaign to match the post.
       */
      sendTime: z
        .string({ error: 'erwartet: Uhrzeit wie "07:30" (als Text in Anführungszeichen)' })
        .regex(CLOCK_TIME, { error: 'erwartet: Uhrzeit wie "07:30" (Stunden 00–23, Minuten 00–59)' })
        .optional(),
      /**
       * Automatic digests of new posts: `{ every: "week", on: "monday", at: "07:30" }`. A
       * period (ISO week, day or calendar month in the site's time zone) with at least one
       * new post and no edition sent in it gets one email, at `at` on the first `on` day
       * after the week (the next day, the first of the next month). `subject` and `intro`
       * replace the dictionary's; `{zeitraum}` in them becomes "Woche 49/2026" and the like.
       */
      digest: z
        .strictObject(
          {
            every: z.enum(["day", "week", "month"], { error: 'erwartet: "day", "week" oder "month"' }),
            on: z.enum(WEEKDAYS, { error: `erwartet: einer von ${WEEKDAYS.join(", ")}` }).optional(),
            at: z
              .string({ error: 'erwartet: Uhrzeit wie "07:30" (als Text in Anführungszeichen)' })
              .regex(CLOCK_TIME, { error: 'erwartet: Uhrzeit wie "07:30" (Stunden 00–23, Minuten 00–59)' }),
            subject: text("Betreff, z. B. Neu im Blog: {zeitraum}").optional(),
            intro: text("Einleitungssatz").optional(),
          },
          { error: 'erwartet: { every: "week", on: "monday", at: "07:30" }' },
        )
        .refine((digest) => digest.on === undefined || digest.every === "week", {
          error: '„on“ gilt nur für every: "week" (tägliche und monatliche Übersichten haben keinen Wochentag).',
          path: ["on"],
        })
        .optional(),
      /**
       * Whether each post gets a campaign of its own. Default: yes without a digest, no
       * with one, so a reader never gets a post twice. Editions go out either way.
       */
      perPost: z.boolean({ error: "erwartet: true oder false" }).optional(),
      /**
       * Minutes before a campaign's send time from which no run changes or cancels it any
       * more, so a cancel can never hit a broadcast Resend is already sending.
       */
      safetyMarginMinutes: count(1, 24 * 60).default(DEFAULT_SAFETY_MARGIN_MINUTES),
      /** A run that would send more posts than this refuses unless `--force`. Env: NEWSLETTER_MAX_PER_RUN. */
      maxPerRun: count(1, 100).default(3),
      /** Sender, e.g. `Rundbrief <brief@example.de>`; the domain must be verified in Resend. Env: NEWSLETTER_FROM. */
      from: z
        .string({ error: "erwartet: Absender wie „Name <brief@example.de>“" })
        .regex(SENDER, { error: "erwartet: Absender wie „Name <brief@example.de>“" }),
      /** Where replies go. Env: NEWSLETTER_REPLY_TO. */
      replyTo: z.string({ error: "erwartet: E-Mail-Adresse" }).regex(ADDRESS, { error: "erwartet: E-Mail-Adresse" }).optional(),
      /** Resend segment that receives the campaigns. Env: RESEND_SEGMENT_ID. */
      segmentId: text("ID des Resend-Segments").optional(),
      /**
       * The welcome mail a new subscriber gets once, right after confirming: an MDX file
       * (relative to the project), or `false` for none. Without the default file there is
       * no welcome mail either.
       */
      welcome: z
        .union([z.literal(false), text("Pfad der Willkommens-E-Mail, z. B. content/willkommen.mdx")], {
          error: "erwartet: Pfad wie content/willkommen.mdx oder false",
        })
        .default(DEFAULT_WELCOME_FILE),
      /** URL the subscribe form posts to: a site path (same host) or an absolute URL of the signup function. */
      subscribeUrl: z
        .string({ error: "erwartet: Pfad wie /api/subscribe oder absolute Adresse der Anmelde-Funktion" })
        .regex(/^(?:\/|https?:\/\/)/, { error: "erwartet: Pfad wie /api/subscribe oder absolute Adresse der Anmelde-Funktion" })
        .default(DEFAULT_SUBSCRIBE_PATH),
    },
    { error: "erwartet: { from, since, … }" },
  ),
  /** How newsletter emails are built and checked (src/lib/email). */
  email: z
    .strictObject({
      /**
       * Campaign parameters appended to links into the site (utm_source, utm_medium,
       * utm_campaign = post id unless set). Off by default: no tracking.
       */
      utm: z
        .strictObject({ source: text("utm_source"), medium: text("utm_medium"), campaign: text("utm_campaign").optional() })
        .optional(),
      /** caniemail client globs every email is checked against, e.g. "gmail.*" or "outlook.windows". */
      clients: z.array(text("caniemail-Client wie gmail.*")).min(1).default(DEFAULT_EMAIL_CLIENTS),
      /**
       * caniemail features your posts rely on knowingly, each with a comment saying why;
       * added to the template's own list. Anything else unsupported fails the build.
       */
      allowedFeatures: z.array(text("caniemail-Merkmal")).default([]),
      /** Up to three related posts (by shared tags) under the article in the email too. Off by default. */
      relatedPosts: z.boolean({ error: "erwartet: true oder false" }).default(false),
    })
    .default({ clients: DEFAULT_EMAIL_CLIENTS, allowedFeatures: [], relatedPosts: false }),
  /** Your own components in place of built-in ones, by name: `{ Header: "./src/Header.astro" }`. */
  components: z
    .partialRecord(
      z.enum(OVERRIDABLE_COMPONENTS, { error: `erwartet: einer von ${OVERRIDABLE_COMPONENTS.join(", ")}` }),
      componentPath,
    )
    .default({}),
  /** UI strings in place of the dictionary's (only plain texts; see src/lib/i18n.ts). */
  strings: STRING_OVERRIDES_SCHEMA.default({}),
});

/** The schema of `rundbrief.config.ts`, with every default; a locale must belong to `lang`. */
export const configSchema = configFields.superRefine((config, context) => {
  if (config.locale === undefined || localeLanguage(config.locale) === config.lang) return;
  context.addIssue({
    code: "custom",
    path: ["locale"],
    message: `erwartet: Sprachkennung zur Sprache „${config.lang}“, z. B. ${DEFAULT_LOCALES[config.lang]} (oder locale weglassen)`,
  });
});

/** What a blog writes in `rundbrief.config.ts` (defaults may be left out). */
export type RundbriefUserConfig = z.input<typeof configSchema>;

/** The configuration after validation and defaults, as the engine receives it. */
export type RundbriefConfig = Omit<z.output<typeof configSchema>, "locale"> & {
  /** Always set: the blog's own, or the default of its `lang`. */
  locale: string;
};

/** The legal imprint. */
export type Imprint = RundbriefConfig["imprint"];

/** Newsletter settings as written in the config. */
export type NewsletterSettings = RundbriefConfig["newsletter"];

export { ConfigError } from "./config-error.ts";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shown(value: unknown): string {
  if (value === undefined) return "fehlt";
  const json = JSON.stringify(value);
  return `ist ${json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}…` : json}`;
}

/** One line per problem: option, value, what is expected. */
function issueLines(input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const where = issue.path.length > 0 ? ` in „${issue.path.join(".")}“` : "";
      const allowed = issue.path[0] === "components" ? ` Erlaubt: ${OVERRIDABLE_COMPONENTS.join(", ")}` : "";
      return `  - unbekannte Option${where}: ${issue.keys.map((key) => `„${key}“`).join(", ")} (Tippfehler?${allowed})`;
    }
    const option = issue.path.map(String).join(".") || "(ganze Konfiguration)";
    return `  - ${option}: ${shown(valueAt(input, issue.path))}; ${issue.message}`;
  });
}

/**
 * Validates a blog's configuration once and fills in the defaults; throws ConfigError
 * naming each bad option. `source` names the file in the message.
 */
export function resolveConfig(input: unknown, source = "rundbrief.config.ts"): RundbriefConfig {
  const result = configSchema.safeParse(input);
  if (result.success) {
    return {
      ...result.data,
      locale: result.data.locale ?? DEFAULT_LOCALES[result.data.lang],
      email: {
        ...result.data.email,
        allowedFeatures: [...new Set([...TEMPLATE_ALLOWED_FEATURES, ...result.data.email.allowedFeatures])],
      },
    };
  }
  throw new ConfigError(
    `${source}: ungültige Rundbrief-Konfiguration\n${issueLines(input, result.error.issues).join("\n")}\n` +
      "Bitte die genannten Optionen korrigieren (alle Optionen: README, Abschnitt „Konfiguration“).",
  );
}
