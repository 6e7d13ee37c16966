/**
 * `rundbrief new "<Titel>"`: creates content/posts/<slug>.mdx as a draft with valid
 * frontmatter, dated today in the site's time zone.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { postPath } from "../../src/lib/routes.ts";
import { resolveSiteLocation, withBase } from "../../src/lib/site-url.ts";
import { slugify } from "../../src/lib/slug.ts";
import { EXIT, type Command } from "../lib/cli-io.ts";
import { loadConfig } from "../lib/load-config.ts";
import { postsDir } from "../lib/posts-dir.ts";

const HELP = `Verwendung: rundbrief new "Titel des Artikels"

Legt content/posts/<titel-des-artikels>.mdx als Entwurf (draft: true) mit gültigem
Frontmatter an, datiert auf heute. Der Dateiname ist die dauerhafte ID des Artikels.`;

/** `rundbrief new`. */
export const newCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    const title = argv.join(" ").trim();
    if (!title) {
      io.err('Bitte einen Titel angeben: rundbrief new "Mein neuer Artikel"');
      return EXIT.usage;
    }
    const slug = slugify(title);
    if (!slug) {
      io.err(`Aus „${title}“ lässt sich keine Adresse bilden; bitte Buchstaben oder Ziffern verwenden.`);
      return EXIT.usage;
    }
    const config = await loadConfig(cwd);
    const dir = postsDir(cwd, config, env);
    const file = join(dir, `${slug}.mdx`);
    if (existsSync(file)) {
      io.err(`${relative(cwd, file)} gibt es schon. Bitte einen anderen Titel wählen.`);
      return EXIT.failed;
    }
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: config.timeZone }).format(new Date());
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
    io.out(`Angelegt: ${relative(cwd, file)} (Entwurf; zum Veröffentlichen draft: true entfernen).`);
    io.out(
      `Lesen beim Schreiben: npm run dev, dann http://localhost:4321${withBase(resolveSiteLocation(config, env).base, postPath({ id: slug, data: {} }))} (mit Hinweis „Entwurf“).`,
    );
    return EXIT.done;
  },
};
