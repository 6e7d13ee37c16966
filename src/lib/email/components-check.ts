/**
 * Finds MDX components a post uses that the email renderer cannot provide, so an
 * unknown `<Komponente>` fails the build instead of vanishing from the newsletter.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[`~]*[ \t]*(?=\n|$)|$)/gm;
const INLINE_CODE = /(`+)[^`]*?\1/g;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const JSX_COMMENT = /\{\/\*[\s\S]*?\*\/\}/g;
const COMPONENT_TAG = /<([A-Z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(?=[\s/>])/g;

/** Names of the JSX components (capitalised tags) used in an MDX body, outside code and comments, in order of first use. */
export function usedComponentNames(mdxBody: string): string[] {
  const prose = mdxBody.replace(FENCE, "").replace(HTML_COMMENT, "").replace(JSX_COMMENT, "").replace(INLINE_CODE, "");
  const names = new Set<string>();
  for (const match of prose.matchAll(COMPONENT_TAG)) names.add(match[1]!);
  return [...names];
}

/** The used names that `available` has no component for. */
export function missingComponents(used: readonly string[], available: Readonly<Record<string, unknown>>): string[] {
  return used.filter((name) => !Object.hasOwn(available, name));
}

/** The error for a post that uses components without an email version. */
export function missingComponentsMessage(postId: string, names: readonly string[], available: readonly string[]): string {
  const list = names.map((name) => `<${name}>`).join(", ");
  const verb = names.length === 1 ? "hat" : "haben";
  return (
    `Beitrag „${postId}“: ${list} ${verb} keine E-Mail-Version und würde im Newsletter fehlen. ` +
    `Erlaubt sind: ${available.map((name) => `<${name}>`).join(", ")}. ` +
    `Im Beitrag eine dieser Komponenten verwenden oder eine E-Mail-Version in src/components/email/ anlegen und in src/components/email/index.ts eintragen.`
  );
}

const MDX_MISSING_REFERENCE = /Expected component `([^`]+)` to be defined/;

/** The component name in MDX's "Expected component `X` to be defined" error, if that is what `error` is. */
export function missingComponentInError(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return MDX_MISSING_REFERENCE.exec(message)?.[1];
}
