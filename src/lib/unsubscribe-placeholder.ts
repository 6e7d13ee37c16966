/**
 * Resend's merge tag for a broadcast's unsubscribe URL. Every email template carries it;
 * the welcome mail, which goes out through POST /emails where Resend fills in nothing,
 * gets it replaced by the signup function's own signed link. No dependencies, so the
 * function's bundle can import it.
 */
export const UNSUBSCRIBE_PLACEHOLDER = "{{{RESEND_UNSUBSCRIBE_URL}}}";
