/**
 * The double opt-in mail in the site's language, HTML and plain text, no advertising (a confirmation
 * mail must only ask for confirmation), the imprint in the footer.
 */
import type { Imprint } from "../../config.ts";
import type { UiStrings } from "../i18n.ts";
import { escapeHtml } from "./html.ts";
import { TOKEN_TTL_HOURS } from "./token.ts";

/** What the confirmation mail needs to know. */
export interface ConfirmationEmailInput {
  /** The mail's language, the site's `lang`. */
  lang: string;
  siteTitle: string;
  siteUrl: string;
  confirmUrl: string;
  imprint: Imprint;
  /** The signup texts of the dictionary. */
  strings: UiStrings["signup"];
}

/** A rendered mail ready for Resend. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Renders the confirmation mail with the link carrying the signed token. */
export function renderConfirmationEmail({
  lang,
  siteTitle,
  siteUrl,
  confirmUrl,
  imprint,
  strings: s,
}: ConfirmationEmailInput): RenderedEmail {
  const subject = s.mailSubject(siteTitle);
  const imprintLine = [imprint.name, ...imprint.address, imprint.email].join(" · ");
  const signature = s.mailSignature(siteTitle);
  const e = escapeHtml;

  const text = [
    s.mailGreeting,
    "",
    s.mailIntro(siteTitle),
    s.mailAction,
    "",
    confirmUrl,
    "",
    s.mailExpiry(TOKEN_TTL_HOURS),
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
<p style="margin:0 0 16px;">${e(s.mailIntro(siteTitle))} ${e(s.mailAction)}</p>
<p style="margin:24px 0;"><a href="${e(confirmUrl)}" style="display:inline-block;padding:12px 24px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${e(s.mailButton)}</a></p>
<p style="margin:0 0 16px;font-size:14px;word-break:break-all;"><a href="${e(confirmUrl)}" style="color:#0b5cad;">${e(confirmUrl)}</a></p>
<p style="margin:0 0 16px;">${e(s.mailExpiry(TOKEN_TTL_HOURS))} ${e(s.mailIgnore)}</p>
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
