/** The one predicate that decides what is public, and helpers built only on it. */

/** The fields of a post the publish decision depends on. */
export interface Publishable {
  data: { draft: boolean; pubDate: Date };
}

/** True when a post may appear anywhere public: not a draft and not dated in the future. */
export function isPublished(post: Publishable, { now }: { now: Date }): boolean {
  return !post.data.draft && post.data.pubDate.getTime() <= now.getTime();
}

/** Where a post stands: public, a draft, or dated in the future (a draft is a draft whatever its date). */
export type PostStatus = "published" | "draft" | "scheduled";

/** The status of a post by the same rule as isPublished. */
export function postStatus(post: Publishable, { now }: { now: Date }): PostStatus {
  if (post.data.draft) return "draft";
  return isPublished(post, { now }) ? "published" : "scheduled";
}

/** The fields of an edition the publish decision depends on. */
export interface PublicEditionFields {
  data: { draft: boolean; sendAt: Date };
}

/**
 * True when a newsletter edition may appear anywhere public (its page, the archive, the
 * feed, the sitemap): not a draft and its send time reached. The one rule for editions.
 */
export function isEditionPublic(edition: PublicEditionFields, { now }: { now: Date }): boolean {
  return !edition.data.draft && edition.data.sendAt.getTime() <= now.getTime();
}

/** Where an edition stands, by the same rule as isEditionPublic ("scheduled": send time ahead). */
export function editionStatus(edition: PublicEditionFields, { now }: { now: Date }): PostStatus {
  if (edition.data.draft) return "draft";
  return isEditionPublic(edition, { now }) ? "published" : "scheduled";
}

/**
 * Whether unpublished posts get a page of their own (with a banner, noindex, and in no
 * list, feed, sitemap or newsletter): in the dev server (Astro's command "dev"), and in a
 * build that asks for it with RUNDBRIEF_SHOW_DRAFTS=1 (a pull request's preview). Never in
 * a production build, whatever NODE_ENV says (Vite reads a build with NODE_ENV=test as dev).
 */
export function showsUnpublished(env: Record<string, string | undefined>, command: string): boolean {
  return command === "dev" || env.RUNDBRIEF_SHOW_DRAFTS === "1";
}

/**
 * Posts that became public within the `windowMs` before `now`: published now, not yet
 * published at the window's start. The hourly publish run goes on only for these.
 */
export function becameDue<P extends Publishable>(posts: readonly P[], now: Date, windowMs: number): P[] {
  const start = new Date(now.getTime() - windowMs);
  return posts.filter((post) => isPublished(post, { now }) && !isPublished(post, { now: start }));
}

/**
 * Editions that became public within the `windowMs` before `now` (their send time fell in
 * it): the hourly publish run goes on for these too, so their pages appear.
 */
export function editionsBecamePublic<E extends PublicEditionFields>(editions: readonly E[], now: Date, windowMs: number): E[] {
  const start = new Date(now.getTime() - windowMs);
  return editions.filter((edition) => isEditionPublic(edition, { now }) && !isEditionPublic(edition, { now: start }));
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
