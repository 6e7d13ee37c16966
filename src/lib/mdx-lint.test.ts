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

describe("lintMdxBody and the content policy", () => {
  const hosts = { site: "blog.example.de", allowed: ["bilder.example.org"] };
  it.each([
    ["a script", "Text\n\n<script>alert(1)</script>", 3, "<script> ist nicht erlaubt"],
    ["an iframe", '<iframe src="https://video.example/x"></iframe>', 1, "<iframe> ist nicht erlaubt"],
    ["a form", '<form action="https://x.example/">', 1, "<form> ist nicht erlaubt"],
    ["a meta refresh", '<meta http-equiv="refresh" content="0">', 1, "<meta http-equiv>"],
    ["an event handler", '<a href="/x/" onmouseover="x()">x</a>', 1, "Das Attribut onmouseover ist nicht erlaubt"],
    [
      "a tracking pixel in HTML",
      '<img src="https://tracker.example/p.gif" alt="">',
      1,
      "Bild von einem fremden Server (tracker.example)",
    ],
    [
      "a remote Markdown image",
      "\n![Logo](https://cdn.example.com/logo.png)",
      2,
      "Bild von einem fremden Server (cdn.example.com)",
    ],
  ])("refuses %s, naming its line", (_name, body, line, message) => {
    const problems = lintMdxBody(body, hosts);
    expect(problems.map((p) => p.line)).toContain(line);
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });

  it.each([
    ["a Markdown image without alt text", "Text\n![](./images/x.jpg)", 2],
    ["an HTML image without alt", '<img src="./images/x.png">', 1],
    ["an HTML image with an empty alt", '<img src="./images/x.png" alt=" ">', 1],
  ])("refuses %s, naming the source path and line", (_name, body, line) => {
    const [problem] = lintMdxBody(body);
    expect(problem?.line).toBe(line);
    expect(problem?.message).toMatch(/^Bild „\.\/images\/x\.(jpg|png)“ hat keinen Alternativtext\. So schreiben: !\[/);
  });

  it.each([
    ["a local image", "![Diagramm](./images/d.png)"],
    ["an image from the site", "![x](https://blog.example.de/bild.png)"],
    ["an image from an allowed host", "![x](https://bilder.example.org/bild.png)"],
    ["a script shown as code", "```html\n<script>alert(1)</script>\n```"],
    ["a tag in inline code", "Schreiben Sie nie `<iframe>` in einen Artikel."],
    ["HTML without active parts", "<details><summary>Mehr</summary>Text</details>"],
  ])("lets %s through", (_name, body) => {
    expect(lintMdxBody(body, hosts)).toEqual([]);
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

describe("what only the email gates refuse, found in the source", () => {
  const file = (frontmatter: string, body: string) => `---\ntitle: T\n${frontmatter}---\n\n${body}\n`;

  it.each([
    ["a Markdown link", "Mehr [hier](http://example.org/a)."],
    ["an href", '<a href="http://example.org/a">hier</a>'],
    ["a bare URL", "Siehe http://example.org/a dazu."],
  ])("names an http URL in %s with its line", (_case, body) => {
    expect(lintMdxFile("p.mdx", file("", body))).toEqual([
      "p.mdx:5: Link „http://example.org/a“ nutzt http statt https; Mailprogramme warnen vor solchen Links. Die https-Adresse schreiben.",
    ]);
  });

  it("names an <img> or a remote image that is not PNG or JPEG, but not a local Markdown image (which is converted)", () => {
    const body = '<img src="/a.webp" alt="A" />\n![B](https://example.de/b.svg)\n![C](./c.webp)';
    const problems = lintMdxFile("p.mdx", file("", body), { site: "example.de", allowed: [] });
    expect(problems).toEqual([
      expect.stringMatching(/^p\.mdx:5: Bild „\/a\.webp“ \(webp\) ist kein PNG oder JPEG/),
      expect.stringMatching(/^p\.mdx:6: Bild „https:\/\/example\.de\/b\.svg“ \(svg\) ist kein PNG oder JPEG/),
    ]);
  });

  it("leaves an http URL alone that is only part of an https link (an archive copy, a query parameter)", () => {
    const body = "[alt](https://web.archive.org/web/2010/http://example.de/) [q](https://x.de/?u=http://a.de)";
    expect(lintMdxFile("p.mdx", file("", body))).toEqual([]);
  });

  it("reads `newsletter: False` as YAML does", () => {
    expect(lintMdxFile("p.mdx", file("newsletter: False\n", "[alt](http://example.org/)"))).toEqual([]);
  });

  it("leaves http links and other image formats alone in a post that is not mailed, and in code", () => {
    expect(lintMdxFile("p.mdx", file("newsletter: false\n", '[alt](http://example.org/) <img src="/a.webp" alt="A" />'))).toEqual(
      [],
    );
    expect(lintMdxFile("p.mdx", file("", "`http://example.org/`\n\n```\nhttp://example.org/\n```"))).toEqual([]);
  });

  it("leaves the archive alone: a post published before newsletter.since is never mailed", () => {
    const mailing = { since: new Date("2026-11-01T00:00:00+01:00"), timeZone: "Europe/Berlin" };
    const dated = (pubDate: string) => `---\ntitle: T\npubDate: ${pubDate}\n---\n[alt](http://example.org/)\n`;
    expect(lintMdxFile("p.mdx", dated("2019-04-01"), undefined, mailing)).toEqual([]);
    // Midnight on `since` in Berlin is the first instant that is mailed.
    expect(lintMdxFile("p.mdx", dated("2026-11-01"), undefined, mailing)).toEqual([
      expect.stringMatching(/^p\.mdx:5: .*http:\/\/example\.org\//),
    ]);
    expect(lintMdxFile("p.mdx", dated('"2026-10-31T23:59"'), undefined, mailing)).toEqual([]);
    // Without `since`, and with an unreadable date, it counts as mailed.
    expect(lintMdxFile("p.mdx", dated("2019-04-01"), undefined, { since: null, timeZone: "Europe/Berlin" })).toHaveLength(1);
    expect(lintMdxFile("p.mdx", dated("irgendwann"), undefined, mailing)).toHaveLength(1);
  });
});
