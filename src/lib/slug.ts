/** URL slugs from German titles: "Größe & Übermut" becomes "groesse-und-uebermut". */

const REPLACEMENTS: Record<string, string> = {
  ä: "ae",
  ö: "oe",
  ü: "ue",
  ß: "ss",
  Ä: "ae",
  Ö: "oe",
  Ü: "ue",
  ẞ: "ss",
  "&": " und ",
};

/** Turns a title into a lowercase ASCII slug with German transliteration. */
export function slugify(title: string): string {
  return title
    .replace(/[äöüßÄÖÜẞ&]/g, (ch) => REPLACEMENTS[ch] ?? ch)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
}
