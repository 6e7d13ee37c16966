/**
 * Generates realistic German MDX posts for the benchmarks: about 900 words each with
 * headings, a list, a quote, a TypeScript code block and one <Tipp>, an image every few
 * posts, tags from a small set and publish dates spread over years with a few recent
 * ones. Deterministic for a given index and clock, so every build sees the same posts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

/** The tag vocabulary; small on purpose, so tag pages list many posts each. */
export const BENCH_TAGS = [
  "Verträge",
  "Kommunikation",
  "Kundenbeziehung",
  "Projektmanagement",
  "Preise",
  "Akquise",
  "Selbstorganisation",
  "Teamarbeit",
] as const;

/** Posts dated within the last 30 days of the clock, so a `since` 30 days back mails only these. */
export const RECENT_POST_COUNT = 3;

/** Every how many posts one carries an inline image, and every how many a hero image. */
export const IMAGE_EVERY = 4;
const HERO_EVERY = 10;

/** Shared image files, written once per content folder. */
const INLINE_IMAGES = ["diagramm-stunden.png", "diagramm-budget.png", "tafel-workshop.jpg"];
const HERO_IMAGES = ["titel-besprechung.jpg", "titel-schreibtisch.jpg"];

const DAY_MS = 24 * 60 * 60 * 1000;
const ARCHIVE_YEARS = 8;

const TOPICS = [
  ["Angebote", "angebote"],
  ["Statusberichte", "statusberichte"],
  ["Kickoff-Termine", "kickoff-termine"],
  ["Änderungswünsche", "aenderungswuensche"],
  ["Preisgespräche", "preisgespraeche"],
  ["Rechnungen", "rechnungen"],
  ["Workshops", "workshops"],
  ["Jahresgespräche", "jahresgespraeche"],
  ["Abnahmen", "abnahmen"],
  ["Projektabschlüsse", "projektabschluesse"],
  ["Rückfragen", "rueckfragen"],
  ["Empfehlungen", "empfehlungen"],
] as const;

const ANGLES = [
  ["die Kunden wirklich lesen", "die-kunden-wirklich-lesen"],
  ["ohne Missverständnisse", "ohne-missverstaendnisse"],
  ["in kleinen Agenturen", "in-kleinen-agenturen"],
  ["für Einzelberaterinnen", "fuer-einzelberaterinnen"],
  ["mit klaren Fristen", "mit-klaren-fristen"],
  ["die Vertrauen schaffen", "die-vertrauen-schaffen"],
  ["in schwierigen Projekten", "in-schwierigen-projekten"],
  ["nach dem ersten Jahr", "nach-dem-ersten-jahr"],
] as const;

const NOUNS = ["die Kundin", "der Kunde", "die Geschäftsführung", "das Projektteam", "die Ansprechperson", "der Einkauf"];

