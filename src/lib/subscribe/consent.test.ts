import { describe, expect, it } from "vitest";
import { ui } from "../i18n.ts";

const t = ui.de;
import {
  CONSENT_PROPERTY_KEYS,
  CONSENT_TEXTS,
  consentProperties,
  CURRENT_CONSENT_VERSION,
  CURRENT_CONSENT_VERSIONS,
  isKnownConsentVersion,
  isSameSignup,
} from "./consent.ts";

const claim = {
  email: "leserin@example.de",
  page: "/abonnieren/",
  formVersion: CURRENT_CONSENT_VERSION,
  requestedAt: Date.UTC(2026, 10, 28, 8),
};

describe("consent record", () => {
  it("keeps the sentence the form shows under the current version (changed wording needs a new version)", () => {
    expect(`${t.consentBefore} ${t.consentLink} ${t.consentAfter}`).toBe(CONSENT_TEXTS[CURRENT_CONSENT_VERSION]);
  });

  it.each(["de", "en"] as const)("records the sentence an %s form shows under that language's version", (lang) => {
    const strings = ui[lang];
    expect(`${strings.consentBefore} ${strings.consentLink} ${strings.consentAfter}`).toBe(
      CONSENT_TEXTS[CURRENT_CONSENT_VERSIONS[lang]],
    );
  });

  it.each([
    [CURRENT_CONSENT_VERSION, true],
    ["1999-01-01", false],
    ["toString", false],
    ["", false],
  ])("knows version %j: %s", (version, known) => {
    expect(isKnownConsentVersion(version)).toBe(known);
  });

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
    ["no consent stored", {}, false],
  ])("recognises %s", (_label, stored, same) => {
    expect(isSameSignup(stored, claim)).toBe(same);
  });
});
