/**
 * The double opt-in mail, HTML and plain text, in the exact wording of the consent version
 * the reader's form showed (consent/<version>.md), no advertising (a confirmation mail
 * must only ask for confirmation), the imprint in the footer.
 */
import type { Imprint } from "../../config.ts";
import { fillConsentText, type ConsentText } from "./consent.ts";
import { escapeHtml } from "./html.ts";
import { TOKEN_TTL_HOURS } from "./token.ts";

/** What the confirmation mail needs to know. */
export interface ConfirmationEmailInput {
  /** The version of the consent texts the form showed; its language is the mail's. */
  consent: ConsentText;
  siteTitle: string;
  siteUrl: string;
  confirmUrl: string;
  imprint: Imprint;
}

/** A rendered mail ready for Resend. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Renders the confirmation mail with the link carrying the signed token. */
export function renderConfirmationEmail({
  consent,
  siteTitle,
  siteUrl,
  confirmUrl,
  imprint,
}: ConfirmationEmailInput): RenderedEmail {
  const fill = (text: string) => fillConsentText(text, { blog: siteTitle, hours: TOKEN_TTL_HOURS });
  const m = consent.mail;
  const lang = consent.lang;
  const subject = fill(m.subject);
  const imprintLine = [imprint.name, ...imprint.address, imprint.email].join(" · ");
  const signature = fill(m.signature);
  const e = escapeHtml;
  const s = {
    mailGreeting: fill(m.greeting),
    mailIntro: fill(m.intro),
    mailAction: fill(m.action),
    mailButton: fill(m.button),
    mailExpiry: fill(m.expiry),
    mailIgnore: fill(m.ignore),
    mailPreheader: fill(m.preheader),
  };

  const text = [
    s.mailGreeting,
    "",
    s.mailIntro,
    s.mailAction,
    "",
    confirmUrl,
    "",
    s.mailExpiry,
    s.mailIgnore,
    "",
    signature,
    "",
    "--",
    imprintLine,
    siteUrl,
    "",
  ].join("\n");

  const html = `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f2ee;">
<div style="display:none;max-height:0;overflow:hidden;">${e(s.mailPreheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f2ee;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.6;color:#1d1f22;">
<tr><td style="padding:32px 32px 8px;font-size:20px;font-weight:bold;">${e(siteTitle)}</td></tr>
<tr><td style="padding:8px 32px;">
<p style="margin:0 0 16px;">${e(s.mailGreeting)}</p>
<p style="margin:0 0 16px;">${e(s.mailIntro)} ${e(s.mailAction)}</p>
<p style="margin:24px 0;"><a href="${e(confirmUrl)}" style="display:inline-block;padding:12px 24px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${e(s.mailButton)}</a></p>
<p style="margin:0 0 16px;font-size:14px;word-break:break-all;"><a href="${e(confirmUrl)}" style="color:#0b5cad;">${e(confirmUrl)}</a></p>
<p style="margin:0 0 16px;">${e(s.mailExpiry)} ${e(s.mailIgnore)}</p>
<p style="margin:0 0 24px;">${signature.split("\n").map(e).join("<br>")}</p>
</td></tr>
<tr><td style="padding:16px 32px 32px;font-size:12px;color:#555555;border-top:1px solid #e5e2dc;">${e(imprintLine)}<br><a href="${e(siteUrl)}" style="color:#555555;">${e(siteUrl)}</a></td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { subject, html, text };
}
