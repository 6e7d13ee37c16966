/**
 * Checks an MDX body for what the renderers cannot swap: `import`/`export` statements,
 * components that are not in the shared set, and what the content policy forbids (active
 * HTML, images from other servers). Used by the build (a Vite plugin) and by
 * `rundbrief check`, so both report the same problems in the same words.
 */
import { imageHostProblem, tagProblem, type ImageHosts } from "./content-policy.ts";
import { parsePostDate } from "./dates.ts";
import { rawDateFields } from "./frontmatter.ts";
import { imageFormatProblem, insecureLinkProblem } from "./email/images.ts";
import { MDX_COMPONENT_NAMES } from "./mdx-components.ts";

/** One problem with the line it is on (1-based, counted in the body). */
export interface MdxProblem {
  line: number;
  message: string;
}

const FENCE = /^\s*(```|~~~)/;
const ESM = /^(import|export)\s/;
const COMPONENT_TAG = /(?<!\\)<([A-Z][A-Za-z0-9]*)[\s/>]/g;
const INLINE_CODE = /`[^`]*`/g;
const HTML_TAG = /(?<!\\)<[a-z][^<>]*>?/g;
const MARKDOWN_IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)/g;
const ALT_ATTRIBUTE = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

/** Every image needs a description: the email gate would refuse it later, naming only its built URL. */
const missingAlt = (src: string) =>
  `Bild „${src}“ hat keinen Alternativtext. So schreiben: ![Was auf dem Bild zu sehen ist](${src}) – der Text erscheint, wenn das Bild nicht lädt, und wird vorgelesen.`;
const SRC_ATTRIBUTE = /\ssrc\s*=\s*["']?([^"'\s>]+)/i;
/** An http URL anywhere in prose: a Markdown link, an href, or a bare URL (GFM links those too). */
const HTTP_URL = /(?<![\w/=?&%.:-])http:\/\/[^\s)"'<>\]]+/gi;

/**
 * Problems in an MDX body (frontmatter already removed); without `hosts` images are not
 * checked for their server. `mailed` adds what only the email gates refuse (http links,
 * images an email keeps as they are that are not PNG or JPEG), so an author hears it here
 * with the line, not later from the email build.
 */
export function lintMdxBody(body: string, hosts?: ImageHosts, mailed = false): MdxProblem[] {
  const problems: MdxProblem[] = [];
  const allowed = new Set<string>(MDX_COMPONENT_NAMES);
  let inFence = false;
  body.split("\n").forEach((text, index) => {
    const line = index + 1;
    if (FENCE.test(text)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    if (ESM.test(text)) {
      problems.push({
        line,
        message: `„${text.trim().slice(0, 60)}“: Artikel importieren keine Komponenten. Verfügbar sind ${MDX_COMPONENT_NAMES.map((n) => `<${n}>`).join(", ")} ohne Import.`,
      });
      return;
    }
    const prose = text.replace(INLINE_CODE, "");
    for (const [tag] of prose.matchAll(HTML_TAG)) {
      const problem = tagProblem(tag);
      if (problem) problems.push({ line, message: problem });
      if (!/^<img\b/i.test(tag)) continue;
      const src = SRC_ATTRIBUTE.exec(tag)?.[1] ?? "";
      const alt = ALT_ATTRIBUTE.exec(tag);
      if (!(alt?.[1] ?? alt?.[2] ?? alt?.[3] ?? "").trim()) problems.push({ line, message: missingAlt(src) });
      const remote = src && hosts ? imageHostProblem(src, hosts) : null;
      if (remote) problems.push({ line, message: remote });
      // An <img> is not converted at build: its file goes into the email as it is.
      const format = mailed && src && !src.startsWith("data:") ? imageFormatProblem(src) : null;
      if (format) problems.push({ line, message: format });
    }
    if (mailed) {
      for (const [url] of prose.matchAll(HTTP_URL)) {
        const problem = insecureLinkProblem(url);
        if (problem) problems.push({ line, message: problem });
      }
    }
    for (const match of prose.matchAll(MARKDOWN_IMAGE)) {
      const [, alt = "", src = ""] = match;
      if (!alt.trim()) problems.push({ line, message: missingAlt(src) });
      const remote = hosts ? imageHostProblem(src, hosts) : null;
      if (remote) problems.push({ line, message: remote });
      // A Markdown image from the post's folder is converted; one from a URL is not.
      const format = mailed && /^https?:\/\//i.test(src) ? imageFormatProblem(src) : null;
      if (format) problems.push({ line, message: format });
    }
    for (const match of prose.matchAll(COMPONENT_TAG)) {
      const name = match[1] ?? "";
      if (!allowed.has(name)) {
        problems.push({
          line,
          message: `<${name}> ist keine bekannte Komponente. Erlaubt: ${MDX_COMPONENT_NAMES.map((n) => `<${n}>`).join(", ")}.`,
        });
      }
    }
  });
  return problems;
}

/** Number of lines the frontmatter block occupies in the file (0 when there is none). */
export function frontmatterLineCount(source: string): number {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(source);
  return match ? match[0].split("\n").length - 1 : 0;
}

/** From when posts are mailed (newsletter.since) and in which zone a bare date is read. */
export interface MailingWindow {
  since: Date | null;
  timeZone: string;
}

/**
 * Problems of a whole MDX file, with line numbers counted in the file, formatted per line.
 * What only the email gates refuse counts for posts that will be mailed: not
 * `newsletter: false`, and (with `mailing`) not published before newsletter.since, since
 * the archive is never sent. An unreadable date counts as mailed; the schema names it.
 */
export function lintMdxFile(file: string, source: string, hosts?: ImageHosts, mailing?: MailingWindow): string[] {
  const offset = frontmatterLineCount(source);
  const frontmatter = source.split("\n").slice(0, offset).join("\n");
  const body = source.slice(frontmatter.length + (offset > 0 ? 1 : 0));
  const optedOut = /^newsletter\s*:\s*false\s*(?:#.*)?$/im.test(frontmatter);
  const published = mailing?.since ? parsePostDate(rawDateFields(source).pubDate, mailing.timeZone) : undefined;
  const beforeSince = published !== undefined && mailing?.since != null && published.getTime() < mailing.since.getTime();
  return lintMdxBody(body, hosts, !optedOut && !beforeSince).map((p) => `${file}:${p.line + offset}: ${p.message}`);
}
