/**
 * Checks a finished email the way a reviewer would, so the build refuses to ship one
 * that Gmail clips, that links to nowhere, that shows broken images or that lacks the
 * legally required parts. Each finding says what to fix.
 */
import { caniemail, type CanIEmailOptions } from "caniemail";
import type { Imprint } from "../../config.ts";
import { loadHtml } from "./html.ts";
import { imageFormatProblem } from "./images.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../absolute-urls.ts";
import { elementProblem, imageHostProblem, type ImageHosts } from "../content-policy.ts";

/** Gmail clips messages above about 102 KB; counted in decimal kilobytes to stay on the safe side. */
export const CLIP_BYTES = 102_000;

/** Above this the build warns: Resend's link tracking and the real unsubscribe URL still add bytes. */
export const WARN_BYTES = 80_000;

/** What the gates need besides the HTML. */
export interface GateContext {
  imprint: Imprint;
  /** Where images may come from: the site and the configured extra hosts. */
  imageHosts: ImageHosts;
  /** caniemail client globs the email must work in, e.g. "gmail.*". */
  clients: readonly string[];
  /** caniemail feature titles (e.g. "@media") accepted although some client lacks them. */
  allowedFeatures: readonly string[];
}

/** Findings of all gates: errors fail the build, warnings are printed. */
export interface GateReport {
  errors: string[];
  warnings: string[];
}

/** Size gate: fails above CLIP_BYTES, warns above WARN_BYTES. */
export function checkSize(html: string): GateReport {
  const bytes = Buffer.byteLength(html, "utf8");
  const kb = (bytes / 1000).toFixed(1);
  if (bytes > CLIP_BYTES) {
    return {
      errors: [
        `E-Mail ist ${kb} KB groß, Gmail kürzt ab ${CLIP_BYTES / 1000} KB. Den Artikel kürzen oder teilen (lange Tabellen und Codeblöcke kosten am meisten).`,
      ],
      warnings: [],
    };
  }
  if (bytes > WARN_BYTES) {
    return {
      errors: [],
      warnings: [`E-Mail ist ${kb} KB groß (Warnschwelle ${WARN_BYTES / 1000} KB, Gmail kürzt ab ${CLIP_BYTES / 1000} KB).`],
    };
  }
  return { errors: [], warnings: [] };
}

const LOCAL_HOSTS = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1?\]|[^.]+\.local|[^.]+\.localhost)$/i;

/** Why `url` cannot be used in an email, or undefined when it is an absolute public https URL (or mailto:/tel:). */
export function urlProblem(url: string): string | undefined {
  const value = url.trim();
  if (/^(?:mailto|tel):/i.test(value)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return "ist relativ; in E-Mails braucht jeder Link eine vollständige https-Adresse";
  }
  if (parsed.protocol === "http:") return "nutzt http statt https";
  if (parsed.protocol !== "https:") return `nutzt „${parsed.protocol}“; erlaubt sind https, mailto und tel`;
  if (LOCAL_HOSTS.test(parsed.hostname))
    return "zeigt auf einen lokalen Rechner; SITE_URL auf die öffentliche https-Adresse setzen";
  return undefined;
}

function tagName(node: object): string {
  return "name" in node && typeof node.name === "string" ? node.name : "?";
}

function urlAttributes($: ReturnType<typeof loadHtml>): { where: string; url: string }[] {
  const found: { where: string; url: string }[] = [];
  for (const attribute of ["href", "src", "background", "action", "poster"]) {
    $(`[${attribute}]`).each((_, element) => {
      found.push({ where: `${tagName(element)} ${attribute}`, url: $(element).attr(attribute) ?? "" });
    });
  }
  $("[srcset]").each((_, element) => {
    for (const candidate of ($(element).attr("srcset") ?? "").split(",")) {
      found.push({ where: `${tagName(element)} srcset`, url: candidate.trim().split(/\s+/)[0] ?? "" });
    }
  });
  const css = [
    $("style").text(),
    ...$("[style]")
      .map((_, element) => $(element).attr("style"))
      .get(),
  ].join("\n");
  for (const match of css.matchAll(/url\(\s*['"]?([^'")]*)['"]?\s*\)/g)) found.push({ where: "CSS url()", url: match[1] ?? "" });
  return found;
}

/** URL gate: every link and image must be absolute https on a public host (the unsubscribe placeholder aside). */
export function checkUrls(html: string): GateReport {
  const $ = loadHtml(html);
  const errors: string[] = [];
  for (const { where, url } of urlAttributes($)) {
    if (url === UNSUBSCRIBE_PLACEHOLDER && where === "a href") continue;
    const problem = urlProblem(url);
    if (problem) errors.push(`Adresse „${url}“ (${where}) ${problem}.`);
  }
  return { errors: [...new Set(errors)], warnings: [] };
}

