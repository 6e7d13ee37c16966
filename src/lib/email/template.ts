/**
 * The newsletter's hand-made HTML template: a table-based 600 px column that holds up
 * in Outlook for Windows (mso wrapper), Gmail and Apple Mail, light and dark.
 * LAYOUT_CSS is inlined by juice; CLIENT_CSS and OUTLOOK_COM_CSS stay embedded (media
 * queries and Outlook.com's dark-mode selectors cannot be inlined), in separate blocks
 * so a client that drops one block for a selector it dislikes keeps the other.
 */
import type { Imprint } from "../../config.ts";
import { CONTENT_PADDING, EMAIL_WIDTH } from "./images.ts";
import { escapeHtml } from "./html.ts";
import type { UiStrings } from "../i18n.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../absolute-urls.ts";

/** An image already converted for mail: absolute or site-relative src, alt text, display size. */
export interface EmailImageTag {
  src: string;
  alt: string;
  width: number;
  height: number;
}

/** One post shown as a card in an edition or digest: plain text, absolute URL. */
export interface EmailCard {
  title: string;
  description: string;
  url: string;
  dateLabel: string;
  image?: EmailImageTag | undefined;
}

/** Everything the template shows; all text is plain (escaped here), `bodyHtml` is rendered MDX. */
export interface EmailTemplateInput {
  lang: string;
  siteTitle: string;
  homeUrl: string;
  title: string;
  /** Hidden preview text (the post's description, an edition's preheader). */
  preheader: string;
  /** Where "Im Browser lesen" leads (the post or edition page); null: no such link (a digest has no page). */
  browserUrl: string | null;
  /** The line under the title, e.g. "Veröffentlicht am 28. November 2026". */
  dateline: string;
  hero?: EmailImageTag | undefined;
  /** The rendered body; empty for a digest without an intro. */
  bodyHtml: string;
  /** Posts shown as cards after the body (an edition's featured posts, a digest's posts). */
  cards?: { heading: string | null; items: readonly EmailCard[]; readMore: string } | undefined;
  /** The button after the content; null for none. */
  cta: { label: string; url: string } | null;
  /** Related posts listed after the call to action (plain text titles, absolute URLs). */
  related?: ReadonlyArray<{ title: string; url: string }> | undefined;
  imprint: Imprint;
  imprintUrl: string;
  privacyUrl: string;
  strings: UiStrings["email"];
}

const FONT = "-apple-system, BlinkMacSystemFont, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
const MONO = "SFMono-Regular, Menlo, Consolas, Liberation Mono, monospace";

const LIGHT = {
  page: "#f3f1ec",
  card: "#ffffff",
  text: "#1f2328",
  muted: "#59606a",
  link: "#0b57a4",
  rule: "#d8d4cc",
  code: "#f1eee8",
  tip: { bg: "#eaf5ef", border: "#2f7d5b" },
  checklist: { bg: "#ecf2fa", border: "#2d6cb0" },
  example: { bg: "#f8f5ee", border: "#b08a3e" },
};

const DARK = {
  page: "#101317",
  card: "#1a1e23",
  text: "#e9e7e3",
  muted: "#a7aeb8",
  link: "#8cc4ff",
  rule: "#3a4048",
  code: "#262b31",
  tip: "#1d2b24",
  checklist: "#1c2633",
  example: "#2a261d",
};

