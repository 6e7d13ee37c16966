/**
 * `rundbrief check`: validates every post's and every newsletter edition's frontmatter and
 * MDX in well under a second, with the same schemas and messages as the build. Exit 1
 * when anything is wrong.
 */
import { relative } from "node:path";
import { imageHostsOf } from "../../src/lib/content-policy.ts";
import { listedPostsError, type FeaturablePost } from "../../src/lib/featured-posts.ts";
import { fileNameProblem } from "../../src/lib/frontmatter.ts";
import { lintMdxFile, type MailingWindow } from "../../src/lib/mdx-lint.ts";
import { mailingSince } from "../../src/lib/newsletter/config.ts";
import { findSlugCollisions, heroImageProblem } from "../../src/lib/post-checks.ts";
import { POST_FIELDS, formatSchemaIssues } from "../../src/lib/post-schema.ts";
import { resolveSiteLocation } from "../../src/lib/site-url.ts";
import { slugify } from "../../src/lib/slug.ts";
import type { RundbriefConfig } from "../../src/config.ts";
import type { ImageHosts } from "../../src/lib/content-policy.ts";
import { EXIT, type Command } from "../lib/cli-io.ts";
import { loadConfig } from "../lib/load-config.ts";
import { editionsDir, postsDir } from "../lib/posts-dir.ts";
import { consentFolderOf, consentSetOf, readConsentFolder } from "../../src/lib/subscribe/consent-files.ts";
import { packageConsentDir } from "../../src/lib/package-dir.ts";
import { readEditionFiles, readPostFiles, type PostFile } from "../lib/read-posts.ts";

const HELP = `Verwendung: rundbrief check

Prüft Frontmatter und MDX aller Artikel in content/posts/ und aller Newsletter-Ausgaben in
content/editions/ sowie die Einwilligungstexte in consent/ mit denselben Regeln wie der Build, in Millisekunden (auch als
Pre-Commit-Hook geeignet). Exit-Code 1, wenn etwas nicht stimmt; jede Meldung nennt
Datei, Feld oder Zeile.`;

/**
 * Problems of every edition in `dir`: file name, frontmatter, MDX, and the posts it lists
 * (checked against the valid posts; a listed post whose own frontmatter fails is reported
 * with that post).
 */
function editionProblems(
  dir: string,
  posts: readonly PostFile[],
  context: { cwd: string; config: RundbriefConfig; hosts: ImageHosts; mailing: MailingWindow },
): { count: number; problems: string[] } {
  const files = readEditionFiles(dir, context.config.timeZone);
  const valid: FeaturablePost[] = posts.flatMap((post) => (post.ok ? [{ id: post.id, data: post.data }] : []));
  const broken = new Set(posts.filter((post) => !post.ok).map((post) => post.id));
  const dates = { locale: context.config.locale, timeZone: context.config.timeZone };
  const problems: string[] = [];
  for (const file of files) {
    const shown = relative(context.cwd, file.path);
    const nameProblem = fileNameProblem(file.name, slugify(file.id), "der Ausgabe");
    if (nameProblem) problems.push(`${shown}: ${nameProblem}`);
    if (file.ok) {
      const listed = Array.isArray(file.data.posts) ? file.data.posts.filter((id) => !broken.has(id)) : file.data.posts;
      const error = listedPostsError(shown, { id: file.id, data: { ...file.data, posts: listed } }, valid, dates);
      if (error) problems.push(error);
    } else if ("yamlError" in file) {
      problems.push(`${shown}: Frontmatter ist kein gültiges YAML: ${file.yamlError}`);
      continue;
    } else problems.push(formatSchemaIssues(shown, file.issues));
    problems.push(...lintMdxFile(shown, file.source, context.hosts, context.mailing));
  }
  return { count: files.length, problems };
}

/** " und 2 Ausgaben" after the number of posts, when the blog has editions. */
function andEditions(count: number): string {
  if (count === 0) return "";
  return ` und ${count} ${count === 1 ? "Ausgabe" : "Ausgaben"}`;
}

/** `rundbrief check`. */
export const checkCommand: Command = {
  help: HELP,
  async run(_argv, { cwd, env, io }) {
    const started = performance.now();
    const config = await loadConfig(cwd);
    const files = readPostFiles(postsDir(cwd, config, env), config.timeZone);
    const notes: string[] = [];
    const hosts = imageHostsOf(resolveSiteLocation(config, env), config);
    const mailing = { since: mailingSince(config.newsletter, env, config.timeZone), timeZone: config.timeZone };
    const problems: string[] = [];
    const valid: { id: string; data: { slug?: string | undefined } }[] = [];
    for (const file of files) {
      const shown = relative(cwd, file.path);
      const nameProblem = fileNameProblem(file.name, slugify(file.id));
      if (nameProblem) problems.push(`${shown}: ${nameProblem}`);
      if (file.ok) {
        valid.push({ id: file.id, data: file.data });
        if (file.unknownFields.length > 0)
          notes.push(
            `${shown}: Feld ${file.unknownFields.map((key) => `„${key}“`).join(", ")} kennt Rundbrief nicht. Stammt es aus postSchema.extend in src/content.config.ts, prüft es der Build; sonst ist es ein Tippfehler (bekannt: ${POST_FIELDS.join(", ")}).`,
          );
      } else if ("yamlError" in file) {
        problems.push(`${shown}: Frontmatter ist kein gültiges YAML: ${file.yamlError}`);
        continue;
      } else problems.push(formatSchemaIssues(shown, file.issues));
      // Also when other fields fail: every problem of a post at once.
      const hero = heroImageProblem(shown, file.path, file.source, file.ok ? file.data.heroImage : file.raw.heroImage);
      if (hero) problems.push(hero);
      problems.push(...lintMdxFile(shown, file.source, hosts, mailing));
    }
    problems.push(...findSlugCollisions(valid));
    const dir = editionsDir(cwd, config, env);
    const editions = dir ? editionProblems(dir, files, { cwd, config, hosts, mailing }) : { count: 0, problems: [] };
    problems.push(...editions.problems);
    // The consent texts by the build's rules: the blog's own folder, else the package's.
    const consentDir = consentFolderOf(config.consentDir, cwd, packageConsentDir(), env);
    const consent = readConsentFolder(consentDir, relative(cwd, consentDir));
    problems.push(...consent.problems);
    if (consent.problems.length === 0) {
      try {
        consentSetOf(consent, config.lang, relative(cwd, consentDir));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }

    const ms = Math.round(performance.now() - started);
    if (notes.length > 0) io.err(notes.join("\n"));
    if (problems.length > 0) {
      io.err(problems.join("\n"));
      io.err(`\n${problems.length} Problem(e) in ${files.length} Artikeln${andEditions(editions.count)} (${ms} ms).`);
      return EXIT.failed;
    }
    io.out(`${files.length} Artikel${andEditions(editions.count)} geprüft, alles in Ordnung (${ms} ms).`);
    return EXIT.done;
  },
};