const SENTENCES = [
  "Wer {topic} sorgfältig vorbereitet, erspart sich später lange Diskussionen über Umfang, Termine und Geld.",
  "In vielen Projekten entsteht Ärger nicht aus bösem Willen, sondern weil {noun} etwas anderes erwartet hat als Sie.",
  "Schreiben Sie deshalb auf, was vereinbart ist, und schicken Sie es noch am selben Tag als kurze Zusammenfassung.",
  "Eine klare Struktur hilft beiden Seiten: Sie wissen, was als Nächstes kommt, und niemand muss nachfragen.",
  "Gerade bei {topic} lohnt es sich, einmal eine Vorlage zu bauen und sie dann in jedem Projekt wiederzuverwenden.",
  "Erfahrungsgemäß liest {noun} die ersten drei Zeilen gründlich und überfliegt den Rest.",
  "Stellen Sie das Wichtigste also an den Anfang und begründen Sie es erst danach.",
  "Ein kurzer Anruf klärt manches schneller als fünf E-Mails, aber das Ergebnis gehört trotzdem schriftlich festgehalten.",
  "Nennen Sie Zahlen, wo Sie können: Stunden, Tage, Beträge und Termine lassen wenig Raum für Interpretation.",
  "Wenn {noun} zögert, fragen Sie nach dem Grund, statt sofort mit dem Preis herunterzugehen.",
  "Oft steckt hinter einem Einwand eine Unsicherheit, die sich mit einer konkreten Zusage auflösen lässt.",
  "Planen Sie Puffer ein, und zwar sichtbar, damit niemand glaubt, Sie hätten sich verrechnet.",
  "Gute Beraterinnen und Berater erkennen Konflikte früh und sprechen sie an, solange sie noch klein sind.",
  "Das wirkt im ersten Moment unbequem, spart aber im Verlauf des Projekts viele Wochen.",
  "Halten Sie Ihre Zusagen ein, auch die kleinen, denn daran misst {noun} Ihre Verlässlichkeit.",
  "Ein freundlicher, sachlicher Ton ist wichtiger als jede ausgefeilte Formulierung.",
  "Verzichten Sie auf Fachjargon, wenn Ihr Gegenüber nicht aus der Branche kommt.",
  "Fassen Sie am Ende jeder Besprechung zusammen, wer bis wann was erledigt.",
  "Bei {topic} zeigt sich, ob ein Projekt gut aufgesetzt ist oder ob wichtige Fragen offen geblieben sind.",
  "Manche Kundinnen schätzen Ausführlichkeit, andere wollen nur das Ergebnis; fragen Sie einfach, was gewünscht ist.",
  "Dokumentieren Sie Entscheidungen dort, wo alle Beteiligten sie wiederfinden, und nicht in privaten Notizen.",
  "Wenn sich Anforderungen ändern, benennen Sie die Folgen für Budget und Termin, bevor Sie mit der Arbeit beginnen.",
  "Wer Grenzen klar und früh setzt, muss sie später selten verteidigen.",
  "Ein fester Rhythmus, etwa jeden Freitag, macht Ihre Berichte zu einer Gewohnheit, auf die sich {noun} verlässt.",
  "Loben Sie gute Zusammenarbeit ausdrücklich; das stärkt die Beziehung mehr als jede Rabattaktion.",
  "Auch eine schlechte Nachricht lässt sich gut überbringen, wenn Sie gleich einen Vorschlag zur Lösung mitbringen.",
  "Rechnen Sie nach jedem Projekt nach, wie viele Stunden tatsächlich angefallen sind, und passen Sie Ihre Kalkulation an.",
  "So wächst mit jedem Auftrag Ihre Erfahrung, und Ihre Angebote werden von Mal zu Mal genauer.",
  "Bitten Sie nach dem Abschluss um eine kurze Rückmeldung, solange die Eindrücke noch frisch sind.",
  "Zufriedene Kunden empfehlen Sie gern weiter, wenn man sie im richtigen Moment darum bittet.",
  "Notieren Sie sich, welche Fragen immer wieder kommen, und beantworten Sie sie künftig schon im Angebot.",
  "Nicht jeder Auftrag passt zu Ihnen, und ein höfliches Nein ist manchmal die beste Entscheidung für beide Seiten.",
] as const;

const LIST_ITEMS = [
  "**Ziel und Umfang** in zwei Sätzen, die auch Außenstehende verstehen",
  "**Termine** mit Wochentag und Datum, nicht nur „Anfang nächster Woche“",
  "**Ansprechpersonen** auf beiden Seiten, jeweils mit Vertretung",
  "**Budget** und wie viel davon bereits verbraucht ist",
  "**Offene Fragen**, die nur die Kundin beantworten kann",
  "**Risiken**, die Sie sehen, und was Sie dagegen tun",
  "**Nächste Schritte** mit Verantwortlichen",
  "**Freigaben**, die noch ausstehen",
] as const;

const QUOTES = [
  "„Ich wusste zu jedem Zeitpunkt, wo das Projekt steht. Das war mir wichtiger als jeder Rabatt.“",
  "„Seit wir die Änderungsrunden im Angebot zählen, sind die Rückmeldungen viel durchdachter.“",
  "„Ein klarer Wochenbericht hat uns mehr Vertrauen gebracht als alle Präsentationen zusammen.“",
  "„Das Nein kam freundlich und mit einer Alternative. Wir arbeiten bis heute gern zusammen.“",
] as const;

const TIPS = [
  [
    "Die Frist gleich mitliefern",
    "Nennen Sie immer ein konkretes Datum mit Wochentag. Das wirkt verbindlich und verkürzt Freigaben spürbar.",
  ],
  ["Vorlage statt Neuanfang", "Legen Sie sich für wiederkehrende Nachrichten eine Vorlage an und passen Sie nur die Details an."],
  [
    "Zusammenfassung am selben Tag",
    "Schicken Sie nach jedem Termin noch am selben Tag eine kurze Zusammenfassung mit den vereinbarten Aufgaben.",
  ],
  [
    "Puffer sichtbar machen",
    "Weisen Sie Puffer im Zeitplan offen aus, dann fragt später niemand, warum ein Termin gehalten wurde.",
  ],
] as const;

