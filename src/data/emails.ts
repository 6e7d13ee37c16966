/**
 * The Astro side of the newsletter: picks the campaigns (per-post emails, editions,
 * digests), renders each one's MDX once per build through the Container API with the
 * email components, and hands the HTML to the pure renderer in src/lib/email. The
 * newsletter endpoints in src/routes/newsletter/ only serve what it returns.
 */
import { render } from "astro:content";
import type { AstroComponentFactory } from "astro/runtime/server/index.js";
import * as welcomeModule from "virtual:rundbrief/welcome";
import { z } from "zod";
import { escapeHtml } from "../lib/email/html.ts";
import { formatDate } from "../lib/dates.ts";
import { siteConfig, t } from "./config.ts";
import { emailComponents, emailElements } from "../components/email/index.ts";
import { toEmailImage } from "../components/email/email-image.ts";
import { getContainer } from "./container.ts";
import { location, url } from "./site.ts";
import { getAllPosts, getPublishedPosts, getRelatedPosts, now, type Post } from "./posts.ts";
import { getAllEditions, getFeaturedPosts as featuredPostsOf, type Edition } from "./editions.ts";
import { missingComponentInError, missingComponentMessage } from "../lib/email/components-check.ts";
import { imageHostsOf } from "../lib/content-policy.ts";
import { isMailable } from "../lib/email/mailable.ts";
import { buildManifest, postCampaign, type CampaignInput } from "../lib/email/manifest-builder.ts";
import { emailGateError, renderEmail, renderIssueEmail, type EmailSite, type RenderedEmail } from "../lib/email/render-email.ts";
import type { EmailCard } from "../lib/email/template.ts";
import { resolveNewsletterConfig } from "../lib/newsletter/config.ts";
import { fillDigestText, periodLabel, plannedDigests, type PlannedDigest } from "../lib/newsletter/digests.ts";
import { digestSendAt, groupByPeriod } from "../lib/newsletter/periods.ts";
import type { Manifest } from "../lib/newsletter/manifest.ts";
import type { WelcomeMail } from "../lib/subscribe/assets.ts";
import { PAGES, editionPath, postPath } from "../lib/routes.ts";

const { since, sendTime, digest, perPost } = resolveNewsletterConfig(siteConfig.newsletter, process.env, siteConfig.timeZone);

/**
 * Campaigns to render on demand for `rundbrief preview`, whatever their state: post ids
 * or "newest" for the newest published post, `edition:<id>`, and `digest:latest` for
 * the digest of the newest period. They get .html/.txt but no manifest entry.
 */
const previewRequest = (process.env.RUNDBRIEF_EMAIL_PREVIEW ?? "")
  .split(",")
  .map((id) => id.trim())
  .filter(Boolean);

const site: EmailSite = {
  title: siteConfig.title,
  lang: siteConfig.lang,
  locale: siteConfig.locale,
  timeZone: siteConfig.timeZone,
  location,
  homeUrl: url(PAGES.home),
  imprint: siteConfig.imprint,
  imprintUrl: url(PAGES.imprint),
  privacyUrl: url(PAGES.privacy),
  utm: siteConfig.email.utm,
  gates: {
    clients: siteConfig.email.clients,
    allowedFeatures: siteConfig.email.allowedFeatures,
    imageHosts: imageHostsOf(location, siteConfig),
  },
  strings: t.email,
};

/** Posts that may be mailed: in their own campaign (newsletter.perPost), in a digest or an edition. */
async function getMailablePosts(): Promise<Post[]> {
  return (await getPublishedPosts()).filter((post) => isMailable(post, { now, since }));
}

/** Posts with a campaign of their own: every mailable one unless digests stand in for them. */
async function getPostCampaignPosts(): Promise<Post[]> {
  return perPost ? getMailablePosts() : [];
}

const postPreviewIds = previewRequest.filter((id) => !id.includes(":"));

/** Posts with a campaign of their own plus any requested for preview. */
export async function getEmailPosts(): Promise<Post[]> {
  const mailable = await getPostCampaignPosts();
  if (postPreviewIds.length === 0) return mailable;
  const all = await getAllPosts();
  const newest = (await getPublishedPosts())[0];
  const ids = postPreviewIds.flatMap((id) => (id === "newest" ? (newest ? [newest.id] : []) : [id]));
  const unknown = ids.filter((id) => !all.some((post) => post.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `Vorschau: Beitrag ${unknown.map((id) => `„${id}“`).join(", ")} gibt es nicht. Vorhanden: ${all.map((post) => post.id).join(", ")}.`,
    );
  }
  const extra = all.filter((post) => ids.includes(post.id) && !mailable.includes(post));
  return [...mailable, ...extra];
}

const allowedNames = Object.keys(emailComponents);

