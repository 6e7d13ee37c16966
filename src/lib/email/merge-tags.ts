/**
 * Resend fills in `{{{…}}}` merge tags (`{{{contact.first_name}}}`,
 * `{{{RESEND_UNSUBSCRIBE_URL}}}`) in a broadcast's subject, preview text, HTML and text.
 * An article that shows such a tag as an example must reach the reader as written, so
 * every text an author wrote is neutralised before the template adds its own placeholder.
 */

/** A word joiner: invisible, kept by the text part, and it splits a brace pair for Resend. */
const SPLIT = "\u2060";

/** `text` with every pair of opening or closing braces split, so no merge tag survives in it. */
export function neutralizeMergeTags(text: string): string {
  return text.replace(/\{(?=\{)/g, `{${SPLIT}`).replace(/\}(?=\})/g, `}${SPLIT}`);
}