const HEADINGS = [
  "Worum es eigentlich geht",
  "Die häufigsten Fehler",
  "Was sich in der Praxis bewährt hat",
  "So formulieren Sie es",
  "Wenn es trotzdem hakt",
  "Der Blick von der anderen Seite",
  "Ein Beispiel aus dem Alltag",
  "Was Sie heute schon tun können",
] as const;

const SUBHEADINGS = [
  "Kurz oder ausführlich?",
  "Per E-Mail oder im Gespräch?",
  "Pauschale oder Stundensatz?",
  "Wer entscheidet?",
] as const;

const CODE_BLOCKS = [
  `\`\`\`ts
interface Statusbericht {
  woche: number;
  erledigt: string[];
  offen: string[];
  stundenVerbraucht: number;
  stundenGeplant: number;
}

export function budgetAmpel(bericht: Statusbericht): "grün" | "gelb" | "rot" {
  const anteil = bericht.stundenVerbraucht / bericht.stundenGeplant;
  if (anteil <= 0.8) return "grün";
  return anteil <= 1 ? "gelb" : "rot";
}
\`\`\``,
  `\`\`\`ts
type Runde = { nummer: number; eingegangen: Date; frist: Date };

export function naechsteFrist(runde: Runde, werktage = 5): Date {
  const frist = new Date(runde.eingegangen);
  let rest = werktage;
  while (rest > 0) {
    frist.setDate(frist.getDate() + 1);
    const tag = frist.getDay();
    if (tag !== 0 && tag !== 6) rest -= 1;
  }
  return frist;
}
\`\`\``,
  `\`\`\`ts
const stundensatz = 120;

export function angebotssumme(positionen: { titel: string; stunden: number }[]): number {
  const stunden = positionen.reduce((summe, p) => summe + p.stunden, 0);
  const puffer = Math.ceil(stunden * 0.15);
  return (stunden + puffer) * stundensatz;
}
\`\`\``,
] as const;

/** One generated post: its file name without extension (= post id) and the MDX source. */
export interface GeneratedPost {
  id: string;
  publishedAt: Date;
  source: string;
}

/** A small deterministic PRNG (mulberry32), so the same index always yields the same post. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function paragraph(random: () => number, topic: string, sentences: number): string {
  const start = Math.floor(random() * SENTENCES.length);
  const step = 1 + Math.floor(random() * 5);
  const picked = Array.from({ length: sentences }, (_, i) => SENTENCES[(start + i * step) % SENTENCES.length]!);
  const text = picked
    .map((sentence) => sentence.replaceAll("{topic}", topic).replaceAll("{noun}", pick(random, NOUNS)))
    .join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Bare date (YYYY-MM-DD) in Berlin of `at`; the schema reads it as 00:00 Europe/Berlin. */