/** Inlined by juice into style attributes. */
const LAYOUT_CSS = `
body { margin: 0; padding: 0; width: 100%; background-color: ${LIGHT.page}; }
table { border-collapse: collapse; }
img { border: 0; text-decoration: none; }
.bg-page { background-color: ${LIGHT.page}; }
.container { width: 100%; max-width: ${EMAIL_WIDTH}px; }
.masthead { padding: 24px ${CONTENT_PADDING}px 12px; font-family: ${FONT}; font-size: 14px; line-height: 20px; color: ${LIGHT.muted}; }
.site-name { font-size: 17px; font-weight: bold; color: ${LIGHT.text}; text-decoration: none; }
.browser-link { color: ${LIGHT.muted}; text-decoration: underline; }
.card { background-color: ${LIGHT.card}; }
.headline { padding: 32px ${CONTENT_PADDING}px 8px; font-family: ${FONT}; color: ${LIGHT.text}; }
.title { margin: 0; font-size: 28px; line-height: 34px; font-weight: bold; color: ${LIGHT.text}; }
.dateline { margin: 8px 0 0; font-size: 14px; line-height: 20px; color: ${LIGHT.muted}; }
.hero { padding: 16px ${CONTENT_PADDING}px 0; }
.content { padding: 16px ${CONTENT_PADDING}px 8px; font-family: ${FONT}; font-size: 17px; line-height: 27px; color: ${LIGHT.text}; word-break: break-word; }
.content p { margin: 0 0 18px; }
.content h2 { margin: 30px 0 12px; font-size: 22px; line-height: 28px; font-weight: bold; }
.content h3 { margin: 24px 0 10px; font-size: 19px; line-height: 25px; font-weight: bold; }
.content h4 { margin: 20px 0 8px; font-size: 17px; line-height: 24px; font-weight: bold; }
.content ul, .content ol { margin: 0 0 18px; padding: 0 0 0 26px; }
.content li { margin: 0 0 6px; }
.content li ul, .content li ol { margin: 6px 0 0; }
.content a { color: ${LIGHT.link}; text-decoration: underline; }
.content blockquote { margin: 0 0 18px; padding: 2px 0 2px 16px; border-left: 4px solid ${LIGHT.rule}; color: ${LIGHT.muted}; }
.content hr { margin: 28px 0; border: 0; border-top: 1px solid ${LIGHT.rule}; height: 0; }
.content code { font-family: ${MONO}; font-size: 15px; background-color: ${LIGHT.code}; padding: 1px 4px; }
.code-block { width: 100%; margin: 0 0 18px; }
.code-cell { padding: 14px 16px; }
.content pre { margin: 0; font-family: ${MONO}; font-size: 14px; line-height: 21px; white-space: pre-wrap; word-break: break-word; }
.content pre code { font-size: 14px; background-color: transparent; padding: 0; }
.content img { display: block; max-width: 100%; height: auto; }
.md-table { width: 100%; margin: 0 0 18px; font-size: 15px; line-height: 22px; word-break: normal; }
.md-table th { padding: 8px 10px; border: 1px solid ${LIGHT.rule}; background-color: ${LIGHT.code}; text-align: left; font-weight: bold; vertical-align: top; }
.md-table td { padding: 8px 10px; border: 1px solid ${LIGHT.rule}; vertical-align: top; }
.callout { width: 100%; margin: 0 0 18px; }
.callout-cell { padding: 16px 18px 4px; }
.callout-tip { background-color: ${LIGHT.tip.bg}; border-left: 4px solid ${LIGHT.tip.border}; }
.callout-checklist { background-color: ${LIGHT.checklist.bg}; border-left: 4px solid ${LIGHT.checklist.border}; }
.callout-example { background-color: ${LIGHT.example.bg}; border-left: 4px solid ${LIGHT.example.border}; }
.content .callout-cell p, .content .callout-cell ul, .content .callout-cell ol { margin: 0 0 12px; }
.content .callout-title { margin: 0 0 8px; font-size: 14px; line-height: 20px; font-weight: bold; text-transform: uppercase; letter-spacing: 1px; }
.cta { padding: 8px ${CONTENT_PADDING}px 36px; font-family: ${FONT}; }
.cta-cell { background-color: ${LIGHT.link}; }
.cta-link { display: inline-block; padding: 12px 22px; font-family: ${FONT}; font-size: 16px; line-height: 20px; font-weight: bold; color: #ffffff; text-decoration: none; }
.cards { padding: 0 ${CONTENT_PADDING}px 16px; font-family: ${FONT}; color: ${LIGHT.text}; }
.cards-heading { margin: 8px 0 4px; font-size: 14px; line-height: 20px; font-weight: bold; text-transform: uppercase; letter-spacing: 1px; color: ${LIGHT.muted}; }
.post-card { padding: 20px 0; border-top: 1px solid ${LIGHT.rule}; }
.post-card-image { padding: 0 0 12px; }
.post-card-title { margin: 0; font-size: 20px; line-height: 26px; font-weight: bold; }
.post-card-title a { color: ${LIGHT.text}; text-decoration: none; }
.post-card-date { margin: 4px 0 8px; font-size: 14px; line-height: 20px; color: ${LIGHT.muted}; }
.post-card-text { margin: 0 0 8px; font-size: 16px; line-height: 25px; }
.post-card-more { margin: 0; font-size: 16px; line-height: 24px; }
.post-card-more a { color: ${LIGHT.link}; text-decoration: underline; }
.related { padding: 8px ${CONTENT_PADDING}px 24px; font-family: ${FONT}; font-size: 16px; line-height: 24px; }
.related h2 { margin: 0 0 8px; font-size: 18px; line-height: 26px; }
.related p { margin: 0 0 8px; }
.related a { color: ${LIGHT.link}; text-decoration: underline; }
.footer { padding: 24px ${CONTENT_PADDING}px 40px; font-family: ${FONT}; font-size: 13px; line-height: 20px; color: ${LIGHT.muted}; }
.footer p { margin: 0 0 12px; }
.footer a { color: ${LIGHT.muted}; text-decoration: underline; }
`;

