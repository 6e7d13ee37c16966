/**
 * From a post's rendered MDX body to the finished newsletter: template, inlined CSS,
 * absolute URLs, plain-text part, checksum and the gates' findings. No Astro in here.
 */
import { createHash } from "node:crypto";
import juice from "juice";
import type { Imprint } from "../../config.ts";
import { formatDate } from "../dates.ts";
import { checkEmail, type GateContext } from "./gates.ts";
import type { UiStrings } from "../i18n.ts";
import { renderEmailTemplate, type EmailCard, type EmailImageTag, type EmailTemplateInput } from "./template.ts";
import { emailText } from "./text.ts";
import { neutralizeMergeTags } from "./merge-tags.ts";
import { absolutizeHtmlUrls, type UtmParameters } from "../absolute-urls.ts";

/** The post as the email shows it. */
export interface EmailPost {
  id: string;
  title: string;
  description: string;
  /** Absolute URL of the post page. */
  url: string;
  pubDate: Date;
  hero?: EmailImageTag | undefined;
  /** The post's MDX rendered with the email components. */
  bodyHtml: string;
  /** Related posts to list under the article (config `email.relatedPosts`). */
  related?: ReadonlyArray<{ title: string; url: string }> | undefined;
}

/** The site-wide facts every email needs. */
export interface EmailSite {
  title: string;
  lang: string;
  locale: string;
  timeZone: string;
  location: { url: string; base: string };
  homeUrl: string;
  imprint: Imprint;
  imprintUrl: string;
  privacyUrl: string;
  /** Campaign parameters for links into the site; undefined keeps links clean. */
  utm?: UtmParameters | undefined;
  gates: Omit<GateContext, "imprint">;
  /** The email texts of the dictionary. */
  strings: UiStrings["email"];
}

/** A finished email and what the gates found. */
export interface RenderedEmail {
  html: string;
  text: string;
  htmlBytes: number;
  sha256: string;
  errors: string[];
  warnings: string[];
}

/** Thrown when an email fails a gate; the message names the post and every finding. */
export class EmailGateError extends Error {}

/** Inlines the layout CSS; media queries and `data-embed` blocks stay in <style>. */
export function inlineEmailCss(html: string): string {
  return juice(html, {
    preserveMediaQueries: true,
    preserveImportant: true,
    removeStyleTags: true,
    applyWidthAttributes: false,
    applyHeightAttributes: false,
  });
}

/** What an edition's or digest's email shows; `bodyHtml` is the rendered MDX or the intro. */
export interface EmailIssue {
  /** The campaign's id, for utm_campaign and messages (an edition id, a digest's period key). */
  id: string;
  title: string;
  preheader: string;
  /** The edition's page; null for a digest, which has none. */
  pageUrl: string | null;
  dateline: string;
  bodyHtml: string;
  cards: { heading: string | null; items: readonly EmailCard[] };
  cta: { label: string; url: string } | null;
}

/** The template's input with everything an author wrote neutralised against Resend's merge tags. */
function safeInput(
  input: Omit<EmailTemplateInput, "lang" | "siteTitle" | "homeUrl" | "imprint" | "imprintUrl" | "privacyUrl" | "strings">,
  site: EmailSite,
): EmailTemplateInput {
  const safe = neutralizeMergeTags;
  return {
    ...input,
    lang: site.lang,
    siteTitle: site.title,
    homeUrl: site.homeUrl,
    title: safe(input.title),
    preheader: safe(input.preheader),
    hero: input.hero ? { ...input.hero, alt: safe(input.hero.alt) } : undefined,
    bodyHtml: safe(input.bodyHtml),
    cards: input.cards && {
      ...input.cards,
      items: input.cards.items.map((card) => ({
        ...card,
        title: safe(card.title),
        description: safe(card.description),
        image: card.image ? { ...card.image, alt: safe(card.image.alt) } : undefined,
      })),
    },
    related: input.related?.map((other) => ({ title: safe(other.title), url: other.url })),
    imprint: site.imprint,
    imprintUrl: site.imprintUrl,
    privacyUrl: site.privacyUrl,
    strings: site.strings,
  };
}

/** Renders and checks the newsletter for one post. */
export function renderEmail(post: EmailPost, site: EmailSite): RenderedEmail {
  const document = renderEmailTemplate(
    safeInput(
      {
        title: post.title,
        preheader: post.description,
        browserUrl: post.url,
        dateline: site.strings.publishedOn(formatDate(post.pubDate, site.locale, site.timeZone)),
        hero: post.hero,
        bodyHtml: post.bodyHtml,
        cta: { label: site.strings.readOnSite, url: post.url },
        related: post.related,
      },
      site,
    ),
  );
  return finishEmail(document, post.id, post.url, site);
}

/** Renders and checks the email of an edition or a digest: its body, then its posts as cards. */
export function renderIssueEmail(issue: EmailIssue, site: EmailSite): RenderedEmail {
  const document = renderEmailTemplate(
    safeInput(
      {
        title: issue.title,
        preheader: issue.preheader,
        browserUrl: issue.pageUrl,
        dateline: issue.dateline,
        bodyHtml: issue.bodyHtml,
        cards: { ...issue.cards, readMore: site.strings.readMore },
        cta: issue.cta,
      },
      site,
    ),
  );
  return finishEmail(document, issue.id, issue.pageUrl ?? site.homeUrl, site);
}

/** Inlined CSS, absolute URLs (with utm parameters when configured), text part, hash and the gates' findings. */
function finishEmail(document: string, campaign: string, pageUrl: string, site: EmailSite): RenderedEmail {
  const utm = site.utm ? { parameters: site.utm, campaign } : undefined;
  const html = absolutizeHtmlUrls(inlineEmailCss(document), { location: site.location, pageUrl }, utm);
  const report = checkEmail(html, { imprint: site.imprint, ...site.gates });
  return {
    html,
    text: emailText(html),
    htmlBytes: Buffer.byteLength(html, "utf8"),
    sha256: createHash("sha256").update(html, "utf8").digest("hex"),
    errors: report.errors,
    warnings: report.warnings,
  };
}

/**
 * The gate error for a campaign, or undefined when its email passed. `what` names it:
 * a post id, or e.g. "Ausgabe „woche-49“" for an edition.
 */
export function emailGateError(
  postId: string,
  email: Pick<RenderedEmail, "errors">,
  what = `Beitrag „${postId}“`,
): EmailGateError | undefined {
  if (email.errors.length === 0) return undefined;
  const findings = email.errors.map((error) => `  - ${error}`).join("\n");
  return new EmailGateError(`Newsletter für ${what} kann so nicht verschickt werden:\n${findings}`);
}
