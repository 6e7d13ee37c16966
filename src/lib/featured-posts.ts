/**
 * Which posts a newsletter edition features: the ones its `posts` list names, or with
 * `posts: auto` every new post since the previous edition. Pure: the data layer and
 * `rundbrief check` hand in the posts, the editions and the build's clock.
 */
import { formatDateTime } from "./dates.ts";
import { AUTO_POSTS } from "./edition-schema.ts";
import { formatSchemaIssues } from "./post-schema.ts";
import { isPublished, publishedNewestFirst } from "./publish.ts";

/** The fields of a post the choice depends on. */
export interface FeaturablePost {
  id: string;
  data: { draft: boolean; pubDate: Date; newsletter: boolean; slug?: string | undefined };
}

/** The fields of an edition the choice depends on. */
export interface FeaturingEdition {
  id: string;
  data: { draft: boolean; sendAt: Date; posts?: string[] | "auto" | undefined };
}

/** How far back the first `auto` edition (no earlier one to follow) looks for posts. */
export const FIRST_EDITION_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/** How dates appear in the messages: the site's locale and time zone. */
export interface MessageDates {
  locale: string;
  timeZone: string;
}

/**
 * What is wrong with the posts an edition lists, one message per id saying what to do:
 * an id no post has, a draft, a post dated after the edition is sent. `auto` and no list
 * have no problems.
 */
export function listedPostProblems(edition: FeaturingEdition, posts: readonly FeaturablePost[], dates: MessageDates): string[] {
  const listed = edition.data.posts;
  if (!Array.isArray(listed)) return [];
  const byId = new Map(posts.map((post) => [post.id, post]));
  const when = (date: Date) => formatDateTime(date, dates.locale, dates.timeZone);
  return listed.flatMap((id) => {
    const post = byId.get(id);
    if (!post) {
      const bySlug = posts.find((other) => other.data.slug === id);
      return [
        bySlug
          ? `„${id}“ ist die Adresse (slug) des Artikels „${bySlug.id}“; hier gehört seine ID hin: „${bySlug.id}“.`
          : `„${id}“: Einen Artikel mit dieser ID gibt es nicht. Die ID ist der Dateiname des Artikels ohne .mdx; bitte korrigieren oder aus der Liste nehmen.`,
      ];
    }
    if (post.data.draft)
      return [
        `„${id}“ ist ein Entwurf (draft: true) und erscheint nirgends. Bitte den Artikel veröffentlichen oder aus der Liste nehmen.`,
      ];
    if (post.data.pubDate.getTime() > edition.data.sendAt.getTime())
      return [
        `„${id}“ erscheint erst am ${when(post.data.pubDate)} (pubDate), nach dem Versand dieser Ausgabe am ${when(edition.data.sendAt)} (sendAt). Bitte sendAt später legen, den Artikel früher veröffentlichen oder ihn aus der Liste nehmen.`,
      ];
    return [];
  });
}

/** listedPostProblems as one message naming the edition's file and the field, as the schema's errors do; null when there are none. */
export function listedPostsError(
  file: string,
  edition: FeaturingEdition,
  posts: readonly FeaturablePost[],
  dates: MessageDates,
): string | null {
  const problems = listedPostProblems(edition, posts, dates);
  return problems.length > 0
    ? formatSchemaIssues(
        file,
        problems.map((message) => ({ path: ["posts"], message })),
      )
    : null;
}

/**
 * The posts `edition` features, in a stable order. A list keeps its order and leaves out
 * a listed post not yet published at `now` (it joins when a later build runs after its
 * publication). `auto` takes, newest first, every post published at `now` that goes out
 * as a newsletter and appeared after the previous edition's send time (the latest
 * non-draft edition sent earlier; for the first, the 7 days before) and after the period
 * of the last digest sent before it, and at the latest at this one's. No `posts`: none.
 * Throws listedPostsError's message for a bad list.
 */
export function featuredPosts<P extends FeaturablePost>(
  edition: FeaturingEdition,
  context: {
    file: string;
    posts: readonly P[];
    editions: readonly FeaturingEdition[];
    now: Date;
    /** With digests on: the instant up to which the digests sent before `sendAt` showed the posts. */
    digestsCoveredUntil?: ((sendAt: Date) => Date | null) | undefined;
  } & MessageDates,
): P[] {
  const { posts, editions, now } = context;
  const chosen = edition.data.posts;
  if (chosen === undefined) return [];
  if (chosen !== AUTO_POSTS) {
    const error = listedPostsError(context.file, edition, posts, context);
    if (error) throw new Error(error);
    const byId = new Map(posts.map((post) => [post.id, post]));
    return chosen.flatMap((id) => {
      const post = byId.get(id);
      return post && isPublished(post, { now }) ? [post] : [];
    });
  }
  const sendAt = edition.data.sendAt.getTime();
  const earlier = editions
    .filter((other) => other.id !== edition.id && !other.data.draft && other.data.sendAt.getTime() < sendAt)
    .map((other) => other.data.sendAt.getTime());
  const afterEditions = earlier.length > 0 ? Math.max(...earlier) : sendAt - FIRST_EDITION_LOOKBACK_MS;
  // A post a digest already brought is not brought again.
  const after = Math.max(afterEditions, context.digestsCoveredUntil?.(edition.data.sendAt)?.getTime() ?? -Infinity);
  return publishedNewestFirst(posts, now).filter(
    (post) => post.data.newsletter !== false && post.data.pubDate.getTime() > after && post.data.pubDate.getTime() <= sendAt,
  );
}
