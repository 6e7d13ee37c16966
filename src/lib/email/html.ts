/** One way to parse and print email HTML, so every step keeps umlauts and entities intact. */
import * as cheerio from "cheerio";

/**
 * Parses HTML with htmlparser2 (no parse5 restructuring, so fragments and Outlook
 * conditional comments survive) and prints non-ASCII text as UTF-8, not as entities.
 */
export function loadHtml(html: string): cheerio.CheerioAPI {
  return cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, encodeEntities: "utf8" } } as cheerio.CheerioOptions);
}

/** Escapes text for use in HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
