import { describe, expect, it } from "vitest";
import { nodeVersionProblem } from "./node-version.ts";

describe("nodeVersionProblem", () => {
  it.each(["22.18.0", "22.21.1", "23.0.0", "24.21.0", "26.1.0"])("accepts %s", (version) => {
    expect(nodeVersionProblem(version)).toBeNull();
  });

  it.each(["20.20.2", "22.12.0", "22.17.1", "18.19.0"])("refuses %s in German, naming both versions", (version) => {
    expect(nodeVersionProblem(version)).toBe(
      `Rundbrief braucht Node.js 22.18 oder neuer, gefunden: ${version}. Bitte Node.js aktualisieren (die Vorlage nennt die Version in .nvmrc).`,
    );
  });
});
