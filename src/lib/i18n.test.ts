import { describe, expect, it } from "vitest";
import { openGraphLocale, ui, uiStrings } from "./i18n.ts";

/** Every entry of a dictionary as "path: kind", functions with their parameter count. */
function shape(strings: object, prefix = ""): string[] {
  return Object.entries(strings).flatMap(([key, value]: [string, unknown]) =>
    typeof value === "object" && value !== null
      ? shape(value, `${prefix}${key}.`)
      : [`${prefix}${key}: ${typeof value === "function" ? `function/${value.length}` : typeof value}`],
  );
}

/** Every text of a dictionary, functions called with sample arguments. */
function texts(strings: object): string[] {
  return Object.values(strings).flatMap((value: unknown) => {
    if (typeof value === "string") return [value];
    if (typeof value === "function") {
      const args = Array.from({ length: value.length }, (_, i) => (i === 0 ? 2 : "X"));
      return [String((value as (...a: unknown[]) => unknown)(...args)), String((value as (...a: unknown[]) => unknown)(1, "X"))];
    }
    return typeof value === "object" && value !== null ? texts(value) : [];
  });
}

/** Words that only a German text would contain; none may slip into the English dictionary. */
const GERMAN_MARKERS = /\b(und|oder|der|die|das|nicht|Sie|Ihre?|Artikel|Seite|Anmeldung|bitte|Newsletter-|abonnieren|Uhr)\b/;

describe("the English dictionary", () => {
  it("has exactly the keys and function signatures of the German one", () => {
    expect(shape(ui.en)).toEqual(shape(ui.de));
  });

  it("contains no German", () => {
    const isGerman = (text: string) => /[äöüßÄÖÜ„]/.test(text) || GERMAN_MARKERS.test(text);
    expect(texts(ui.en).filter(isGerman)).toEqual([]);
    // The check itself finds German: most German texts trip it.
    expect(texts(ui.de).filter(isGerman).length).toBeGreaterThan(texts(ui.de).length / 2);
  });

  it("says the same things in English, with English plurals", () => {
    const t = uiStrings("en");
    expect(t.postCount(1)).toBe("1 post");
    expect(t.postCount(3)).toBe("3 posts");
    expect(t.readingTime(4)).toBe("4\u00a0min read");
    expect(t.signup.tooManyText(1)).toContain("in a minute");
    expect(t.email.digest.intro(1, "In week 48/2026")).toBe("In week 48/2026, one new post was published.");
  });

  it("takes a blog's own texts in English too", () => {
    expect(uiStrings("en", { home: "Articles" }).home).toBe("Articles");
  });
});

describe("openGraphLocale", () => {
  it("follows the locale unless the blog set its own", () => {
    expect(openGraphLocale(uiStrings("de"), "de", "de-AT")).toBe("de_AT");
    expect(openGraphLocale(uiStrings("en"), "en", "en-US")).toBe("en_US");
    expect(openGraphLocale(uiStrings("de"), "de", "de-DE")).toBe("de_DE");
    expect(openGraphLocale(uiStrings("en", { ogLocale: "en_IE" }), "en", "en-GB")).toBe("en_IE");
  });
});
