/** The oldest Node that runs the CLI: it loads the blog's rundbrief.config.ts with Node's built-in type stripping. */
export const MIN_NODE = [22, 18] as const;

/** A German sentence when `version` (e.g. "20.20.2") is older than MIN_NODE, else null. */
export function nodeVersionProblem(version: string): string | null {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return null;
  return `Rundbrief braucht Node.js ${MIN_NODE.join(".")} oder neuer, gefunden: ${version}. Bitte Node.js aktualisieren (die Vorlage nennt die Version in .nvmrc).`;
}
