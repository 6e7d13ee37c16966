import { describe, expect, it } from "vitest";
import { ConfigError, TEMPLATE_ALLOWED_FEATURES, resolveConfig } from "./config.ts";
import { uiStrings } from "./lib/i18n.ts";
import { TEST_USER_CONFIG } from "../tests/fixtures/config.ts";

/** The German message for a config with `change` applied, or "" when it validates. */
function problemsOf(change: (config: Record<string, unknown>) => void): string {
  const config = structuredClone(TEST_USER_CONFIG) as unknown as Record<string, unknown>;
  change(config);
  try {
    resolveConfig(config, "rundbrief.config.ts");
    return "";
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
}

describe("resolveConfig", () => {
  it("fills in the defaults of a minimal config", () => {
    const config = resolveConfig(TEST_USER_CONFIG);
    // Unset: the integration turns incremental builds on unless the blog replaces components.
    expect(config.incrementalBuild).toBeUndefined();
    expect(config).toMatchObject({
      base: "",
      lang: "de",
      locale: "de-DE",
      timeZone: "Europe/Berlin",
      postsPerPage: 6,
      feedItems: 20,
      shareImage: "generated",
      contentSecurityPolicy: true,
      components: {},
      strings: {},
    });
    expect(config.newsletter).toMatchObject({ maxPerRun: 3, subscribeUrl: "/api/subscribe" });
    expect(config.email.clients).toEqual(["gmail.*", "outlook.*", "apple-mail.*"]);
  });

  it("gives an English blog British dates unless it names its own English locale", () => {
    expect(resolveConfig({ ...TEST_USER_CONFIG, lang: "en" })).toMatchObject({ lang: "en", locale: "en-GB" });
    expect(resolveConfig({ ...TEST_USER_CONFIG, lang: "en", locale: "en-US" })).toMatchObject({ lang: "en", locale: "en-US" });
    expect(resolveConfig({ ...TEST_USER_CONFIG, locale: "de-AT" })).toMatchObject({ lang: "de", locale: "de-AT" });
  });

  it("adds a blog's allowed email features to the template's own", () => {
    const config = resolveConfig({ ...TEST_USER_CONFIG, email: { allowedFeatures: ["linear-gradient()"] } });
    expect(config.email.allowedFeatures).toEqual([...TEMPLATE_ALLOWED_FEATURES, "linear-gradient()"]);
  });

  it.each([
    ["a missing title", (c: Record<string, unknown>) => delete c.title, "title: fehlt; erwartet: Text"],
    [
      "a url without scheme",
      (c: Record<string, unknown>) => (c.url = "blog.example.de"),
      'url: ist "blog.example.de"; erwartet: absolute Adresse mit https://',
    ],
    [
      "an unknown time zone",
      (c: Record<string, unknown>) => (c.timeZone = "Berlin"),
      'timeZone: ist "Berlin"; erwartet: IANA-Zeitzone',
    ],
    [
      "a language without a dictionary",
      (c: Record<string, unknown>) => (c.lang = "fr"),
      'lang: ist "fr"; erwartet: „de“ (Deutsch) oder „en“ (Englisch)',
    ],
    [
      "a locale that is none",
      (c: Record<string, unknown>) => (c.locale = "deutsch-123"),
      'locale: ist "deutsch-123"; erwartet: Sprachkennung wie de-DE, de-AT, de-CH, en-GB oder en-US',
    ],
    [
      "a locale of another language than lang",
      (c: Record<string, unknown>) => ((c.lang = "en"), (c.locale = "de-DE")),
      'locale: ist "de-DE"; erwartet: Sprachkennung zur Sprache „en“, z. B. en-GB (oder locale weglassen)',
    ],
    [
      "a share image source it does not know",
      (c: Record<string, unknown>) => (c.shareImage = "titelbild"),
      'shareImage: ist "titelbild"; erwartet: „generated“ oder „hero“',
    ],
    [
      "the security policy as text",
      (c: Record<string, unknown>) => (c.contentSecurityPolicy = "aus"),
      'contentSecurityPolicy: ist "aus"; erwartet: true oder false',
    ],
    [
      "posts per page as text",
      (c: Record<string, unknown>) => (c.postsPerPage = "6"),
      'postsPerPage: ist "6"; erwartet: ganze Zahl von 1 bis 100',
    ],
    [
      "a sender without address",
      (c: Record<string, unknown>) => ((c.newsletter as Record<string, unknown>).from = "Rundbrief"),
      'newsletter.from: ist "Rundbrief"; erwartet: Absender wie „Name <brief@example.de>“',
    ],
    [
      "a German date for since",
      (c: Record<string, unknown>) => ((c.newsletter as Record<string, unknown>).since = "01.11.2026"),
      'newsletter.since: ist "01.11.2026"; erwartet: Datum wie 2026-11-01',
    ],
    [
      "maxPerRun of 0",
      (c: Record<string, unknown>) => ((c.newsletter as Record<string, unknown>).maxPerRun = 0),
      "newsletter.maxPerRun: ist 0; erwartet: ganze Zahl von 1 bis 100",
    ],
    ["a typo in an option", (c: Record<string, unknown>) => (c.titel = "x"), "unbekannte Option: „titel“ (Tippfehler?)"],
    [
      "a component that is not overridable",
      (c: Record<string, unknown>) => (c.components = { Kopf: "./src/Kopf.astro" }),
      "unbekannte Option in „components“: „Kopf“ (Tippfehler? Erlaubt: Header, Footer,",
    ],
    [
      "a component that is no .astro file",
      (c: Record<string, unknown>) => (c.components = { Header: "./src/Header.tsx" }),
      'components.Header: ist "./src/Header.tsx"; erwartet: Pfad zu einer .astro-Datei',
    ],
    [
      "a string that does not exist",
      (c: Record<string, unknown>) => (c.strings = { startseite: "x" }),
      "unbekannte Option in „strings“: „startseite“",
    ],
    [
      "a text with placeholders, which only the dictionary can hold",
      (c: Record<string, unknown>) => (c.strings = { readingTime: "5 Minuten" }),
      "unbekannte Option in „strings“: „readingTime“",
    ],
  ])("rejects %s, naming the file, the option and what is expected", (_, change, expected) => {
    const message = problemsOf(change);
    expect(message).toContain("rundbrief.config.ts: ungültige Rundbrief-Konfiguration");
    expect(message).toContain(expected);
  });

  it("lists every bad option at once", () => {
    const message = problemsOf((c) => {
      c.url = "x";
      c.feedItems = -1;
    });
    expect(message).toMatch(/url: .*\n.*feedItems: /);
  });

  it("replaces plain UI texts, also nested ones, and keeps the rest", () => {
    const config = resolveConfig({
      ...TEST_USER_CONFIG,
      strings: { home: "Beiträge", signup: { confirmButton: "Jetzt bestätigen" } },
    });
    const t = uiStrings(config.lang, config.strings);
    expect(t.home).toBe("Beiträge");
    expect(t.signup.confirmButton).toBe("Jetzt bestätigen");
    expect(t.signup.thanksBack).toBe("Zu den Artikeln");
    expect(t.readingTime(3)).toBe("3\u00a0Min. Lesezeit");
  });
});
