/**
 * `npm run new-post -- "Titel des Artikels"`: creates content/posts/<slug>.mdx as a draft
 * with valid frontmatter, dated today in the site's time zone.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { slugify } from "../src/lib/slug.ts";
import { loadConfig } from "./lib/load-config.ts";
import { postsDir } from "./lib/posts-dir.ts";

const title = process.argv.slice(2).join(" ").trim();
if (!title) {
  console.error('Bitte einen Titel angeben: npm run new-post -- "Mein neuer Artikel"');
  process.exit(2);
}
const slug = slugify(title);
if (!slug) {
  console.error(`Aus „${title}“ lässt sich keine Adresse bilden; bitte Buchstaben oder Ziffern verwenden.`);
  process.exit(2);
}
const dir = postsDir();
const file = join(dir, `${slug}.mdx`);
if (existsSync(file)) {
  console.error(`${relative(process.cwd(), file)} gibt es schon. Bitte einen anderen Titel wählen.`);
  process.exit(1);
}
const siteConfig = await loadConfig();
const today = new Intl.DateTimeFormat("sv-SE", { timeZone: siteConfig.timeZone }).format(new Date());
mkdirSync(dir, { recursive: true });
writeFileSync(
  file,
  `---
title: ${JSON.stringify(title)}
description: "Ein bis zwei Sätze, worum es geht (erscheint in Vorschau, Feed und E-Mail)."
pubDate: ${today}
tags: []
draft: true
---

Hier beginnt der Artikel. Komponenten wie <Tipp title="Tipp">…</Tipp> stehen ohne Import bereit.
`,
);
console.log(`Angelegt: ${relative(process.cwd(), file)} (Entwurf; zum Veröffentlichen draft: true entfernen).`);
