/** Builds dist-newsletter/manifest.json in exactly the shape the send script validates. */
import { toZonedIso } from "../dates.ts";
import {
  MANIFEST_VERSION,
  campaignName,
  manifestSchema,
  type CampaignKind,
  type Manifest,
  type ManifestEntry,
} from "../newsletter/manifest.ts";
import type { DigestSchedule } from "../newsletter/periods.ts";
import { postSendAt } from "../newsletter/send-time.ts";
import { neutralizeMergeTags } from "./merge-tags.ts";

/** One rendered post email as the manifest describes it. */
export interface ManifestInput {
  id: string;
  title: string;
  subject: string;
  description: string;
  url: string;
  pubDate: Date;
  htmlBytes: number;
  sha256: string;
}

/** One rendered campaign of any kind. */
export interface CampaignInput {
  kind: CampaignKind;
  id: string;
  title: string;
  subject: string;
  previewText: string;
  url: string;
  publishedAt: Date;
  sendAt: Date;
  /** The posts an edition or digest shows. */
  posts: readonly string[];
  htmlBytes: number;
  sha256: string;
}

/**
 * Where a campaign's email files live, relative to the manifest: posts at the top as
 * `<id>.html`, editions in `ausgaben/`, digests in `digests/` (period keys in lower
 * case), so a post and an edition with the same id never share a file.
 */
export function emailFileOf(kind: CampaignKind, id: string, extension: "html" | "txt"): string {
  if (kind === "post") return `${id}.${extension}`;
  return `${kind === "edition" ? "ausgaben" : "digests"}/${id.toLowerCase()}.${extension}`;
}

/** A post's campaign: sent at the next `sendTime` ("07:30") after publication, or at publication when unset. */
export function postCampaign(email: ManifestInput, timeZone: string, sendTime?: string): CampaignInput {
  return {
    kind: "post",
    id: email.id,
    title: email.title,
    subject: email.subject,
    previewText: email.description,
    url: email.url,
    publishedAt: email.pubDate,
    sendAt: postSendAt(email.pubDate, sendTime, timeZone),
    posts: [],
    htmlBytes: email.htmlBytes,
    sha256: email.sha256,
  };
}

/** The manifest entry of one campaign, times written in the site's zone. */
export function campaignEntry(campaign: CampaignInput, timeZone: string): ManifestEntry {
  return {
    kind: campaign.kind,
    id: campaign.id,
    name: campaignName(campaign.kind, campaign.id),
    title: campaign.title,
    // Resend fills in merge tags in both; an author's example of one must stay text.
    subject: neutralizeMergeTags(campaign.subject),
    previewText: neutralizeMergeTags(campaign.previewText),
    url: campaign.url,
    publishedAt: toZonedIso(campaign.publishedAt, timeZone),
    sendAt: toZonedIso(campaign.sendAt, timeZone),
    posts: [...campaign.posts],
    html: emailFileOf(campaign.kind, campaign.id, "html"),
    text: emailFileOf(campaign.kind, campaign.id, "txt"),
    htmlBytes: campaign.htmlBytes,
    sha256: campaign.sha256,
  };
}

/** The manifest entry of one post's email. `sendTime` is newsletter.sendTime ("07:30") or undefined. */
export function manifestEntry(email: ManifestInput, timeZone: string, sendTime?: string): ManifestEntry {
  return campaignEntry(postCampaign(email, timeZone, sendTime), timeZone);
}

/** How the build decided which campaigns there are. */
export interface ManifestOptions {
  generatedAt: Date;
  site: string;
  since: Date | null;
  timeZone: string;
  perPost?: boolean;
  digest?: (DigestSchedule & { at: { hour: number; minute: number } }) | null;
}

const clock = (at: { hour: number; minute: number }) =>
  `${String(at.hour).padStart(2, "0")}:${String(at.minute).padStart(2, "0")}`;

/** The whole manifest, earliest send time first (the order they go out), validated against the schema. */
export function buildManifest(campaigns: readonly CampaignInput[], options: ManifestOptions): Manifest {
  const entries = [...campaigns]
    .sort(
      (a, b) =>
        a.sendAt.getTime() - b.sendAt.getTime() ||
        a.publishedAt.getTime() - b.publishedAt.getTime() ||
        campaignName(a.kind, a.id).localeCompare(campaignName(b.kind, b.id)),
    )
    .map((campaign) => campaignEntry(campaign, options.timeZone));
  return manifestSchema.parse({
    version: MANIFEST_VERSION,
    generatedAt: toZonedIso(options.generatedAt, options.timeZone),
    site: options.site,
    since: options.since ? toZonedIso(options.since, options.timeZone) : null,
    perPost: options.perPost ?? true,
    digest: options.digest ? { every: options.digest.every, on: options.digest.on ?? null, at: clock(options.digest.at) } : null,
    campaigns: entries,
  });
}