/** Stays in a <style> block: phone padding and dark mode where prefers-color-scheme works (Apple Mail, Outlook apps). */
const CLIENT_CSS = `
@media screen and (max-width: 480px) {
  .masthead, .headline, .hero, .content, .cards, .cta, .related, .footer { padding-left: 16px !important; padding-right: 16px !important; }
  .title { font-size: 24px !important; line-height: 30px !important; }
}
@media (prefers-color-scheme: dark) {
  .bg-page { background-color: ${DARK.page} !important; }
  .card { background-color: ${DARK.card} !important; }
  .site-name, .title, .content, .cards, .post-card-title a { color: ${DARK.text} !important; }
  .masthead, .dateline, .footer, .browser-link, .footer a, .content blockquote, .cards-heading, .post-card-date { color: ${DARK.muted} !important; }
  .content a, .related a, .post-card-more a { color: ${DARK.link} !important; }
  .post-card { border-color: ${DARK.rule} !important; }
  .content code, .md-table th { background-color: ${DARK.code} !important; }
  .content pre code { background-color: transparent !important; }
  .md-table th, .md-table td, .content hr { border-color: ${DARK.rule} !important; }
  .callout-tip { background-color: ${DARK.tip} !important; }
  .callout-checklist { background-color: ${DARK.checklist} !important; }
  .callout-example { background-color: ${DARK.example} !important; }
}
`;

/** Outlook.com marks elements it recolours for dark mode with data-ogsc/data-ogsb; these rules take over. */
const OUTLOOK_COM_CSS = `
[data-ogsb] .bg-page { background-color: ${DARK.page} !important; }
[data-ogsb] .card { background-color: ${DARK.card} !important; }
[data-ogsc] .site-name, [data-ogsc] .title, [data-ogsc] .content, [data-ogsc] .cards, [data-ogsc] .post-card-title a { color: ${DARK.text} !important; }
[data-ogsc] .masthead, [data-ogsc] .dateline, [data-ogsc] .footer, [data-ogsc] .post-card-date { color: ${DARK.muted} !important; }
[data-ogsc] .content a, [data-ogsc] .related a, [data-ogsc] .post-card-more a { color: ${DARK.link} !important; }
`;

/** Outlook for Windows (Word engine) ignores font stacks with unknown fonts and needs 96 dpi. */
const MSO_HEAD = `<!--[if mso]>
<noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>
<style>td, th, p, a, li, h1, h2, h3, h4, blockquote { font-family: Segoe UI, Arial, sans-serif !important; }</style>
<![endif]-->`;

/** Zero-width filler after the preheader, so clients do not pull body text into the preview line. */
const PREHEADER_FILLER = "&#8199;&#847; ".repeat(40);

function heroImage(hero: EmailImageTag | undefined): string {
  if (!hero) return "";
  return `<tr><td class="hero card"><img src="${escapeHtml(hero.src)}" alt="${escapeHtml(hero.alt)}" width="${hero.width}" height="${hero.height}" style="display:block;width:100%;max-width:${hero.width}px;height:auto;"></td></tr>`;
}

function imprintBlock(imprint: Imprint): string {
  const lines = [imprint.name, ...imprint.address].map(escapeHtml).join("<br>");
  const email = escapeHtml(imprint.email);
  return `${lines}<br><a href="mailto:${email}">${email}</a>`;
}

/** The related posts as a card row, or nothing. */
function relatedBlock(related: EmailTemplateInput["related"], heading: string): string {
  if (!related || related.length === 0) return "";
  const links = related.map((post) => `<p><a href="${escapeHtml(post.url)}">${escapeHtml(post.title)}</a></p>`).join("\n");
  return `<tr><td class="related card">\n<h2>${escapeHtml(heading)}</h2>\n${links}\n</td></tr>\n`;
}

