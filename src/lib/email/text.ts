/** The plain-text part of the newsletter, for clients and readers that do not show HTML. */
import { convert } from "html-to-text";

/**
 * Plain text of a finished email: links as "Text [URL]", images as "[Bild: Alt-Text]",
 * data tables as aligned columns, layout tables as ordinary blocks, the hidden
 * preheader left out.
 */
export function emailText(html: string): string {
  const text = convert(html, {
    wordwrap: 78,
    formatters: {
      imageAlt(element, _walk, builder) {
        const alt = (element.attribs?.alt ?? "").trim();
        if (alt) builder.addInline(`[Bild: ${alt}]`);
      },
    },
    selectors: [
      { selector: ".preheader", format: "skip" },
      { selector: "img", format: "imageAlt" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "h4", options: { uppercase: false } },
      { selector: "a", options: { linkBrackets: ["[", "]"], hideLinkHrefIfSameAsText: true } },
      { selector: "a.site-name", format: "anchor", options: { ignoreHref: true } },
      { selector: "table", format: "block" },
      { selector: "td.masthead-cell", format: "block" },
      { selector: "table.md-table", format: "dataTable", options: { uppercaseHeaderCells: false, maxColumnWidth: 30 } },
    ],
  });
  return `${text
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
