/**
 * Astro copies every image a content entry references into _astro/, whether or not the
 * post is published, so a draft's images would be deployed. This finds the asset files
 * no page, feed or email refers to.
 */

/** Asset file names (e.g. "hero.D8e105qh.jpg") that none of the texts mention. */
export function unreferencedAssets(assetNames: readonly string[], texts: Iterable<string>): string[] {
  const remaining = new Set(assetNames);
  for (const text of texts) {
    for (const name of remaining) if (text.includes(name)) remaining.delete(name);
    if (remaining.size === 0) break;
  }
  return [...remaining].sort();
}
