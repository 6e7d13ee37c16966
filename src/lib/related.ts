/**
 * Related posts: for every post at once, up to `limit` others that share the most tags,
 * then the newest, then by id (so the order never depends on the collection's order).
 * Candidates come only from the post's own tags' lists, so the work grows with the posts
 * that really share a tag, not with all pairs.
 */

/** What the ranking reads of a post. */
export interface RelatedInput {
  id: string;
  data: { tags: readonly string[]; pubDate: Date };
}

/** Related posts by post id; a post without tags, or sharing none, maps to []. */
export function relatedPosts<Post extends RelatedInput>(posts: readonly Post[], limit = 3): Map<string, Post[]> {
  const byTag = new Map<string, Post[]>();
  for (const post of posts) {
    for (const tag of new Set(post.data.tags)) {
      const list = byTag.get(tag);
      if (list) list.push(post);
      else byTag.set(tag, [post]);
    }
  }
  const related = new Map<string, Post[]>();
  for (const post of posts) {
    const shared = new Map<Post, number>();
    for (const tag of new Set(post.data.tags)) {
      for (const other of byTag.get(tag) ?? []) {
        if (other !== post) shared.set(other, (shared.get(other) ?? 0) + 1);
      }
    }
    const ranked = [...shared.entries()]
      .sort(
        ([a, sharedA], [b, sharedB]) =>
          sharedB - sharedA || b.data.pubDate.getTime() - a.data.pubDate.getTime() || a.id.localeCompare(b.id),
      )
      .slice(0, limit)
      .map(([other]) => other);
    related.set(post.id, ranked);
  }
  return related;
}
