/**
 * `--test <address>`: one campaign (a post, an edition or a digest) as a single email to
 * one address, never to the segment.
 * Resend only fills `{{{RESEND_UNSUBSCRIBE_URL}}}` in broadcasts, so a test mail links the
 * site there instead of showing the raw placeholder.
 */
import { createHash } from "node:crypto";
import type { ManifestEntry } from "./manifest.ts";
import type { SingleEmail } from "./resend-port.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../absolute-urls.ts";

/** Marks the subject so nobody mistakes a test for the real campaign. */
export const TEST_SUBJECT_PREFIX = "[Test] ";

/**
 * The campaign to test: the one asked for by name (even if not yet due), else the newest
 * published post's; null if none.
 */
export function campaignForTest(campaigns: readonly ManifestEntry[], only: string | null, now: Date): ManifestEntry | null {
  if (only) return campaigns.find((entry) => entry.name === only) ?? null;
  const published = campaigns.filter((entry) => entry.kind === "post" && Date.parse(entry.publishedAt) <= now.getTime());
  return [...published].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))[0] ?? null;
}

/** The single email for a test send. */
export function testEmailFor(
  post: ManifestEntry,
  body: { html: string; text: string },
  sender: { from: string; replyTo: string[] },
  address: string,
  siteUrl: string,
): SingleEmail {
  return {
    from: sender.from,
    to: address,
    replyTo: sender.replyTo,
    subject: `${TEST_SUBJECT_PREFIX}${post.subject}`,
    html: body.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, siteUrl),
    text: body.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, siteUrl),
  };
}

/**
 * Same campaign, same content, same address → same key, so repeating a test whose answer was
 * lost does not mail twice; changed content gets a new key and a new mail.
 */
export function testIdempotencyKey(post: ManifestEntry, address: string): string {
  const who = createHash("sha256").update(address.trim().toLowerCase()).digest("hex").slice(0, 16);
  return `rundbrief-test/${post.kind}/${post.id}/${post.sha256.slice(0, 16)}/${who}`;
}
