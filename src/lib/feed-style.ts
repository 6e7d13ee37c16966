/**
 * A CSS stylesheet for the RSS and Atom feeds, linked by `<?xml-stylesheet?>`, so that a
 * reader who clicks a feed link sees a legible list instead of raw XML. CSS rather than
 * XSLT: the browser engines have announced that they will remove XSLT. Feed readers
 * ignore the processing instruction.
 *
 * Only titles, dates and summaries are shown; the full content (escaped HTML) would read
 * as markup. A notice on top says what a feed is and where to learn more.
 */

/** CSS string literal content: backslash, quotes and line breaks escaped. */
function cssString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\A ")}"`;
}

/** The stylesheet, with the dictionary's notice. */
export function feedStylesheet(notice: string): string {
  return `@charset "utf-8";
:root { color-scheme: light dark; }
rss, feed {
  display: block;
  max-width: 42rem;
  margin: 0 auto;
  padding: 2rem 1rem;
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
rss::before, feed::before {
  content: ${cssString(notice)};
  display: block;
  padding: 1rem 1.25rem;
  margin-bottom: 2rem;
  border: 1px solid currentColor;
  border-radius: 8px;
}
channel > *, feed > *, item > *, entry > * { display: none; }
channel > title, feed > title {
  display: block;
  font-size: 2rem;
  font-weight: 700;
  line-height: 1.2;
  margin-bottom: 0.5rem;
}
channel > description, feed > subtitle { display: block; margin-bottom: 2rem; }
channel > item, feed > entry {
  display: block;
  padding: 1.25rem 0;
  border-top: 1px solid color-mix(in srgb, currentColor 25%, transparent);
}
item > title, entry > title { display: block; font-size: 1.25rem; font-weight: 600; }
item > pubDate, entry > published { display: block; font-size: 0.9rem; opacity: 0.75; }
item > description, entry > summary { display: block; margin-top: 0.25rem; }
item > link { display: block; font-size: 0.9rem; overflow-wrap: anywhere; }
`;
}
