/** Reads the colours Shiki puts on a highlighted code block, so the email can paint them on a table cell. */

/** Background and text colour of a code block. */
export interface CodeBlockColors {
  background: string;
  color: string;
}

const FALLBACK: CodeBlockColors = { background: "#24292e", color: "#e1e4e8" };

function declarations(style: string | Readonly<Record<string, unknown>> | undefined): Map<string, string> {
  const pairs: [string, string][] =
    typeof style === "string"
      ? style.split(";").map((declaration) => {
          const [property = "", ...value] = declaration.split(":");
          return [property, value.join(":")];
        })
      : Object.entries(style ?? {}).map(([property, value]) => [property.replace(/[A-Z]/g, (c) => `-${c}`), String(value)]);
  return new Map(
    pairs
      .map(([property, value]) => [property.trim().toLowerCase(), value.trim()] as [string, string])
      .filter(([property, value]) => property && value),
  );
}

/**
 * Colours from Shiki's style on <pre> (a CSS string, or the object MDX passes), or a
 * dark default when there is none (highlighting off).
 */
export function codeBlockColors(style: string | Readonly<Record<string, unknown>> | undefined): CodeBlockColors {
  const found = declarations(style);
  return {
    background: found.get("background-color") ?? found.get("background") ?? FALLBACK.background,
    color: found.get("color") ?? FALLBACK.color,
  };
}