/** Image gate: PNG or JPEG only, with alt text and a width attribute. */
export function checkImages(html: string): GateReport {
  const $ = loadHtml(html);
  const errors: string[] = [];
  $("img").each((_, element) => {
    const image = $(element);
    const src = image.attr("src") ?? "";
    const alt = image.attr("alt");
    if (alt === undefined || alt.trim() === "") {
      errors.push(`Bild „${src}“ hat keinen Alternativtext. Im Markdown ![Beschreibung des Bildes](…) schreiben.`);
    }
    if (!/^\d+$/.test(image.attr("width") ?? "")) {
      errors.push(`Bild „${src}“ hat kein width-Attribut in Pixeln; Outlook zeigt es sonst in Originalgröße.`);
    }
    if (src.startsWith("data:")) {
      errors.push(
        `Bild „${src.slice(0, 40)}…“ ist als data:-URL eingebettet; Gmail zeigt das nicht. Das Bild als Datei neben den Beitrag legen.`,
      );
    } else {
      const format = imageFormatProblem(src);
      if (format) errors.push(format);
    }
  });
  return { errors, warnings: [] };
}

/** Content policy gate: no active HTML, no images from other servers (src/lib/content-policy.ts). */
export function checkContentPolicy(html: string, hosts: ImageHosts): GateReport {
  const $ = loadHtml(html);
  const errors: string[] = [];
  $("*").each((_, element) => {
    if (!("attribs" in element)) return;
    const problem = elementProblem(element.name, Object.keys(element.attribs));
    if (problem) errors.push(problem);
    if (element.name === "img") {
      const remote = imageHostProblem(element.attribs.src ?? "", hosts);
      if (remote) errors.push(`${remote} (${element.attribs.src})`);
    }
  });
  return { errors: [...new Set(errors)], warnings: [] };
}

/** Unsubscribe gate: a link carrying Resend's placeholder must be present. */
export function checkUnsubscribe(html: string): GateReport {
  const $ = loadHtml(html);
  const present = $("a[href]")
    .toArray()
    .some((element) => $(element).attr("href") === UNSUBSCRIBE_PLACEHOLDER);
  return present
    ? { errors: [], warnings: [] }
    : {
        errors: [`Kein Abmeldelink: ein <a href="${UNSUBSCRIBE_PLACEHOLDER}"> fehlt (Vorlage src/lib/email/template.ts).`],
        warnings: [],
      };
}

/** Imprint gate: the configured imprint must be complete and appear in the email. */
export function checkImprint(html: string, imprint: Imprint): GateReport {
  const lines = [imprint.name, ...imprint.address, imprint.email].map((line) => line.trim());
  if (lines.some((line) => line === "") || imprint.address.length === 0) {
    return {
      errors: ["Impressum unvollständig: imprint.name, imprint.address und imprint.email in rundbrief.config.ts ausfüllen."],
      warnings: [],
    };
  }
  const text = loadHtml(html)("body").text().replace(/\s+/g, " ");
  const missing = lines.filter((line) => !text.includes(line.replace(/\s+/g, " ")));
  return missing.length === 0
    ? { errors: [], warnings: [] }
    : {
        errors: [
          `Impressum fehlt in der E-Mail (${missing.map((line) => `„${line}“`).join(", ")}); die Fußzeile muss es zeigen.`,
        ],
        warnings: [],
      };
}

/** Client-support gate: caniemail "error" findings (no support at all) that are not allowlisted. */
export function checkClientSupport(html: string, clients: readonly string[], allowed: readonly string[]): GateReport {
  const allowedTitles = new Set(allowed);
  let result: ReturnType<typeof caniemail>;
  try {
    result = caniemail({ clients: [...clients] as CanIEmailOptions["clients"], html });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      errors: [
        `caniemail konnte die E-Mail nicht prüfen (${message}). Fehlen Daten zu einer CSS-Eigenschaft, diese durch eine gleichwertige ersetzen; ist ein Mailprogramm unbekannt, email.clients in rundbrief.config.ts korrigieren.`,
      ],
      warnings: [],
    };
  }
  const unsupported = new Map<string, Set<string>>();
  for (const [client, issues] of result.issues.errors) {
    for (const issue of issues) {
      if (allowedTitles.has(issue.title)) continue;
      if (!unsupported.has(issue.title)) unsupported.set(issue.title, new Set());
      unsupported.get(issue.title)!.add(client);
    }
  }
  if (unsupported.size === 0) return { errors: [], warnings: [] };
  const lines = [...unsupported].map(([feature, where]) => `    „${feature}“: ${[...where].sort().join(", ")}`);
  return {
    errors: [
      `Nicht unterstützt laut caniemail:\n${lines.join("\n")}\n    Anders lösen oder, wenn die E-Mail dort trotzdem funktioniert, mit einem Kommentar zur Begründung in email.allowedFeatures (rundbrief.config.ts) eintragen.`,
    ],
    warnings: [],
  };
}

/** Runs every gate on a finished email. */
export function checkEmail(html: string, context: GateContext): GateReport {
  const reports = [
    checkSize(html),
    checkUrls(html),
    checkImages(html),
    checkContentPolicy(html, context.imageHosts),
    checkUnsubscribe(html),
    checkImprint(html, context.imprint),
    checkClientSupport(html, context.clients, context.allowedFeatures),
  ];
  return { errors: reports.flatMap((r) => r.errors), warnings: reports.flatMap((r) => r.warnings) };
}