function berlinDate(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/**
 * Publish date of post `index` of `count`: the first RECENT_POST_COUNT fall within the
 * last 30 days (newest first), the rest spread evenly over the past ARCHIVE_YEARS years.
 */
export function benchPublishDate(index: number, count: number, now: Date): Date {
  if (index < RECENT_POST_COUNT) return new Date(now.getTime() - (2 + index * 9) * DAY_MS);
  const archive = Math.max(1, count - RECENT_POST_COUNT);
  const spanDays = ARCHIVE_YEARS * 365 - 40;
  return new Date(now.getTime() - (40 + Math.floor(((index - RECENT_POST_COUNT) / archive) * spanDays)) * DAY_MS);
}

/** Builds post `index` of `count` as MDX, dated relative to `now`. */
export function generatePost(index: number, count: number, now: Date): GeneratedPost {
  const random = seededRandom(index + 1);
  const [topic, topicSlug] = pick(random, TOPICS);
  const [angle, angleSlug] = pick(random, ANGLES);
  const id = `${topicSlug}-${angleSlug}-${String(index + 1).padStart(4, "0")}`;
  const publishedAt = benchPublishDate(index, count, now);
  const tags = [
    ...new Set([pick(random, BENCH_TAGS), pick(random, BENCH_TAGS), pick(random, BENCH_TAGS)].slice(0, 1 + (index % 3))),
  ];
  const [tipTitle, tipText] = pick(random, TIPS);
  const headings = [...HEADINGS].sort(() => random() - 0.5).slice(0, 5);

  const frontmatter = [
    "---",
    `title: "${topic} ${angle} (Teil ${index + 1})"`,
    `description: "Wie Sie ${topic} so gestalten, dass ${pick(random, NOUNS)} sie versteht und gern zusagt: Aufbau, Formulierungen und typische Stolpersteine aus der Praxis."`,
    `pubDate: ${berlinDate(publishedAt)}`,
    `tags: [${tags.join(", ")}]`,
  ];
  if (index % HERO_EVERY === HERO_EVERY - 1) {
    frontmatter.push(`heroImage: ./images/${HERO_IMAGES[index % HERO_IMAGES.length]}`);
    frontmatter.push(`heroAlt: "Ein aufgeräumter Besprechungstisch mit Notizblock und Laptop"`);
  }
  frontmatter.push("---");

  const blocks: string[] = [paragraph(random, topic, 5), paragraph(random, topic, 4)];
  blocks.push(`## ${headings[0]}`, paragraph(random, topic, 5), paragraph(random, topic, 4));
  blocks.push(`## ${headings[1]}`, paragraph(random, topic, 3));
  blocks.push(
    [...LIST_ITEMS]
      .sort(() => random() - 0.5)
      .slice(0, 5)
      .map((item) => `- ${item}`)
      .join("\n"),
  );
  blocks.push(paragraph(random, topic, 4));
  blocks.push(`## ${headings[2]}`, paragraph(random, topic, 5), `> ${pick(random, QUOTES)}`, paragraph(random, topic, 4));
  if (index % IMAGE_EVERY === 0) {
    blocks.push(
      `![Balkendiagramm: verbrauchte Stunden je Woche im Vergleich zum Plan](./images/${INLINE_IMAGES[(index / IMAGE_EVERY) % INLINE_IMAGES.length]})`,
    );
  }
  blocks.push(`### ${pick(random, SUBHEADINGS)}`, paragraph(random, topic, 4));
  blocks.push(`## ${headings[3]}`, paragraph(random, topic, 3), pick(random, CODE_BLOCKS), paragraph(random, topic, 4));
  blocks.push(`<Tipp title="${tipTitle}">\n\n${tipText}\n\n</Tipp>`);
  blocks.push(`## ${headings[4]}`, paragraph(random, topic, 5), paragraph(random, topic, 4));

  return { id, publishedAt, source: `${frontmatter.join("\n")}\n\n${blocks.join("\n\n")}\n` };
}

/** A simple chart-like picture: coloured bars on a light background. */
async function writeChartImage(path: string, width: number, height: number, colour: string): Promise<void> {
  const bars = Array.from({ length: 8 }, (_, i) => {
    const barHeight = Math.round(height * (0.25 + 0.08 * i));
    return `<rect x="${40 + i * ((width - 80) / 8)}" y="${height - 30 - barHeight}" width="${(width - 80) / 10}" height="${barHeight}" fill="${colour}" fill-opacity="${0.5 + i * 0.06}"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f7f5f0"/>${bars}<line x1="30" y1="${height - 30}" x2="${width - 30}" y2="${height - 30}" stroke="#333" stroke-width="2"/></svg>`;
  const image = sharp(Buffer.from(svg));
  await (path.endsWith(".png") ? image.png() : image.jpeg({ quality: 80 })).toFile(path);
}

/** Writes `count` posts and their shared images into `dir` (created if missing); returns the posts. */
export async function writeBenchPosts(dir: string, count: number, now: Date): Promise<GeneratedPost[]> {
  mkdirSync(join(dir, "images"), { recursive: true });
  const colours = ["#1f6f8b", "#c0562b", "#3b7d3b", "#7a4fa0", "#b08a1e"];
  const images = [
    ...INLINE_IMAGES.map((name) => ({ name, width: 960, height: 540 })),
    ...HERO_IMAGES.map((name) => ({ name, width: 1600, height: 900 })),
  ];
  await Promise.all(
    images.map(({ name, width, height }, i) =>
      writeChartImage(join(dir, "images", name), width, height, colours[i % colours.length]!),
    ),
  );
  const posts = Array.from({ length: count }, (_, index) => generatePost(index, count, now));
  for (const post of posts) writeFileSync(join(dir, `${post.id}.mdx`), post.source);
  return posts;
}
