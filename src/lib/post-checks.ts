/** Checks on posts shared by the build and `rundbrief check`. */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { postSlug, type PostRef } from "./routes.ts";

/**
 * A `heroImage` that names no file, with the post file and the line of the field, so the
 * author sees the same message from `check` and from the build (where Astro would fail
 * with an ImageNotFound that names neither). Paths Astro resolves itself (`/…`, `~/…`,
 * `@…`) and URLs are left to it.
 */
export function heroImageProblem(shown: string, postPath: string, source: string, heroImage: unknown): string | null {
  if (typeof heroImage !== "string" || heroImage.trim() === "") return null;
  if (/^(?:[a-z][a-z0-9+.-]*:|[/~@])/i.test(heroImage)) return null;
  if (existsSync(resolve(dirname(postPath), heroImage))) return null;
  const line = source.split(/\r?\n/).findIndex((text) => /^heroImage\s*:/.test(text)) + 1;
  return (
    `${shown}${line > 0 ? `:${line}` : ""}: heroImage „${heroImage}“: diese Datei gibt es nicht. ` +
    "Den Pfad relativ zur Artikeldatei angeben, z. B. heroImage: ./bilder/titel.jpg, und die Bilddatei dort ablegen."
  );
}

/** Messages for posts whose URL slug is already taken by another post. */
export function findSlugCollisions(posts: readonly PostRef[]): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const post of posts) {
    const slug = postSlug(post);
    const owner = owners.get(slug);
    if (owner) {
      problems.push(`Die Adresse /artikel/${slug}/ gehört schon zu „${owner}“; „${post.id}“ braucht einen anderen slug.`);
    } else {
      owners.set(slug, post.id);
    }
  }
  return problems;
}
