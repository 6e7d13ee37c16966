/** Makes root-relative and relative URLs in rendered HTML absolute, for feeds and emails. */

const URL_ATTRIBUTE = /(\s(?:href|src|poster)=)(["'])(.*?)\2/gi;
const SRCSET_ATTRIBUTE = /(\ssrcset=)(["'])(.*?)\2/gi;

/** Resolves one URL against the page it appears on; fragments, mailto: and absolute URLs stay. */
export function absolutizeUrl(value: string, pageUrl: string): string {
  const trimmed = value.trim();
  if (trimmed === "" || trimmed.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith("{{{")) {
    return value;
  }
  return new URL(trimmed, pageUrl).href;
}

/** Rewrites href, src, poster and srcset attributes of an HTML fragment against `pageUrl`. */
export function absolutizeHtml(html: string, pageUrl: string): string {
  return html
    .replace(
      URL_ATTRIBUTE,
      (_, attr: string, quote: string, value: string) => `${attr}${quote}${absolutizeUrl(value, pageUrl)}${quote}`,
    )
    .replace(SRCSET_ATTRIBUTE, (_, attr: string, quote: string, value: string) => {
      const candidates = value.split(",").map((candidate) => {
        const [src = "", ...descriptor] = candidate.trim().split(/\s+/);
        return [absolutizeUrl(src, pageUrl), ...descriptor].join(" ");
      });
      return `${attr}${quote}${candidates.join(", ")}${quote}`;
    });
}
