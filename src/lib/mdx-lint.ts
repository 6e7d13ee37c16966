/**
 * Checks an MDX body for what the renderers cannot swap: `import`/`export` statements and
 * components that are not in the shared set. Used by the build (a remark plugin) and by
 * `rundbrief check`, so both report the same problems in the same words.
 */
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

/** Problems in an MDX body (frontmatter already removed). */
export function lintMdxBody(body: string): MdxProblem[] {
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
    for (const match of text.replace(INLINE_CODE, "").matchAll(COMPONENT_TAG)) {
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

/** Problems of a whole MDX file, with line numbers counted in the file, formatted per line. */
export function lintMdxFile(file: string, source: string): string[] {
  const offset = frontmatterLineCount(source);
  const body = source.slice(source.split("\n").slice(0, offset).join("\n").length + (offset > 0 ? 1 : 0));
  return lintMdxBody(body).map((p) => `${file}:${p.line + offset}: ${p.message}`);
}
