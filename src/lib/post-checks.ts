/** Checks that span several posts, shared by the build and `rundbrief check`. */
import { postSlug, type PostRef } from "./routes.ts";

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
