/** Which published posts get a newsletter email: a refinement of isPublished, never a second filter. */
import { isPublished, type Publishable } from "../publish.ts";

/** The fields the mail decision reads on top of the publish decision. */
export interface Mailable extends Publishable {
  data: Publishable["data"] & { newsletter: boolean };
}

/**
 * True when a post is published, not opted out with `newsletter: false`, and published
 * on or after `since` (every published post when `since` is null).
 */
export function isMailable(post: Mailable, { now, since }: { now: Date; since: Date | null }): boolean {
  if (!isPublished(post, { now }) || !post.data.newsletter) return false;
  return since === null || post.data.pubDate.getTime() >= since.getTime();
}
