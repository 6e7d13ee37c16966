import { describe, expect, it } from "vitest";
import { emailText } from "./text.ts";

const wrap = (body: string) =>
  `<html><body><div class="preheader" style="display:none">Vorschau, die im Text nichts verloren hat</div>` +
  `<table role="presentation"><tr><td class="masthead"><a class="site-name" href="https://b.de/">Rundbrief</a></td></tr>` +
  `<tr><td>${body}</td></tr></table></body></html>`;

describe("emailText", () => {
  it("keeps links as their URL in brackets", () => {
    expect(emailText(wrap(`<p>Siehe <a href="https://b.de/artikel/x/">den Artikel</a>.</p>`))).toContain(
      "den Artikel [https://b.de/artikel/x/]",
    );
  });

  it("shows a link whose text is its URL only once", () => {
    expect(emailText(wrap(`<p><a href="https://b.de/">https://b.de/</a></p>`))).not.toContain("[https://b.de/]");
  });

  it("lays out data tables as aligned columns with the header first", () => {
    const text = emailText(
      wrap(
        `<table class="md-table"><thead><tr><th>Paket</th><th>Preis</th></tr></thead>` +
          `<tbody><tr><td>Basis</td><td>1.200 €</td></tr><tr><td>Plus & mehr</td><td>2.400 €</td></tr></tbody></table>`,
      ),
    );
    expect(text).toMatch(/^Paket +Preis$/m);
    expect(text).toMatch(/^Basis +1\.200 €$/m);
    expect(text).toMatch(/^Plus & mehr +2\.400 €$/m);
    const columns = text
      .split("\n")
      .filter((line) => /€|Preis/.test(line))
      .map((line) => line.search(/Preis|\d/));
    expect(new Set(columns).size).toBe(1);
  });

  it("turns images into their alt text and drops the hidden preheader and the site name's link", () => {
    const text = emailText(wrap(`<p><img src="https://b.de/a.png" alt="Ein Diagramm" width="10"></p>`));
    expect(text).toContain("[Bild: Ein Diagramm]");
    expect(text).not.toContain("Vorschau, die");
    expect(text).not.toContain("https://b.de/a.png");
    expect(text).toMatch(/^Rundbrief$/m);
  });

  it("puts the site name and the browser link on lines of their own", () => {
    const html =
      `<table role="presentation"><tr><td class="masthead-cell"><a class="site-name" href="https://b.de/">Rundbrief</a></td>` +
      `<td class="masthead-cell"><a href="https://b.de/artikel/x/">Im Browser lesen</a></td></tr></table>`;
    expect(emailText(html)).toBe("Rundbrief\n\nIm Browser lesen [https://b.de/artikel/x/]\n");
  });

  it("keeps code lines unwrapped and headings in their own spelling", () => {
    const line = `const x = "${"a".repeat(100)}";`;
    const text = emailText(wrap(`<h2>Größe & Maß</h2><pre><code>${line}</code></pre>`));
    expect(text).toContain("Größe & Maß");
    expect(text).toContain(line);
  });

  it("contains no markup and ends with one newline", () => {
    const text = emailText(
      wrap(`<p><strong>Fett</strong> &amp; <em>kursiv</em> &lt;Tag&gt;</p><ul><li>eins</li><li>zwei</li></ul>`),
    );
    expect(text).toContain("Fett & kursiv <Tag>");
    expect(text).toMatch(/^ \* eins$/m);
    expect(text).not.toMatch(/<(?:p|strong|ul|li|td)\b/);
    expect(text.endsWith("\n") && !text.endsWith("\n\n")).toBe(true);
  });
});
