/**
 * What a post may not contain, for its page and its email alike: active HTML (scripts,
 * frames, embedded objects, forms, event handlers, meta refreshes) and images from other
 * servers, which mail clients strip unpredictably and which load data about the reader
 * from a third party (GDPR). One list, checked in the MDX source with file and line
 * (`rundbrief check`, the build's MDX check) and again in the finished email.
 */

/** Elements a post may not use, with what to do instead. */
export const FORBIDDEN_ELEMENTS: Readonly<Record<string, string>> = {
  script: "Die Seiten kommen ohne JavaScript aus, und Mailprogramme entfernen Skripte. Code als Codeblock (```) zeigen.",
  iframe:
    "Mailprogramme zeigen eingebettete Seiten nicht, und sie laden Inhalte fremder Server. Stattdessen verlinken: [Titel](https://…).",
  frame: "Mailprogramme zeigen eingebettete Seiten nicht. Stattdessen verlinken: [Titel](https://…).",
  object: "Mailprogramme zeigen eingebettete Objekte nicht. Stattdessen verlinken oder ein Bild verwenden.",
  embed: "Mailprogramme zeigen eingebettete Objekte nicht. Stattdessen verlinken oder ein Bild verwenden.",
  form: "Formulare funktionieren in E-Mails nicht. Das Anmeldeformular steht schon unter jedem Artikel.",
  base: "Ein <base> verändert alle Links der Seite und der E-Mail.",
};

const META_REFRESH = "<meta http-equiv> leitet weiter oder setzt Kopfzeilen; das gehört nicht in einen Artikel.";
const EVENT_HANDLER = (name: string) => `Das Attribut ${name} ist nicht erlaubt: Artikel enthalten kein JavaScript.`;

/** The problem with one HTML start tag's text (`<iframe src=…>`), or null: its name and the attributes given a value. */
export function tagProblem(tag: string): string | null {
  const name = /^<([a-zA-Z][\w-]*)/.exec(tag)?.[1];
  if (!name) return null;
  return elementProblem(
    name,
    [...tag.matchAll(/\s([^\s=/>]+)\s*=/g)].map((match) => match[1]!),
  );
}

/** The problem with an element and its attribute names in rendered HTML, or null. */
export function elementProblem(name: string, attributes: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const element = FORBIDDEN_ELEMENTS[lower];
  if (element) return `<${lower}> ist nicht erlaubt: ${element}`;
  if (lower === "meta" && attributes.some((a) => a.toLowerCase() === "http-equiv")) return META_REFRESH;
  const handler = attributes.find((a) => /^on[a-z]+$/i.test(a));
  return handler ? EVENT_HANDLER(handler.toLowerCase()) : null;
}

/** Where a post's images may come from: the site itself and the configured extra hosts. */
export interface ImageHosts {
  /** The site's host, e.g. "blog.example.de". */
  site: string;
  /** `imageHosts` from the config. */
  allowed: readonly string[];
}

/** The image hosts of a deployed site: its own host and the config's `imageHosts`. */
export function imageHostsOf(location: { url: string }, config: { imageHosts: readonly string[] }): ImageHosts {
  return { site: new URL(location.url).hostname, allowed: config.imageHosts };
}

/** The problem with an image URL from another server, or null for a relative or allowed one. */
export function imageHostProblem(src: string, hosts: ImageHosts): string | null {
  if (!/^(?:https?:)?\/\//i.test(src)) return null;
  let host: string;
  try {
    host = new URL(src, "https://invalid.invalid").hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host === hosts.site.toLowerCase() || hosts.allowed.some((allowed) => allowed.toLowerCase() === host)) return null;
  return `Bild von einem fremden Server (${host}): Es lädt beim Lesen Daten über die Leserin oder den Leser nach (Datenschutz), und viele Mailprogramme blockieren es. Das Bild neben den Artikel legen (./images/…) oder den Server in imageHosts (rundbrief.config.ts) eintragen.`;
}