/** A post's or edition's MDX with the email components; `what` names it in errors ("Beitrag „x“"). */
async function renderBody(entry: Post | Edition, what: string): Promise<string> {
  const { Content } = await render(entry);
  return renderMdxForEmail(Content, entry.id, what);
}

/** An MDX module's content with the email components; `id` and `what` name it in errors. */
async function renderMdxForEmail(Content: AstroComponentFactory, id: string, what: string): Promise<string> {
  try {
    const container = await getContainer();
    return await container.renderToString(Content, { props: { components: { ...emailElements, ...emailComponents } } });
  } catch (error) {
    const name = missingComponentInError(error);
    if (name) throw new Error(missingComponentMessage(id, name, allowedNames, what), { cause: error });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Newsletter für ${what} ließ sich nicht rendern: ${reason}`, { cause: error });
  }
}

/** A post's related posts as the email links them. */
async function relatedForEmail(post: Post): Promise<Array<{ title: string; url: string }>> {
  return (await getRelatedPosts(post)).map((other) => ({ title: other.data.title, url: url(postPath(other)) }));
}

async function renderPostEmail(post: Post): Promise<RenderedEmail> {
  const hero = post.data.heroImage ? await toEmailImage(post.data.heroImage, post.data.heroAlt ?? "") : undefined;
  const email = renderEmail(
    {
      id: post.id,
      title: post.data.title,
      description: post.data.description,
      url: url(postPath(post)),
      pubDate: post.data.pubDate,
      hero,
      bodyHtml: await renderBody(post, `Beitrag „${post.id}“`),
      related: siteConfig.email.relatedPosts ? await relatedForEmail(post) : undefined,
    },
    site,
  );
  const failure = emailGateError(post.id, email);
  if (failure) throw failure;
  console.log(`[newsletter] ${post.id}: E-Mail gerendert, ${(email.htmlBytes / 1000).toFixed(1)} KB`);
  for (const warning of email.warnings) console.warn(`[newsletter] ${post.id}: ${warning}`);
  return email;
}

/** `make` for each key at most once per build, however many endpoints ask. */
function oncePer<T, R>(keyOf: (value: T) => string, make: (value: T) => Promise<R>): (value: T) => Promise<R> {
  const done = new Map<string, Promise<R>>();
  return (value) => {
    const key = keyOf(value);
    let result = done.get(key);
    if (!result) {
      result = make(value);
      done.set(key, result);
    }
    return result;
  };
}

/** The posts an edition shows; its email, the manifest and the digests all ask. */
const getFeaturedPosts = oncePer((edition: Edition) => edition.id, featuredPostsOf);

/** The finished email of a post. */
export const getPostEmail = oncePer((post: Post) => post.id, renderPostEmail);

/** A post as a card in an edition or digest. */
async function cardOf(post: Post): Promise<EmailCard> {
  return {
    title: post.data.title,
    description: post.data.description,
    url: url(postPath(post)),
    dateLabel: formatDate(post.data.pubDate, siteConfig.locale, siteConfig.timeZone),
    image: post.data.heroImage ? await toEmailImage(post.data.heroImage, post.data.heroAlt ?? "") : undefined,
  };
}

/** Checks a rendered email against the gates and logs it; `what` names the campaign. */
function checked(email: RenderedEmail, id: string, what: string): RenderedEmail {
  const failure = emailGateError(id, email, what);
  if (failure) throw failure;
  console.log(`[newsletter] ${what}: E-Mail gerendert, ${(email.htmlBytes / 1000).toFixed(1)} KB`);
  for (const warning of email.warnings) console.warn(`[newsletter] ${what}: ${warning}`);
  return email;
}

/** Editions that may be mailed: not drafts, with a send time from `since` on. */
async function getMailableEditions(): Promise<Edition[]> {
  return (await getAllEditions()).filter(
    (edition) => !edition.data.draft && (since === null || edition.data.sendAt.getTime() >= since.getTime()),
  );
}

const editionPreviewIds = previewRequest.filter((id) => id.startsWith("edition:")).map((id) => id.slice("edition:".length));

/** Editions that get email files: the mailable ones plus any requested for preview (drafts too). */
export async function getEmailEditions(): Promise<Edition[]> {
  const mailable = await getMailableEditions();
  if (editionPreviewIds.length === 0) return mailable;
  const all = await getAllEditions();
  const unknown = editionPreviewIds.filter((id) => !all.some((edition) => edition.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `Vorschau: Ausgabe ${unknown.map((id) => `„${id}“`).join(", ")} gibt es nicht. Vorhanden: ${all.map((e) => e.id).join(", ") || "keine"}.`,
    );
  }
  return [...mailable, ...all.filter((edition) => editionPreviewIds.includes(edition.id) && !mailable.includes(edition))];
}

/** The preview text of an edition: its preheader, else the titles of the posts it shows. */
function editionPreheader(edition: Edition, featured: readonly Post[]): string {
  return edition.data.preheader ?? featured.map((post) => post.data.title).join(" · ");
}

async function renderEditionEmail(edition: Edition): Promise<RenderedEmail> {
  const what = `Ausgabe „${edition.id}“`;
  const featured = await getFeaturedPosts(edition);
  const email = renderIssueEmail(
    {
      id: edition.id,
      title: edition.data.subject,
      preheader: editionPreheader(edition, featured),
      // Its own page appears with the first build after the send time, up to an hour after
      // the mail: the archive, which is always there, instead of a link that is not yet live.
      pageUrl: null,
      dateline: t.email.edition.dateline(formatDate(edition.data.sendAt, siteConfig.locale, siteConfig.timeZone)),
      bodyHtml: await renderBody(edition, what),
      cards: { heading: t.email.edition.featured, items: await Promise.all(featured.map(cardOf)) },
      cta: { label: t.email.edition.allEditions, url: url(PAGES.editions) },
    },
    site,
  );
  return checked(email, edition.id, what);
}

/** The finished email of an edition. */
export const getEditionEmail = oncePer((edition: Edition) => edition.id, renderEditionEmail);

/** A digest to render, with its posts. */
export type Digest = PlannedDigest<{ id: string; publishedAt: Date; post: Post }>;

let digests: Promise<{ mailed: Digest[]; preview: Digest | null }> | null = null;

function digestsOfBuild(): Promise<{ mailed: Digest[]; preview: Digest | null }> {
  digests ??= (async () => {
    if (!digest) return { mailed: [], preview: null };
    const posts = (await getMailablePosts()).map((post) => ({ id: post.id, publishedAt: post.data.pubDate, post }));
    const editions = await Promise.all(
      (await getMailableEditions()).map(async (edition) => ({
        sendAt: edition.data.sendAt,
        posts: (await getFeaturedPosts(edition)).map((post) => post.id),
      })),
    );
    const mailed = plannedDigests(posts, editions, digest, siteConfig.timeZone, { now, since });
    // `rundbrief preview --digest`: the newest period's digest, whether or not it is due.
    const latest = previewRequest.includes("digest:latest")
      ? groupByPeriod(posts, digest.every, siteConfig.timeZone).at(-1)
      : undefined;
    const preview =
      latest && !mailed.some((d) => d.period.name === latest.period.name)
        ? {
            key: latest.period.name.slice("digest:".length),
            period: latest.period,
            sendAt: digestSendAt(latest.period, digest, siteConfig.timeZone),
            posts: [...latest.posts].reverse(),
            carried: 0,
          }
        : null;
    return { mailed, preview };
  })();
  return digests;
}

/** The digests this build can send (newsletter.digest; none without it). */
export async function getDigests(): Promise<Digest[]> {
  return (await digestsOfBuild()).mailed;
}

/** The digests that get email files: those of the build plus the one `rundbrief preview` asked for. */
export async function getEmailDigests(): Promise<Digest[]> {
  const { mailed, preview } = await digestsOfBuild();
  return preview ? [...mailed, preview] : mailed;
}

/** Subject, headline and intro of a digest: from newsletter.digest when set there, else the dictionary. */
function digestTexts(entry: Digest): { subject: string; title: string; intro: string } {
  const { label, within } = periodLabel(entry, digest!.every, t.email.digest, siteConfig.locale, siteConfig.timeZone);
  const count = entry.posts.length;
  return {
    subject: digest!.subject ? fillDigestText(digest!.subject, { label, count }) : t.email.digest.subject(label),
    title: t.email.digest.title(label),
    intro: digest!.intro
      ? fillDigestText(digest!.intro, { label, count })
      : entry.carried > 0
        ? t.email.digest.introWithEarlier(count)
        : t.email.digest.intro(count, within),
  };
}

async function renderDigestEmail(entry: Digest): Promise<RenderedEmail> {
  const what = `Übersicht ${entry.key}`;
  const texts = digestTexts(entry);
  const last = new Date(entry.period.end.getTime() - 1);
  const from = formatDate(entry.period.start, siteConfig.locale, siteConfig.timeZone);
  const to = formatDate(last, siteConfig.locale, siteConfig.timeZone);
  const email = renderIssueEmail(
    {
      id: entry.key,
      title: texts.title,
      preheader: entry.posts.map(({ post }) => post.data.title).join(" · "),
      pageUrl: null,
      dateline: from === to ? from : `${from} – ${to}`,
      bodyHtml: `<p>${escapeHtml(texts.intro)}</p>`,
      cards: { heading: null, items: await Promise.all(entry.posts.map(({ post }) => cardOf(post))) },
      cta: { label: t.email.digest.allPosts, url: url(PAGES.archive) },
    },
    site,
  );
  return checked(email, entry.key, what);
}

/** The finished email of a digest. */
export const getDigestEmail = oncePer((entry: Digest) => entry.key, renderDigestEmail);

/** The manifest of every campaign this build can send: per-post emails, editions, digests. */
export async function getManifest(): Promise<Manifest> {
  const posts = await Promise.all(
    (await getPostCampaignPosts()).map(async (post) => {
      const email = await getPostEmail(post);
      return postCampaign(
        {
          id: post.id,
          title: post.data.title,
          subject: post.data.subject ?? post.data.title,
          description: post.data.description,
          url: url(postPath(post)),
          pubDate: post.data.pubDate,
          htmlBytes: email.htmlBytes,
          sha256: email.sha256,
        },
        siteConfig.timeZone,
        sendTime,
      );
    }),
  );
  const editions = await Promise.all(
    (await getMailableEditions()).map(async (edition): Promise<CampaignInput> => {
      const email = await getEditionEmail(edition);
      return {
        kind: "edition",
        id: edition.id,
        title: edition.data.subject,
        subject: edition.data.subject,
        previewText: editionPreheader(edition, await getFeaturedPosts(edition)),
        url: url(editionPath(edition)),
        publishedAt: edition.data.sendAt,
        sendAt: edition.data.sendAt,
        posts: (await getFeaturedPosts(edition)).map((post) => post.id),
        htmlBytes: email.htmlBytes,
        sha256: email.sha256,
      };
    }),
  );
  const digestCampaigns = await Promise.all(
    (await getDigests()).map(async (entry): Promise<CampaignInput> => {
      const email = await getDigestEmail(entry);
      const texts = digestTexts(entry);
      return {
        kind: "digest",
        id: entry.key,
        title: texts.title,
        subject: texts.subject,
        previewText: entry.posts.map(({ post }) => post.data.title).join(" · "),
        url: site.homeUrl,
        publishedAt: entry.period.end,
        sendAt: entry.sendAt,
        posts: entry.posts.map(({ id }) => id),
        htmlBytes: email.htmlBytes,
        sha256: email.sha256,
      };
    }),
  );
  return buildManifest([...posts, ...editions, ...digestCampaigns], {
    generatedAt: now,
    site: site.homeUrl,
    since,
    timeZone: siteConfig.timeZone,
    perPost,
    digest,
  });
}

/** The welcome mail's frontmatter. */
const welcomeSchema = z.strictObject({
  subject: z.string({ error: "erwartet: Betreff als Text" }).trim().min(1, { error: "erwartet: Betreff, nicht leer" }),
  title: z.string({ error: "erwartet: Überschrift als Text" }).trim().min(1).optional(),
  preheader: z.string({ error: "erwartet: Vorschautext als Text" }).trim().min(1).optional(),
  /** How many of the newest posts it lists as cards (0 for none). */
  posts: z.number({ error: "erwartet: Zahl von 0 bis 3" }).int().min(0).max(3, { error: "erwartet: höchstens 3" }).default(3),
});

async function renderWelcomeMail(): Promise<WelcomeMail | null> {
  const { Content, frontmatter, file } = welcomeModule;
  if (!Content || !file) return null;
  const parsed = welcomeSchema.safeParse(frontmatter ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join(".") || "Frontmatter"}: ${issue.message}`);
    throw new Error(`${file}: Die Willkommens-E-Mail hat ungültige Angaben:\n${problems.join("\n")}`);
  }
  const { subject, title, preheader, posts } = parsed.data;
  const what = `Willkommens-E-Mail (${file})`;
  const newest = (await getPublishedPosts()).slice(0, posts);
  const email = renderIssueEmail(
    {
      id: "willkommen",
      title: title ?? subject,
      preheader: preheader ?? subject,
      pageUrl: null,
      dateline: t.email.welcome.dateline,
      bodyHtml: await renderMdxForEmail(Content, "willkommen", what),
      cards: { heading: newest.length > 0 ? t.email.welcome.newest : null, items: await Promise.all(newest.map(cardOf)) },
      cta: { label: t.email.welcome.allPosts, url: url(PAGES.archive) },
    },
    site,
  );
  const { html, text } = checked(email, "willkommen", what);
  return { subject, html, text };
}

let welcomeMail: Promise<WelcomeMail | null> | null = null;

/** The welcome mail, rendered and checked once per build; null without one (newsletter.welcome). */
export function getWelcomeMail(): Promise<WelcomeMail | null> {
  welcomeMail ??= renderWelcomeMail();
  return welcomeMail;
}
