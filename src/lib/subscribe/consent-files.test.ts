import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PACKAGE_CONSENT_DIR } from "../../../tests/support/signup-assets.ts";
import { CURRENT_CONSENT_VERSIONS } from "./consent.ts";
import { consentChecksum, consentFolderOf, loadConsentSet, readConsentFolder } from "./consent-files.ts";

const folders: string[] = [];
/** A copy of the package's consent folder to change. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), "rundbrief-consent-"));
  folders.push(dir);
  cpSync(PACKAGE_CONSENT_DIR, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const edit = (dir: string, file: string, change: (text: string) => string) =>
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), "utf8")));

describe("the package's consent folder", () => {
  it("matches its committed index, and its newest version per language is the one the package names", () => {
    expect(readConsentFolder(PACKAGE_CONSENT_DIR).problems).toEqual([]);
    for (const lang of ["de", "en"] as const)
      expect(loadConsentSet(PACKAGE_CONSENT_DIR, lang).current.version).toBe(CURRENT_CONSENT_VERSIONS[lang]);
  });

  it("holds the sentence the German form shows", () => {
    const { current } = loadConsentSet(PACKAGE_CONSENT_DIR, "de");
    expect(current.form).toBe("Ich möchte den Newsletter erhalten und habe die [Datenschutzerklärung] gelesen.");
    expect(current.mail.expiry).toBe("Der Link ist {stunden} Stunden gültig.");
  });
});

describe("a changed version", () => {
  it("fails, naming the file, both checksums and what to do", () => {
    const dir = copy();
    edit(dir, "2026-11-28.md", (text) => text.replace("habe die", "habe die aktuelle"));
    const [problem, ...rest] = readConsentFolder(dir, "consent").problems;
    expect(rest).toEqual([]);
    expect(problem).toContain("consent/2026-11-28.md: der Wortlaut der Fassung 2026-11-28 wurde geändert");
    expect(problem).toContain(consentChecksum(readFileSync(join(dir, "2026-11-28.md"), "utf8")));
    expect(problem).toContain("git checkout -- consent/2026-11-28.md");
    expect(() => loadConsentSet(dir, "de")).toThrow(/wurde geändert/);
  });

  it("fails for a change in the note below the frontmatter too: the file is the evidence", () => {
    const dir = copy();
    edit(dir, "2026-11-28.md", (text) => `${text}\nNachtrag.\n`);
    expect(readConsentFolder(dir).problems).toHaveLength(1);
  });

  it("passes a checkout with Windows line ends", () => {
    const dir = copy();
    edit(dir, "2026-11-28.md", (text) => text.replace(/\n/g, "\r\n"));
    expect(readConsentFolder(dir).problems).toEqual([]);
  });
});

describe("a new version", () => {
  it("without an index line fails with the line to add; with it, it becomes the current one", () => {
    const dir = copy();
    const source = readFileSync(join(dir, "2026-11-28.md"), "utf8").replace("habe die", "habe die aktuelle");
    writeFileSync(join(dir, "2027-01-15.md"), source);
    const [problem] = readConsentFolder(dir, "consent").problems;
    expect(problem).toBe(
      `consent/2027-01-15.md: neue Fassung 2027-01-15, noch nicht in consent/index.json. Eintragen unter "versions": "2027-01-15": "${consentChecksum(source)}" – danach darf sich ihr Wortlaut nie mehr ändern.`,
    );
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    index.versions["2027-01-15"] = consentChecksum(source);
    writeFileSync(join(dir, "index.json"), JSON.stringify(index));
    const set = loadConsentSet(dir, "de");
    expect(set.current.version).toBe("2027-01-15");
    expect(Object.keys(set.versions)).toContain("2026-11-28");
  });

  it.each([
    ["a field missing", (text: string) => text.replace(/^ {2}button: .*\n/m, ""), "2026-11-28.md: mail.button"],
    [
      "no link in the form sentence",
      (text: string) => text.replace("[Datenschutzerklärung]", "Datenschutzerklärung"),
      "form: erwartet: der Link",
    ],
    [
      "an unknown placeholder",
      (text: string) => text.replace("{blog} erhalten", "{name} erhalten"),
      "unbekannter Platzhalter {name}",
    ],
    ["an unknown language", (text: string) => text.replace("lang: de", "lang: fr"), "lang: erwartet: „de“ oder „en“"],
  ])("names the file and field for %s", (_label, change, expected) => {
    const dir = copy();
    edit(dir, "2026-11-28.md", change);
    const problems = readConsentFolder(dir).problems.filter((problem) => !problem.includes("wurde geändert"));
    expect(problems.join("\n")).toContain(expected);
  });

  it("refuses a file name that is no version", () => {
    const dir = copy();
    writeFileSync(join(dir, "neu.md"), "---\nlang: de\n---\n");
    expect(readConsentFolder(dir).problems.join("\n")).toContain("der Dateiname ist die Version");
  });
});

describe("a removed version", () => {
  it("fails: contacts may name it", () => {
    const dir = copy();
    rmSync(join(dir, "2026-12-03-en.md"));
    expect(readConsentFolder(dir, "consent").problems).toEqual([
      "consent/2026-12-03-en.md fehlt, steht aber in consent/index.json: gespeicherte Einwilligungen verweisen auf diese Fassung. Die Datei wiederherstellen (git checkout).",
    ]);
  });

  it("a folder without any version of the site's language says so", () => {
    const dir = copy();
    rmSync(join(dir, "2026-12-03-en.md"));
    writeFileSync(
      join(dir, "index.json"),
      JSON.stringify({ versions: { "2026-11-28": consentChecksum(readFileSync(join(dir, "2026-11-28.md"), "utf8")) } }),
    );
    expect(() => loadConsentSet(dir, "en")).toThrow(/keine Fassung der Einwilligungstexte mit lang: en/);
  });
});

describe("a blog's own folder", () => {
  it("keeps the package's versions known beside its own, unless it has one of the same name", () => {
    const dir = copy();
    rmSync(join(dir, "2026-12-03-en.md"));
    const source = readFileSync(join(dir, "2026-11-28.md"), "utf8").replace("habe die", "habe die eigene");
    rmSync(join(dir, "2026-11-28.md"));
    writeFileSync(join(dir, "2027-01-15.md"), source);
    writeFileSync(join(dir, "index.json"), JSON.stringify({ versions: { "2027-01-15": consentChecksum(source) } }));
    const set = loadConsentSet(dir, "de", dir, PACKAGE_CONSENT_DIR);
    expect(set.current.version).toBe("2027-01-15");
    expect(Object.keys(set.versions).sort()).toEqual(["2026-11-28", "2026-12-03-en", "2027-01-15"]);
    expect(Object.keys(loadConsentSet(dir, "de", dir).versions)).toEqual(["2027-01-15"]);
  });
});

describe("consentFolderOf", () => {
  it("takes the blog's own folder when it has one, else the package's", () => {
    const project = copy();
    expect(consentFolderOf("consent", project, PACKAGE_CONSENT_DIR)).toBe(PACKAGE_CONSENT_DIR);
    cpSync(PACKAGE_CONSENT_DIR, join(project, "consent"), { recursive: true });
    expect(consentFolderOf("consent", project, PACKAGE_CONSENT_DIR)).toBe(join(project, "consent"));
  });
});