/** An edition's or digest's posts, one card each: image, title, date, description, link. */
function cardsBlock(cards: EmailTemplateInput["cards"]): string {
  if (!cards || cards.items.length === 0) return "";
  const items = cards.items
    .map((card) => {
      const url = escapeHtml(card.url);
      const image = card.image
        ? `<tr><td class="post-card-image"><a href="${url}"><img src="${escapeHtml(card.image.src)}" alt="${escapeHtml(card.image.alt)}" width="${card.image.width}" height="${card.image.height}" style="display:block;width:100%;max-width:${card.image.width}px;height:auto;"></a></td></tr>\n`
        : "";
      return (
        `<tr><td class="post-card">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${image}<tr><td>\n` +
        `<h2 class="post-card-title"><a href="${url}">${escapeHtml(card.title)}</a></h2>\n` +
        `<p class="post-card-date">${escapeHtml(card.dateLabel)}</p>\n` +
        `<p class="post-card-text">${escapeHtml(card.description)}</p>\n` +
        `<p class="post-card-more"><a href="${url}">${escapeHtml(cards.readMore)}</a></p>\n` +
        `</td></tr>\n</table>\n</td></tr>`
      );
    })
    .join("\n");
  const heading = cards.heading ? `<tr><td><p class="cards-heading">${escapeHtml(cards.heading)}</p></td></tr>\n` : "";
  return `<tr><td class="cards card">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${heading}${items}\n</table>\n</td></tr>\n`;
}

/** The button after the content, or nothing. */
function ctaBlock(cta: EmailTemplateInput["cta"]): string {
  if (!cta) return "";
  return `<tr><td class="cta card" align="left">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td class="cta-cell">
<a class="cta-link" href="${escapeHtml(cta.url)}">${escapeHtml(cta.label)}</a>
</td></tr></table>
</td></tr>
`;
}

/** The complete email document before CSS inlining and URL rewriting. */
export function renderEmailTemplate(input: EmailTemplateInput): string {
  const s = input.strings;
  const title = escapeHtml(input.title);
  const browserLink = input.browserUrl
    ? `<a class="browser-link" href="${escapeHtml(input.browserUrl)}">${escapeHtml(s.readInBrowser)}</a>`
    : "";
  const body = input.bodyHtml.trim() ? `<tr><td class="content card">\n${input.bodyHtml}\n</td></tr>\n` : "";
  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang)}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${title}</title>
${MSO_HEAD}
<style>${LAYOUT_CSS}</style>
<style data-embed>${CLIENT_CSS}</style>
<style data-embed>${OUTLOOK_COM_CSS}</style>
</head>
<body class="bg-page">
<div class="preheader" style="display:none;font-size:1px;line-height:1px;mso-hide:all;">${escapeHtml(input.preheader)}${PREHEADER_FILLER}</div>
<div role="article" aria-roledescription="email" lang="${escapeHtml(input.lang)}">
<table role="presentation" class="bg-page" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center" class="bg-page">
<!--[if mso]><table role="presentation" width="${EMAIL_WIDTH}" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" class="container" width="100%" align="center" cellpadding="0" cellspacing="0" border="0">
<tr><td class="masthead">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="left" class="masthead-cell"><a class="site-name" href="${escapeHtml(input.homeUrl)}">${escapeHtml(input.siteTitle)}</a></td>
<td align="right" class="masthead-cell">${browserLink}</td>
</tr></table>
</td></tr>
<tr><td class="headline card">
<h1 class="title">${title}</h1>
<p class="dateline">${escapeHtml(input.dateline)}</p>
</td></tr>
${heroImage(input.hero)}
${body}${cardsBlock(input.cards)}${ctaBlock(input.cta)}${relatedBlock(input.related, s.relatedPosts)}<tr><td class="footer">
<p>${escapeHtml(s.whyYouGetThis(input.siteTitle))} <a href="${UNSUBSCRIBE_PLACEHOLDER}">${escapeHtml(s.unsubscribe)}</a></p>
<p class="imprint">${imprintBlock(input.imprint)}</p>
<p><a href="${escapeHtml(input.imprintUrl)}">${escapeHtml(s.imprint)}</a> · <a href="${escapeHtml(input.privacyUrl)}">${escapeHtml(s.privacy)}</a></p>
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</div>
</body>
</html>
`;
}
