/**
 * `rundbrief check`: validates every post's frontmatter and MDX in well under a second,
 * with the same schema and messages as the build. Exit 1 when anything is wrong.
 */
import { relative } from "node:path";
import { imageHostsOf } from "../../src/lib/content-policy.ts";
import { fileNameProblem } from "../../src/lib/frontmatter.ts";
import { lintMdxFile } from "../../src/lib/mdx-lint.ts";
import { mailingSince } from "../../src/lib/newsletter/config.ts";
import { findSlugCollisions, heroImageProblem } from "../../src/lib/post-checks.ts";
import { POST_FIELDS, formatSchemaIssues } from "../../src/lib/post-schema.ts";
import { resolveSiteLocation } from "../../src/lib/site-url.ts";
import { slugify } from "../../src/lib/slug.ts";
import { EXIT, type Command } from "../lib/cli-io.ts";
import { loadConfig } from "../lib/load-config.ts";
import { postsDir } from "../lib/posts-dir.ts";
import { readPostFiles } from "../lib/read-posts.ts";

const HELP = `Verwendung: rundbrief check

Prüft Frontmatter und MDX aller Artikel in content/posts/ mit denselben Regeln wie der
Build, in Millisekunden (auch als Pre-Commit-Hook geeignet). Exit-Code 1, wenn etwas
nicht stimmt; jede Meldung nennt Datei, Feld oder Zeile.`;

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

    const ms = Math.round(performance.now() - started);
    if (notes.length > 0) io.err(notes.join("\n"));
    if (problems.length > 0) {
      io.err(problems.join("\n"));
      io.err(`\n${problems.length} Problem(e) in ${files.length} Artikeln (${ms} ms).`);
      return EXIT.failed;
    }
    io.out(`${files.length} Artikel geprüft, alles in Ordnung (${ms} ms).`);
    return EXIT.done;
  },
};
