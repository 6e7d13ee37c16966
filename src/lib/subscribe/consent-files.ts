/**
 * The versioned consent texts on disk: `consent/<version>.md`, each with the form's
 * checkbox sentence and the confirmation mail in its frontmatter, and `consent/index.json`
 * with every version's SHA-256. A version subscribers may have confirmed is evidence, so
 * its wording never changes: a file whose checksum no longer matches the index, or a
 * version missing from the folder, fails `rundbrief check` and the build. New wording
 * gets a new file, and its checksum a new line in the index.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import matter from "gray-matter";
import { z } from "zod";
import { UI_LANGUAGES, type UiLanguage } from "../i18n.ts";
import type { ConsentSet, ConsentText } from "./consent.ts";

/** The index file beside the versions. */
export const CONSENT_INDEX_FILE = "index.json";

/** `2026-11-28`, or with a suffix: `2026-12-03-en`, `2027-01-15-b`. */
const VERSION_NAME = /^\d{4}-\d{2}-\d{2}(?:-[a-z0-9]+)*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(["blog", "stunden"]);

const sentence = (what: string) =>
  z
    .string({ error: `erwartet: ${what} als Text` })
    .trim()
    .min(1, { error: `erwartet: ${what}, nicht leer` });

const fileSchema = z.strictObject(
  {
    lang: z.enum(UI_LANGUAGES, { error: "erwartet: „de“ oder „en“" }),
    form: sentence("der Satz am Häkchen, mit [Datenschutzerklärung] als Link").refine((text) => /\[[^\]]+\]/.test(text), {
      error:
        "erwartet: der Link zur Datenschutzerklärung in eckigen Klammern, z. B. „… habe die [Datenschutzerklärung] gelesen.“",
    }),
    mail: z.strictObject(
      {
        subject: sentence("der Betreff"),
        preheader: sentence("der Vorschautext"),
        greeting: sentence("die Anrede"),
        intro: sentence("der erste Satz"),
        action: sentence("die Bitte um Bestätigung"),
        button: sentence("die Beschriftung des Knopfs"),
        expiry: sentence("der Satz zur Gültigkeit des Links"),
        ignore: sentence("der Satz für alle, die sich nicht angemeldet haben"),
        signature: sentence("der Gruß"),
      },
      { error: "erwartet: mail mit subject, preheader, greeting, intro, action, button, expiry, ignore, signature" },
    ),
  },
  { error: "erwartet: Frontmatter mit lang, form und mail" },
);

const indexSchema = z.object({
  versions: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, { error: "erwartet: SHA-256 als 64 Hex-Zeichen" })),
});

/** What a consent folder holds, and every problem found in it (German, each naming its file). */
export interface ConsentFolder {
  dir: string;
  texts: Record<string, ConsentText>;
  /** Each version file's SHA-256 as it is now. */
  checksums: Record<string, string>;
  /** The versions whose file matches its line in the index: only these are evidence. */
  verified: Set<string>;
  problems: string[];
}

/** The SHA-256 the index records for a version file: of its text with LF line ends, so a checkout on Windows matches. */
export function consentChecksum(source: string): string {
  return createHash("sha256").update(source.replace(/\r\n/g, "\n"), "utf8").digest("hex");
}

/**
 * The folder a blog's consent texts come from: RUNDBRIEF_CONSENT_DIR (tests), else its own
 * `consentDir` when that exists, else the package's (`packageDir`).
 */
export function consentFolderOf(
  consentDir: string,
  projectDir: string,
  packageDir: string,
  env: Record<string, string | undefined> = {},
): string {
  if (env.RUNDBRIEF_CONSENT_DIR) return resolve(projectDir, env.RUNDBRIEF_CONSENT_DIR);
  const own = join(projectDir, consentDir);
  return existsSync(own) ? own : packageDir;
}

