/**
 * The Astro side of the newsletter: picks the posts that get an email, renders each
 * post's MDX once per build through the Container API with the email components, and
 * hands the HTML to the pure renderer in src/lib/email. The newsletter endpoints in
 * src/routes/newsletter/ only serve what it returns.
 */
import { render } from "astro:content";
import { siteConfig, t } from "./config.ts";
import { emailComponents, emailElements } from "../components/email/index.ts";
import { toEmailImage } from "../components/email/email-image.ts";
import { getContainer } from "./container.ts";
import { location, url } from "./site.ts";
import { getAllPosts, getPublishedPosts, getRelatedPosts, now, type Post } from "./posts.ts";
import { missingComponentInError, missingComponentMessage } from "../lib/email/components-check.ts";
import { imageHostsOf } from "../lib/content-policy.ts";
import { isMailable } from "../lib/email/mailable.ts";
import { buildManifest } from "../lib/email/manifest-builder.ts";
import { emailGateError, renderEmail, type EmailSite, type RenderedEmail } from "../lib/email/render-email.ts";
import { resolveNewsletterConfig } from "../lib/newsletter/config.ts";
import type { Manifest } from "../lib/newsletter/manifest.ts";
import { PAGES, postPath } from "../lib/routes.ts";

const { since, sendTime } = resolveNewsletterConfig(siteConfig.newsletter, process.env, siteConfig.timeZone);

/**
 * Posts to render on demand for `rundbrief preview`, whatever their state: post ids,
 * or "newest" for the newest published post. They get .html/.txt but no manifest entry.
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

/** Posts that get email artifacts and a manifest entry. */
async function getMailablePosts(): Promise<Post[]> {
  return (await getPublishedPosts()).filter((post) => isMailable(post, { now, since }));
}

/** Mailable posts plus any requested for preview. */
export async function getEmailPosts(): Promise<Post[]> {
  const mailable = await getMailablePosts();
  if (previewRequest.length === 0) return mailable;
  const all = await getAllPosts();
  const newest = (await getPublishedPosts())[0];
  const ids = previewRequest.flatMap((id) => (id === "newest" ? (newest ? [newest.id] : []) : [id]));
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

async function renderBody(post: Post): Promise<string> {
  const { Content } = await render(post);
  try {
    const container = await getContainer();
    return await container.renderToString(Content, { props: { components: { ...emailElements, ...emailComponents } } });
  } catch (error) {
    const name = missingComponentInError(error);
    if (name) throw new Error(missingComponentMessage(post.id, name, allowedNames), { cause: error });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Newsletter für Beitrag „${post.id}“ ließ sich nicht rendern: ${reason}`, { cause: error });
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
      bodyHtml: await renderBody(post),
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

const rendered = new Map<string, Promise<RenderedEmail>>();

/** The finished email of a post, rendered at most once per build however many endpoints ask. */
export function getPostEmail(post: Post): Promise<RenderedEmail> {
  let email = rendered.get(post.id);
  if (!email) {
    email = renderPostEmail(post);
    rendered.set(post.id, email);
  }
  return email;
}

/** The manifest of every mailable post's email. */
export async function getManifest(): Promise<Manifest> {
  const posts = await getMailablePosts();
  const emails = await Promise.all(
    posts.map(async (post) => {
      const email = await getPostEmail(post);
      return {
        id: post.id,
        title: post.data.title,
        subject: post.data.subject ?? post.data.title,
        description: post.data.description,
        url: url(postPath(post)),
        pubDate: post.data.pubDate,
        htmlBytes: email.htmlBytes,
        sha256: email.sha256,
      };
    }),
  );
  return buildManifest(emails, { generatedAt: now, site: site.homeUrl, since, timeZone: siteConfig.timeZone, sendTime });
}
