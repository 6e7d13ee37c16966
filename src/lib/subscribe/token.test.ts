import { describe, expect, it } from "vitest";
import { signToken, TOKEN_TTL_MS, verifyToken, type SignupClaim } from "./token.ts";

const SECRET = "test-secret-0123456789-abcdefghijklmnop";
const ISSUED = Date.UTC(2026, 10, 28, 9, 0, 0);

const aClaim = (overrides: Partial<SignupClaim> = {}): SignupClaim => ({
  email: "leserin@example.de",
  page: "/artikel/vertraege/",
  formVersion: "2026-11-28",
  requestedAt: ISSUED,
  ...overrides,
});

/** Flips one character of the token part at `index` (0 version, 1 payload, 2 signature). */
function tamper(token: string, index: number): string {
  const parts = token.split(".");
  const part = parts[index]!;
  const middle = Math.floor(part.length / 2);
  parts[index] = part.slice(0, middle) + (part[middle] === "A" ? "B" : "A") + part.slice(middle + 1);
  return parts.join(".");
}

describe("signToken / verifyToken", () => {
  it("round-trips the claim, umlauts included", async () => {
    const claim = aClaim({ email: "jörg@example.de".normalize(), page: "/artikel/größe/" });
    const token = await signToken(claim, SECRET);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await verifyToken(token, SECRET, ISSUED + 1000)).toEqual({ ok: true, claim });
  });

  it.each([
    ["right after signing", 0, true],
    ["one minute before expiry", TOKEN_TTL_MS - 60_000, true],
    ["exactly at 48 h", TOKEN_TTL_MS, true],
    ["one millisecond after 48 h", TOKEN_TTL_MS + 1, false],
    ["a week later", 7 * 24 * 3600_000, false],
    ["signed 4 minutes in the future (clock skew)", -4 * 60_000, true],
    ["signed 10 minutes in the future", -10 * 60_000, false],
  ])("%s → valid: %s", async (_label, age, valid) => {
    const token = await signToken(aClaim(), SECRET);
    const check = await verifyToken(token, SECRET, ISSUED + age);
    expect(check.ok).toBe(valid);
    if (!check.ok) expect(check.problem).toBe("expired");
  });

  it.each([
    ["a tampered payload", (token: string) => tamper(token, 1), "bad-signature"],
    ["a tampered signature", (token: string) => tamper(token, 2), "bad-signature"],
    [
      "a payload swapped in from another token",
      (token: string, other: string) => [token.split(".")[0], other.split(".")[1], token.split(".")[2]].join("."),
      "bad-signature",
    ],
    ["a truncated signature", (token: string) => token.slice(0, -4), "malformed"],
    ["an unknown version", (token: string) => token.replace(/^v1\./, "v2."), "malformed"],
    ["an empty string", () => "", "malformed"],
    ["two parts only", (token: string) => token.split(".").slice(0, 2).join("."), "malformed"],
    ["characters outside base64url", (token: string) => `${token}+/`, "malformed"],
  ] as const)("refuses %s", async (_label, mangle, problem) => {
    const token = await signToken(aClaim(), SECRET);
    const other = await signToken(aClaim({ email: "angreifer@example.de" }), SECRET);
    expect(await verifyToken(mangle(token, other), SECRET, ISSUED)).toEqual({ ok: false, problem });
  });

  it("refuses a token signed with another secret", async () => {
    const token = await signToken(aClaim(), "another-secret-0123456789-abcdefghijkl");
    expect(await verifyToken(token, SECRET, ISSUED)).toEqual({ ok: false, problem: "bad-signature" });
  });

  it("refuses a correctly signed payload that is not a claim", async () => {
    const { subtle } = crypto;
    const encode = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const payload = encode(JSON.stringify({ e: "x@example.de", p: "/", v: "1", t: "gestern" }));
    const key = await subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    const signature = new Uint8Array(await subtle.sign("HMAC", key, new TextEncoder().encode(`v1.${payload}`)));
    const token = `v1.${payload}.${encode(String.fromCharCode(...signature))}`;
    expect(await verifyToken(token, SECRET, ISSUED)).toEqual({ ok: false, problem: "malformed" });
  });
});