/** Reads and checks every version in `dir` against its index; `shownAs` is how messages name the folder. */
export function readConsentFolder(dir: string, shownAs = dir): ConsentFolder {
  const problems: string[] = [];
  const texts: Record<string, ConsentText> = {};
  const indexPath = join(dir, CONSENT_INDEX_FILE);
  const where = (file: string) => join(shownAs, file);
  const checksums: Record<string, string> = {};
  const verified = new Set<string>();
  if (!existsSync(dir))
    return { dir, texts, checksums, verified, problems: [`${shownAs}: den Ordner der Einwilligungstexte gibt es nicht.`] };

  let index: Record<string, string> | null = null;
  if (!existsSync(indexPath)) {
    problems.push(
      `${where(CONSENT_INDEX_FILE)} fehlt: er hält die SHA-256 jeder Fassung fest, damit kein bestätigter Wortlaut unbemerkt geändert wird. Anlegen mit { "versions": { } } und die Prüfsummen eintragen, die rundbrief check nennt.`,
    );
  } else {
    try {
      const parsed = indexSchema.safeParse(JSON.parse(readFileSync(indexPath, "utf8")));
      if (parsed.success) index = parsed.data.versions;
      else
        problems.push(
          `${where(CONSENT_INDEX_FILE)}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
        );
    } catch (error) {
      problems.push(`${where(CONSENT_INDEX_FILE)} ist kein gültiges JSON: ${(error as Error).message}`);
    }
  }

  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort();
  for (const file of files) {
    const version = file.slice(0, -".md".length);
    if (!VERSION_NAME.test(version)) {
      problems.push(
        `${where(file)}: der Dateiname ist die Version und beginnt mit dem Datum, ab dem sie gilt, z. B. 2027-01-15.md oder 2027-01-15-en.md.`,
      );
      continue;
    }
    const source = readFileSync(join(dir, file), "utf8");
    const checksum = consentChecksum(source);
    checksums[version] = checksum;
    const recorded = index?.[version];
    if (recorded === checksum) verified.add(version);
    if (index && recorded === undefined) {
      problems.push(
        `${where(file)}: neue Fassung ${version}, noch nicht in ${where(CONSENT_INDEX_FILE)}. Eintragen unter "versions": "${version}": "${checksum}" – danach darf sich ihr Wortlaut nie mehr ändern.`,
      );
    } else if (recorded !== undefined && recorded !== checksum) {
      problems.push(
        `${where(file)}: der Wortlaut der Fassung ${version} wurde geändert (SHA-256 ${checksum}, im Index ${recorded}). Wer sich mit dieser Fassung angemeldet hat, hat den alten Wortlaut bestätigt: die Datei wiederherstellen (git checkout -- ${where(file)}) und den neuen Wortlaut als neue Fassung anlegen, z. B. ${today()}.md.`,
      );
    }
    let data: unknown;
    try {
      data = matter(source).data;
    } catch (error) {
      problems.push(`${where(file)}: Frontmatter nicht lesbar: ${(error as Error).message}`);
      continue;
    }
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${where(file)}: ${issue.path.join(".") || "Frontmatter"}: ${issue.message}`);
      continue;
    }
    const { lang, form, mail } = parsed.data;
    for (const [field, value] of [["form", form], ...Object.entries(mail).map(([key, text]) => [`mail.${key}`, text])]) {
      for (const [, name] of value!.matchAll(PLACEHOLDER)) {
        if (!KNOWN_PLACEHOLDERS.has(name!))
          problems.push(`${where(file)}: ${field}: unbekannter Platzhalter {${name}}; erlaubt sind {blog} und {stunden}.`);
      }
    }
    texts[version] = { version, lang, form, mail };
  }

  for (const version of Object.keys(index ?? {})) {
    if (!files.includes(`${version}.md`))
      problems.push(
        `${where(`${version}.md`)} fehlt, steht aber in ${where(CONSENT_INDEX_FILE)}: gespeicherte Einwilligungen verweisen auf diese Fassung. Die Datei wiederherstellen (git checkout).`,
      );
  }
  return { dir, texts, checksums, verified, problems };
}

/** The versions of a folder and the current one for `lang`: the newest file name of that language. */
export function consentSetOf(folder: ConsentFolder, lang: UiLanguage, shownAs = folder.dir): ConsentSet {
  const ofLang = Object.values(folder.texts)
    .filter((text) => text.lang === lang)
    .sort((a, b) => (a.version < b.version ? -1 : 1));
  const current = ofLang.at(-1);
  if (!current)
    throw new Error(
      `${shownAs}: keine Fassung der Einwilligungstexte mit lang: ${lang}. Eine Datei wie ${today()}.md mit lang: ${lang} anlegen.`,
    );
  return { current, versions: folder.texts };
}

/**
 * Reads a folder and fails with every problem at once; what the build uses. `packageDir`:
 * the package's own versions stay known beside a blog's own folder (the form showed them
 * before the blog had one, and a page from then may still be open), unless the blog has a
 * version of the same name.
 */
export function loadConsentSet(dir: string, lang: UiLanguage, projectDir = process.cwd(), packageDir?: string): ConsentSet {
  const shownAs = relative(projectDir, dir) || dir;
  const folder = readConsentFolder(dir, shownAs.startsWith("..") ? dir : shownAs);
  if (folder.problems.length > 0) {
    throw new Error(`Einwilligungstexte (${shownAs}):\n${folder.problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
  const set = consentSetOf(folder, lang, shownAs);
  if (!packageDir || resolve(packageDir) === resolve(dir)) return set;
  const ofPackage = readConsentFolder(packageDir);
  const inherited = Object.fromEntries(Object.entries(ofPackage.texts).filter(([version]) => ofPackage.verified.has(version)));
  return { current: set.current, versions: { ...inherited, ...set.versions } };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
