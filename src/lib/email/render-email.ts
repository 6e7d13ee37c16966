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
import { renderEmailTemplate, type EmailImageTag } from "./template.ts";
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

/** Renders and checks the newsletter for one post. */
export function renderEmail(post: EmailPost, site: EmailSite): RenderedEmail {
  const document = renderEmailTemplate({
    lang: site.lang,
    siteTitle: site.title,
    homeUrl: site.homeUrl,
    // Everything the author wrote, with Resend's merge tags neutralised; the template adds its own.
    title: neutralizeMergeTags(post.title),
    preheader: neutralizeMergeTags(post.description),
    postUrl: post.url,
    dateLabel: formatDate(post.pubDate, site.locale, site.timeZone),
    hero: post.hero ? { ...post.hero, alt: neutralizeMergeTags(post.hero.alt) } : undefined,
    bodyHtml: neutralizeMergeTags(post.bodyHtml),
    related: post.related?.map((other) => ({ title: neutralizeMergeTags(other.title), url: other.url })),
    imprint: site.imprint,
    imprintUrl: site.imprintUrl,
    privacyUrl: site.privacyUrl,
    strings: site.strings,
  });
  const utm = site.utm ? { parameters: site.utm, campaign: post.id } : undefined;
  const html = absolutizeHtmlUrls(inlineEmailCss(document), { location: site.location, pageUrl: post.url }, utm);
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

/** The gate error for a post, or undefined when its email passed. */
export function emailGateError(postId: string, email: Pick<RenderedEmail, "errors">): EmailGateError | undefined {
  if (email.errors.length === 0) return undefined;
  const findings = email.errors.map((error) => `  - ${error}`).join("\n");
  return new EmailGateError(`Newsletter für Beitrag „${postId}“ kann so nicht verschickt werden:\n${findings}`);
}
