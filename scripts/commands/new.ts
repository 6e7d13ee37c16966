/**
 * `rundbrief new "<Titel>"`: creates content/posts/<slug>.mdx as a draft with valid
 * frontmatter, dated today in the site's time zone. `rundbrief new --edition "<Betreff>"`
 * creates a newsletter edition in content/editions/ for the next usual send slot.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { editionPath, postPath } from "../../src/lib/routes.ts";
import type { DigestSchedule, Weekday } from "../../src/lib/newsletter/periods.ts";
import { NewsletterConfigError, resolveNewsletterConfig } from "../../src/lib/newsletter/config.ts";
import { nextClockTime, parseClockTime } from "../../src/lib/newsletter/send-time.ts";
import { toZonedIso } from "../../src/lib/dates.ts";
import { buildNow } from "../../src/lib/publish.ts";
import { resolveSiteLocation, withBase } from "../../src/lib/site-url.ts";
import { slugify } from "../../src/lib/slug.ts";
import { EXIT, type Command } from "../lib/cli-io.ts";
import { loadConfig } from "../lib/load-config.ts";
import { editionsDir, postsDir } from "../lib/posts-dir.ts";
import type { RundbriefConfig } from "../../src/config.ts";

const HELP = `Verwendung: rundbrief new "Titel des Artikels"
       rundbrief new --edition "Betreff der Ausgabe"

Legt content/posts/<titel-des-artikels>.mdx als Entwurf (draft: true) mit gültigem
Frontmatter an, datiert auf heute. Der Dateiname ist die dauerhafte ID des Artikels.

Mit --edition eine Newsletter-Ausgabe in content/editions/, als Entwurf für den nächsten
üblichen Versandtermin (Wochentag und Uhrzeit von newsletter.digest, sonst montags um
newsletter.sendTime oder 07:30) und mit den seit der letzten Ausgabe erschienenen Artikeln
(posts: auto).`;

/**
 * The next usual send slot at least a day ahead: the digest's weekday and time when
 * digests are on, else Monday at newsletter.sendTime (or 07:30).
 */
export function nextEditionSlot(config: RundbriefConfig, now: Date, env: Record<string, string | undefined> = {}): Date {
  let digest: DigestSchedule | null = null;
  try {
    digest = resolveNewsletterConfig(config.newsletter, env, config.timeZone).digest;
  } catch (error) {
    // Unreadable newsletter settings: the build reports them; the slot falls back to Monday.
    if (!(error instanceof NewsletterConfigError)) throw error;
  }
  const clock = digest?.at ?? parseClockTime(config.newsletter.sendTime ?? "07:30")!;
  const weekday: Weekday = digest?.every === "week" ? (digest.on ?? "monday") : "monday";
  let slot = nextClockTime(new Date(now.getTime() + 24 * 60 * 60 * 1000), clock, config.timeZone);
  for (let i = 0; i < 7; i++) {
    const name = new Intl.DateTimeFormat("en-US", { weekday: "long", timeZone: config.timeZone }).format(slot).toLowerCase();
    if (name === weekday) return slot;
    slot = nextClockTime(new Date(slot.getTime() + 60_000), clock, config.timeZone);
  }
  return slot;
}

function newEdition(
  subject: string,
  config: RundbriefConfig,
  cwd: string,
  env: Record<string, string | undefined>,
  io: { out(line: string): void; err(line: string): void },
): number {
  const slug = slugify(subject);
  if (!slug) {
    io.err(`Aus „${subject}“ lässt sich keine Adresse bilden; bitte Buchstaben oder Ziffern verwenden.`);
    return EXIT.usage;
  }
  const dir = editionsDir(cwd, config, env);
  if (!dir) {
    io.err(
      "RUNDBRIEF_CONTENT_DIR ist gesetzt, RUNDBRIEF_EDITIONS_DIR nicht: wohin mit der Ausgabe? Bitte RUNDBRIEF_EDITIONS_DIR setzen.",
    );
    return EXIT.usage;
  }
  const file = join(dir, `${slug}.mdx`);
  if (existsSync(file)) {
    io.err(`${relative(cwd, file)} gibt es schon. Bitte einen anderen Betreff wählen.`);
    return EXIT.failed;
  }
  const sendAt = toZonedIso(nextEditionSlot(config, buildNow(env), env), config.timeZone)
    .slice(0, 16)
    .replace("T", " ");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    file,
    `---
subject: ${JSON.stringify(subject)}
sendAt: ${sendAt}
preheader: "Ein Satz, der im Posteingang neben dem Betreff steht."
posts: auto
draft: true
---

Guten Morgen,

hier steht, was Sie Ihren Leserinnen und Lesern diese Woche sagen möchten. Komponenten wie
<Tipp title="Tipp der Woche">…</Tipp> stehen ohne Import bereit. Darunter zeigt die E-Mail
die seit der letzten Ausgabe erschienenen Artikel (posts: auto) oder die unter posts
genannten.
`,
  );
  io.out(`Angelegt: ${relative(cwd, file)} (Entwurf, Versand ${sendAt} Uhr; zum Verschicken draft: true entfernen).`);
  io.out(
    `Vorschau der E-Mail: rundbrief preview edition:${slug}; die Seite erscheint nach dem Versand unter ${withBase(resolveSiteLocation(config, env).base, editionPath({ id: slug }))}.`,
  );
  return EXIT.done;
}

/** `rundbrief new`. */
export const newCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    if (argv[0] === "--edition") {
      const subject = argv.slice(1).join(" ").trim();
      if (!subject) {
        io.err('Bitte einen Betreff angeben: rundbrief new --edition "Woche 50: Gute Vorsätze für Kundenprojekte"');
        return EXIT.usage;
      }
      return newEdition(subject, await loadConfig(cwd), cwd, env, io);
    }
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
