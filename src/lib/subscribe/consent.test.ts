import { describe, expect, it } from "vitest";
import {
  CONSENT_PROPERTY_KEYS,
  consentFormPlain,
  consentProperties,
  CURRENT_CONSENT_VERSION,
  fillConsentText,
  isUsedSignup,
  splitConsentForm,
} from "./consent.ts";

const claim = {
  email: "leserin@example.de",
  page: "/abonnieren/",
  formVersion: CURRENT_CONSENT_VERSION,
  requestedAt: Date.UTC(2026, 10, 28, 8),
};

describe("consent texts", () => {
  it("splits the checkbox sentence around its privacy link", () => {
    expect(splitConsentForm("Ich möchte … und habe die [Datenschutzerklärung] gelesen.")).toEqual({
      before: "Ich möchte … und habe die",
      link: "Datenschutzerklärung",
      after: "gelesen.",
    });
    expect(consentFormPlain("I have read the [privacy policy] and agree.")).toBe("I have read the privacy policy and agree.");
  });

  it("fills {blog} and {stunden}, every time they occur", () => {
    expect(fillConsentText("{blog}: {stunden} Stunden, {blog}", { blog: "Rundbrief", hours: 48 })).toBe(
      "Rundbrief: 48 Stunden, Rundbrief",
    );
  });
});

describe("consent record", () => {
  it("records confirmation time, request time, form version and page as string properties", () => {
    const properties = consentProperties(claim, new Date(Date.UTC(2026, 10, 28, 9, 30)));
    expect(properties).toEqual({
      consent_at: "2026-11-28T09:30:00.000Z",
      consent_requested_at: "2026-11-28T08:00:00.000Z",
      consent_form_version: CURRENT_CONSENT_VERSION,
      consent_page: "/abonnieren/",
    });
    expect(Object.keys(properties).sort()).toEqual([...CONSENT_PROPERTY_KEYS].sort());
    for (const key of CONSENT_PROPERTY_KEYS) expect(key).toMatch(/^[A-Za-z0-9_]{1,50}$/);
  });

  it.each([
    ["the same signup", { consent_requested_at: "2026-11-28T08:00:00.000Z" }, true],
    ["an earlier signup", { consent_requested_at: "2026-11-01T08:00:00.000Z" }, false],
    ["a later signup (this older link must not subscribe again)", { consent_requested_at: "2026-11-28T08:20:00.000Z" }, true],
    ["no consent stored", {}, false],
  ])("recognises %s", (_label, stored, same) => {
    expect(isUsedSignup(stored, claim)).toBe(same);
  });
});
