/** The one predicate that decides what is public, and helpers built only on it. */

/** The fields of a post the publish decision depends on. */
export interface Publishable {
  data: { draft: boolean; pubDate: Date };
}

/** True when a post may appear anywhere public: not a draft and not dated in the future. */
export function isPublished(post: Publishable, { now }: { now: Date }): boolean {
  return !post.data.draft && post.data.pubDate.getTime() <= now.getTime();
}

/**
 * Posts that became public within the `windowMs` before `now`: published now, not yet
 * published at the window's start. The hourly publish run goes on only for these.
 */
export function becameDue<P extends Publishable>(posts: readonly P[], now: Date, windowMs: number): P[] {
  const start = new Date(now.getTime() - windowMs);
  return posts.filter((post) => isPublished(post, { now }) && !isPublished(post, { now: start }));
}

/** Published posts, newest first (ties broken by id so output is stable). */
export function publishedNewestFirst<P extends Publishable & { id: string }>(posts: readonly P[], now: Date): P[] {
  return posts
    .filter((post) => isPublished(post, { now }))
    .sort((a, b) => b.data.pubDate.getTime() - a.data.pubDate.getTime() || a.id.localeCompare(b.id));
}

/** The build's notion of "now": BUILD_NOW (ISO) for reproducible builds and tests, else the clock. */
export function buildNow(env: Record<string, string | undefined>): Date {
  const fixed = env.BUILD_NOW;
  if (!fixed) return new Date();
  const date = new Date(fixed);
  if (Number.isNaN(date.getTime())) throw new Error(`BUILD_NOW="${fixed}" ist kein gültiges ISO-Datum.`);
  return date;
}
