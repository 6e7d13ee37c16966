/** Tags and years across published posts, for the tag pages and the archive. */
import { slugify } from "./slug.ts";
import { yearIn } from "./dates.ts";

interface Tagged {
  data: { tags: string[]; pubDate: Date };
}

/** Tags with their posts, sorted by name in the collation of `locale`; posts keep their order. */
export function groupByTag<P extends Tagged>(posts: readonly P[], locale = "de-DE"): { tag: string; slug: string; posts: P[] }[] {
  const groups = new Map<string, { tag: string; slug: string; posts: P[] }>();
  for (const post of posts) {
    for (const tag of post.data.tags) {
      const slug = slugify(tag);
      const group = groups.get(slug) ?? { tag, slug, posts: [] };
      group.posts.push(post);
      groups.set(slug, group);
    }
  }
  return [...groups.values()].sort((a, b) => a.tag.localeCompare(b.tag, locale));
}

/** Posts grouped by publication year in `timeZone`, newest year first. */
export function groupByYear<P extends Tagged>(posts: readonly P[], timeZone: string): { year: number; posts: P[] }[] {
  const years = new Map<number, P[]>();
  for (const post of posts) {
    const year = yearIn(post.data.pubDate, timeZone);
    years.set(year, [...(years.get(year) ?? []), post]);
  }
  return [...years.entries()].sort(([a], [b]) => b - a).map(([year, list]) => ({ year, posts: list }));
}
