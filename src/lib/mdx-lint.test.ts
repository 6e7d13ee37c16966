import { describe, expect, it } from "vitest";
import { lintMdxBody, lintMdxFile } from "./mdx-lint.ts";

describe("lintMdxBody", () => {
  it.each([
    ["plain prose", "Ein Absatz mit **fett**.", []],
    ["known components", '<Tipp title="x">\n\nText\n\n</Tipp>\n<Checkliste>\n- a\n</Checkliste>', []],
    ["HTML in lower case", "<details><summary>x</summary></details>", []],
    ["a component inside a code fence", "```mdx\n<Foo />\nimport x from 'y'\n```", []],
    ["a component in inline code", "Schreiben Sie `<Foo />` so.", []],
    ["an escaped angle bracket", "Der Platzhalter \\<Name> bleibt Text.", []],
    ["an import", "import Foo from './foo.astro'", [1]],
    ["an export", "\nexport const x = 1", [2]],
    ["an unknown component", "Text\n\n<Warnung>x</Warnung>", [3]],
  ])("%s", (_name, body, lines) => {
    expect(lintMdxBody(body).map((p) => p.line)).toEqual(lines);
  });

  it("names the component and the allowed ones", () => {
    const [problem] = lintMdxBody("<Warnung />");
    expect(problem?.message).toBe("<Warnung> ist keine bekannte Komponente. Erlaubt: <Tipp>, <Checkliste>, <Beispiel>.");
  });
});

describe("lintMdxFile", () => {
  it("reports file and line numbers counted in the whole file", () => {
    const source = "---\ntitle: x\n---\n\nimport A from 'a'\n";
    expect(lintMdxFile("content/posts/a.mdx", source)).toEqual([
      expect.stringMatching(/^content\/posts\/a\.mdx:5: „import A from 'a'“: Artikel importieren keine Komponenten/),
    ]);
  });
});
