import { describe, expect, it } from "vitest";
import { slugify } from "./slug.ts";

describe("slugify", () => {
  it.each([
    ["Größe & Übermut", "groesse-und-uebermut"],
    ["Änderungsrunden im Vertrag begrenzen", "aenderungsrunden-im-vertrag-begrenzen"],
    ["  Straße: 10 Tipps!  ", "strasse-10-tipps"],
    ["Café Crème", "cafe-creme"],
    ["Nein sagen – aber höflich", "nein-sagen-aber-hoeflich"],
    ["ÄÖÜ ẞ", "aeoeue-ss"],
    ["!!!", ""],
  ])("%s → %s", (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it("caps the length at 80 characters without a trailing hyphen", () => {
    const slug = slugify("wort ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith("-")).toBe(false);
  });
});
