/** Reading time estimate for German prose (about 200 words per minute). */

const WORDS_PER_MINUTE = 200;

/** Counts words in MDX source, ignoring frontmatter, tags, imports and code fences' markup. */
export function countWords(source: string): number {
  const text = source
    .replace(/^---[\s\S]*?---/, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/[#*_>`|\-[\]()]/g, " ");
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Whole minutes to read, at least 1. */
export function readingMinutes(source: string): number {
  return Math.max(1, Math.round(countWords(source) / WORDS_PER_MINUTE));
}
