/** One email to one address through Resend's POST /emails (test mails, confirmation mails). */
export interface EmailMessage {
  from: string;
  to: string;
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
}
