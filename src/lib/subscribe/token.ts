/**
 * Signed, expiring confirmation tokens for the double opt-in link. HMAC-SHA256 through
 * Web Crypto, so the same code runs in Node, Cloudflare and Netlify without node:crypto.
 */

/** How long a confirmation link stays valid. */
export const TOKEN_TTL_HOURS = 48;

/** The same lifetime in milliseconds, as the token check uses it. */
export const TOKEN_TTL_MS = TOKEN_TTL_HOURS * 60 * 60 * 1000;

/** Tolerated clock skew between the instance that signed and the one that verifies. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;
const VERSION = "v1";

/** What a confirmation link proves: who asked, on which page, with which consent text, and when. */
export interface SignupClaim {
  /** The normalised email address. */
  email: string;
  /** Site path of the page the form was on. */
  page: string;
  /** Version of the consent text the reader agreed to (see consent.ts). */
  formVersion: string;
  /** When the form was submitted, epoch milliseconds. */
  requestedAt: number;
}

/** Why a token was refused; the handler treats all of them alike, logs and tests tell them apart. */
export type TokenProblem = "malformed" | "bad-signature" | "expired";

/** The result of verifying a token. */
export type TokenCheck = { ok: true; claim: SignupClaim } | { ok: false; problem: TokenProblem };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

/** Signs a claim into a URL-safe token `v1.<payload>.<signature>`. */
export async function signToken(claim: SignupClaim, secret: string): Promise<string> {
  const payload = toBase64Url(
    encoder.encode(JSON.stringify({ e: claim.email, p: claim.page, v: claim.formVersion, t: claim.requestedAt })),
  );
  const signed = `${VERSION}.${payload}`;
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(signed)));
  return `${signed}.${toBase64Url(signature)}`;
}

function parseClaim(bytes: Uint8Array): SignupClaim | null {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const { e, p, v, t } = raw as Record<string, unknown>;
  if (typeof e !== "string" || typeof p !== "string" || typeof v !== "string") return null;
  if (typeof t !== "number" || !Number.isSafeInteger(t)) return null;
  return { email: e, page: p, formVersion: v, requestedAt: t };
}

/** Checks signature (constant time, via Web Crypto) and age; `now` is epoch milliseconds. */
export async function verifyToken(token: string, secret: string, now: number): Promise<TokenCheck> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, problem: "malformed" };
  const [, payload = "", signatureText = ""] = parts;
  const signature = fromBase64Url(signatureText);
  const payloadBytes = fromBase64Url(payload);
  if (!signature || !payloadBytes || signature.length !== 32) return { ok: false, problem: "malformed" };

  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), signature, encoder.encode(`${VERSION}.${payload}`));
  if (!valid) return { ok: false, problem: "bad-signature" };

  const claim = parseClaim(payloadBytes);
  if (!claim) return { ok: false, problem: "malformed" };
  if (now - claim.requestedAt > TOKEN_TTL_MS || claim.requestedAt - now > FUTURE_SKEW_MS)
    return { ok: false, problem: "expired" };
  return { ok: true, claim };
}

/**
 * Unsubscribe links (the welcome mail's, its List-Unsubscribe header): `u1.<address>.<signature>`.
 * They never expire, as a mail can be opened years later, and their own prefix is part of
 * the signed text, so a confirmation token can never pass as one, nor the other way round.
 */
const UNSUBSCRIBE_VERSION = "u1";

/** Signs an address into an unsubscribe token. */
export async function signUnsubscribeToken(email: string, secret: string): Promise<string> {
  const signed = `${UNSUBSCRIBE_VERSION}.${toBase64Url(encoder.encode(email))}`;
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(signed)));
  return `${signed}.${toBase64Url(signature)}`;
}

/** The address an unsubscribe token was signed for, or null for anything else. */
export async function verifyUnsubscribeToken(token: string, secret: string): Promise<string | null> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== UNSUBSCRIBE_VERSION) return null;
  const [, payload = "", signatureText = ""] = parts;
  const signature = fromBase64Url(signatureText);
  const address = fromBase64Url(payload);
  if (!signature || !address || signature.length !== 32) return null;
  const valid = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    signature,
    encoder.encode(`${UNSUBSCRIBE_VERSION}.${payload}`),
  );
  return valid ? decoder.decode(address) : null;
}
