/**
 * `npm run check:posts`: validates every post's frontmatter and MDX in well under a
 * second, with the same schema and messages as the build. Exit 1 when anything is wrong.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { formatSchemaIssues, nodePostSchema } from "../src/lib/post-schema.ts";
import { lintMdxFile } from "../src/lib/mdx-lint.ts";
import { fileNameProblem, readFrontmatter } from "../src/lib/frontmatter.ts";
import { slugify } from "../src/lib/slug.ts";
import { findSlugCollisions } from "../src/lib/post-checks.ts";
import { listPostFiles, postsDir } from "./lib/posts-dir.ts";
import { loadConfig } from "./lib/load-config.ts";

const started = performance.now();
const postSchema = nodePostSchema((await loadConfig()).timeZone);
const dir = postsDir();
const files = listPostFiles(dir);
const problems: string[] = [];
const valid: { id: string; data: { slug?: string | undefined } }[] = [];

for (const name of files) {
  const path = join(dir, name);
  const shown = relative(process.cwd(), path);
  const source = readFileSync(path, "utf8");
  const nameProblem = fileNameProblem(name, slugify(name.replace(/\.mdx$/, "")));
  if (nameProblem) problems.push(`${shown}: ${nameProblem}`);
  let data: Record<string, unknown>;
  try {
    data = readFrontmatter(source);
  } catch (error) {
    problems.push(`${shown}: Frontmatter ist kein gültiges YAML: ${(error as Error).message.split("\n")[0]}`);
    continue;
  }
  const result = postSchema.safeParse(data);
  if (!result.success) {
    problems.push(formatSchemaIssues(shown, result.error.issues));
  } else {
    valid.push({ id: name.replace(/\.mdx$/, ""), data: result.data });
    const hero = result.data.heroImage;
    if (hero && !existsSync(resolve(dirname(path), hero))) {
      problems.push(`${shown}: heroImage „${hero}“ nicht gefunden (Pfad relativ zur Artikeldatei).`);
    }
  }
  problems.push(...lintMdxFile(shown, source));
}
problems.push(...findSlugCollisions(valid));

const ms = Math.round(performance.now() - started);
if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} Problem(e) in ${files.length} Artikeln (${ms} ms).`);
  process.exit(1);
}
console.log(`${files.length} Artikel geprüft, alles in Ordnung (${ms} ms).`);
