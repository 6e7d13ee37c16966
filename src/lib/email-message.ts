/** One email to one address through Resend's POST /emails (test mails, confirmation mails). */
export interface EmailMessage {
  from: string;
  to: string;
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe for the welcome mail (Resend adds none to POST /emails). */
  headers?: Record<string, string>;
}

/** The SDK's POST /emails payload for a message; Reply-To only when there is one. */
export function emailPayload(email: EmailMessage) {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.replyTo.length > 0 ? { replyTo: email.replyTo } : {}),
    ...(email.headers ? { headers: email.headers } : {}),
  };
}
