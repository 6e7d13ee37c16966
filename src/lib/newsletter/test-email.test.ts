import { describe, expect, it } from "vitest";
import { aManifestEntry } from "../../../tests/fixtures/manifest/builders.ts";
import { campaignForTest, testEmailFor, testIdempotencyKey } from "./test-email.ts";

const older = aManifestEntry({ id: "alt", publishedAt: "2026-11-01T08:00:00+01:00" });
const newer = aManifestEntry({ id: "neu", publishedAt: "2026-11-20T08:00:00+01:00", subject: "Neuer Betreff" });
const future = aManifestEntry({ id: "bald", publishedAt: "2026-12-24T08:00:00+01:00" });
const now = new Date("2026-12-01T12:00:00Z");

describe("campaignForTest", () => {
  it.each([
    [null, "neu"],
    ["post:alt", "alt"],
    ["post:bald", "bald"],
    ["post:fehlt", null],
  ])("--post %s → %s", (only, id) => {
    expect(campaignForTest([older, future, newer], only, now)?.id ?? null).toBe(id);
  });

  it("finds nothing when every post is still in the future", () => {
    expect(campaignForTest([future], null, now)).toBeNull();
  });
});

describe("testEmailFor", () => {
  it("marks the subject and replaces the unsubscribe placeholder with the site", () => {
    const email = testEmailFor(
      newer,
      { html: '<a href="{{{RESEND_UNSUBSCRIBE_URL}}}">Abmelden</a>', text: "Abmelden: {{{RESEND_UNSUBSCRIBE_URL}}}" },
      { from: "Rundbrief <brief@example.de>", replyTo: ["kontakt@example.de"] },
      "ich@example.org",
      "https://rundbrief.example.de",
    );
    expect(email).toEqual({
      from: "Rundbrief <brief@example.de>",
      to: "ich@example.org",
      replyTo: ["kontakt@example.de"],
      subject: "[Test] Neuer Betreff",
      html: '<a href="https://rundbrief.example.de">Abmelden</a>',
      text: "Abmelden: https://rundbrief.example.de",
    });
  });
});

describe("testIdempotencyKey", () => {
  it("is stable for the same post, content and address (any case) and changes with the content", () => {
    const key = testIdempotencyKey(newer, "Ich@Example.org");
    expect(key).toBe(testIdempotencyKey(newer, "ich@example.org "));
    expect(key).not.toBe(testIdempotencyKey({ ...newer, sha256: "b".repeat(64) }, "ich@example.org"));
    expect(key).not.toContain("ich@example.org");
    expect(key.length).toBeLessThanOrEqual(256);
  });
});
