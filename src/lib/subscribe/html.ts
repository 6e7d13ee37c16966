/**
 * The few HTML pages the subscribe handler answers with itself (errors it cannot hand
 * to a static page). Everything placed into them goes through escapeHtml.
 */

/**
 * Escapes text for HTML content and quoted attributes. Kept here rather than imported
 * from src/lib/email/html.ts, which pulls cheerio into the serverless bundle.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A link shown under the page text. */
export interface PageLink {
  href: string;
  label: string;
}

/** Content of a status page; all strings are plain text and get escaped. */
export interface StatusPage {
  /** The page's language, the site's `lang`. */
  lang: string;
  title: string;
  siteTitle: string;
  paragraphs: string[];
  /** Shown as a bulleted list (e.g. the problems with a form). */
  items?: string[];
  links: PageLink[];
  /** A form with one button that POSTs hidden fields (the confirmation step). */
  form?: PageForm | undefined;
}

/** A POST form of hidden fields and one submit button. */
export interface PageForm {
  action: string;
  fields: Record<string, string>;
  button: string;
}

const STYLE =
  "body{margin:0;font:1.0625rem/1.6 system-ui,sans-serif;color:#1d1f22;background:#fbfaf7}" +
  "main{max-width:38rem;margin:0 auto;padding:3rem 1.25rem;overflow-wrap:break-word}" +
  "a{color:#0b5cad}p.site{font-weight:600;margin:0 0 2rem}" +
  "button{font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:.375rem;padding:.75rem 1.25rem;min-height:2.75rem;cursor:pointer}" +
  "button:focus-visible{outline:3px solid #f0b429;outline-offset:2px}" +
  "@media (prefers-color-scheme:dark){body{color:#ecebe8;background:#17191c}a{color:#8cc4ff}button{color:#17191c;background:#8cc4ff}}";

/** A small self-contained page in the site's language (no scripts, inline style only) for the handler's own answers. */
export function renderStatusPage(page: StatusPage): string {
  const paragraphs = page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join("\n");
  const items = page.items?.length ? `<ul>\n${page.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("\n")}\n</ul>` : "";
  const form = page.form
    ? `<form method="post" action="${escapeHtml(page.form.action)}">\n${Object.entries(page.form.fields)
        .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
        .join("\n")}\n<button type="submit">${escapeHtml(page.form.button)}</button>\n</form>`
    : "";
  const links = page.links.map((link) => `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`).join("\n");
  return `<!doctype html>
<html lang="${escapeHtml(page.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)} · ${escapeHtml(page.siteTitle)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="site">${escapeHtml(page.siteTitle)}</p>
<h1>${escapeHtml(page.title)}</h1>
${paragraphs}
${items}
${form}
${links}
</main>
</body>
</html>
`;
}
