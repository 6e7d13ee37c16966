import { describe, expect, it } from "vitest";
import { missingComponentInError, missingComponentMessage } from "./components-check.ts";

describe("missingComponentInError", () => {
  it.each([
    [new Error("Expected component `Unbekannt` to be defined: you likely forgot to import, pass, or provide it."), "Unbekannt"],
    ["Expected component `Tabs.Item` to be defined", "Tabs.Item"],
    [new Error("Expected object `props` to be defined"), undefined],
    [new TypeError("x is not a function"), undefined],
  ])("%s → %s", (error, name) => {
    expect(missingComponentInError(error)).toBe(name);
  });
});

describe("missingComponentMessage", () => {
  it("names the post and the component and says what to do", () => {
    const message = missingComponentMessage("mein-artikel", "Hinweis", ["Tipp", "Checkliste", "Beispiel"]);
    expect(message).toMatch(/^Beitrag „mein-artikel“: <Hinweis> hat keine E-Mail-Version/);
    expect(message).toContain("Erlaubt sind: <Tipp>, <Checkliste>, <Beispiel>.");
    expect(message).toContain("src/components/email/index.ts");
  });
});
