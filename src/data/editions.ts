/**
 * The Astro binding of the newsletter editions: every page, feed and email asks here for
 * editions, and this asks `isEditionPublic` and nothing else. A blog whose content config
 * has no "editions" collection (an older starter) simply has none.
 */
import { existsSync, readdirSync } from "node:fs";
import { getCollection, type CollectionEntry } from "astro:content";
import { editionsDir, showUnpublished } from "virtual:rundbrief/config";
import { siteConfig } from "./config.ts";
import { getAllPosts, now, type Post } from "./posts.ts";
import type { EditionData } from "../lib/edition-schema.ts";
import { featuredPosts, listedPostsError } from "../lib/featured-posts.ts";
import { editionStatus, isEditionPublic, type PostStatus } from "../lib/publish.ts";
import { resolveNewsletterConfig } from "../lib/newsletter/config.ts";
import { digestsCoveredUntil } from "../lib/newsletter/digests.ts";

const { digest } = resolveNewsletterConfig(siteConfig.newsletter, process.env, siteConfig.timeZone);

/** An edition as the engine reads it: an entry of the blog's "editions" collection. */
export type Edition = Omit<CollectionEntry<"editions">, "data"> & { data: EditionData };

/** The file of an edition as the author knows it, for messages. */
function fileOf(edition: Edition): string {
  return edition.filePath ?? `${siteConfig.editionsDir}/${edition.id}.mdx`;
}

/** Whether the editions folder holds any edition; asking Astro for an empty collection makes it warn. */
function hasEditionFiles(): boolean {
  return editionsDir !== null && existsSync(editionsDir) && readdirSync(editionsDir).some((name) => name.endsWith(".mdx"));
}

let warnedMissingCollection = false;

/** How dates appear in the messages about an edition's posts. */
const dates = { locale: siteConfig.locale, timeZone: siteConfig.timeZone };

/**
 * Every edition, drafts and future ones too, each list of posts checked against the
 * posts (an unknown id, a draft or a post dated after the send time fails the build,
 * as `rundbrief check` does); [] without editions or without the collection.
 */
export async function getAllEditions(): Promise<Edition[]> {
  const editions = await loadEditions();
  const posts = await getAllPosts();
  const problems = editions.flatMap((edition) => listedPostsError(fileOf(edition), edition, posts, dates) ?? []);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return editions;
}

/** The collection's entries as they are, lists unchecked (getAllEditions checks them). */
async function loadEditions(): Promise<Edition[]> {
  if (!hasEditionFiles()) return [];
  // Typed loosely: an older blog's content config has no "editions" collection.
  const editions = (await (getCollection as (name: string) => Promise<unknown[]>)("editions")) as Edition[];
  if (editions.length === 0 && !warnedMissingCollection) {
    warnedMissingCollection = true;
    console.warn(
      `[rundbrief] ${siteConfig.editionsDir}/ enthält Newsletter-Ausgaben, aber src/content.config.ts hat keine Sammlung „editions“. ` +
        "Bitte ergänzen: editions: defineCollection({ loader: editionsLoader(), schema: editionSchema }) mit beidem aus „rundbrief/content“.",
    );
  }
  return editions;
}

/** Newest send time first, ties by id, so every list and feed is stable. */
function newestFirst(editions: readonly Edition[]): Edition[] {
  return [...editions].sort((a, b) => b.data.sendAt.getTime() - a.data.sendAt.getTime() || a.id.localeCompare(b.id));
}

/** Public editions (isEditionPublic at the build's `now`), newest send time first, ties by id. */
export async function getPublicEditions(): Promise<Edition[]> {
  return newestFirst((await getAllEditions()).filter((edition) => isEditionPublic(edition, { now })));
}

/** Drafts and editions not yet sent, with their status, when this build shows them (dev server, or a preview that asks); else none. */
export async function getUnpublishedEditions(): Promise<Array<{ edition: Edition; status: Exclude<PostStatus, "published"> }>> {
  if (!showUnpublished) return [];
  return newestFirst(await getAllEditions()).flatMap((edition) => {
    const status = editionStatus(edition, { now });
    return status === "published" ? [] : [{ edition, status }];
  });
}

/**
 * The posts an edition features, in a stable order (a list's order; newest first for
 * `auto`), each published at the build's `now` (src/lib/featured-posts.ts has the rule).
 */
export async function getFeaturedPosts(edition: Edition): Promise<Post[]> {
  return featuredPosts(edition, {
    file: fileOf(edition),
    posts: await getAllPosts(),
    // Only their send times count here; the lists were checked where the edition came from.
    editions: await loadEditions(),
    now,
    digestsCoveredUntil: digest ? (sendAt) => digestsCoveredUntil(sendAt, digest, siteConfig.timeZone) : undefined,
    ...dates,
  });
}
