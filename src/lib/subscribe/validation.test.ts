import { describe, expect, it } from "vitest";
import { CURRENT_CONSENT_VERSION } from "./consent.ts";
import { testSignupAssets } from "../../../tests/support/signup-assets.ts";

const CONSENT = testSignupAssets().consent;
import { hasUrlUnsafeLocalPart, normalizeEmail, normalizePage, readSubscribeForm, UNKNOWN_PAGE } from "./validation.ts";

describe("normalizeEmail", () => {
  it.each([
    ["leserin@example.de", "leserin@example.de"],
    ["  Leserin@Example.DE ", "leserin@example.de"],
    ["vor.name+newsletter@sub.example.co.uk", "vor.name+newsletter@sub.example.co.uk"],
    ["x@xn--mller-kva.de", "x@xn--mller-kva.de"],
    ["", null],
    ["ohne-at.example.de", null],
    ["@example.de", null],
    ["leserin@", null],
    ["leserin@localhost", null],
    ["leser in@example.de", null],
    ["leserin@example..de", null],
    [".leserin@example.de", null],
    ["leserin.@example.de", null],
    ["le..serin@example.de", null],
    ["leserin@-example.de", null],
    ["leserin@example.d", null],
    ["<script>@example.de", null],
    ["jörg@example.de", null],
    [`${"a".repeat(65)}@example.de`, null],
    [`a@${"b".repeat(250)}.de`, null],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });
});

describe("addresses that cannot go into a Resend URL", () => {
  it.each(["leser/news@example.org", "frage?@example.org", "raute#1@example.org", "alice%40example.de@example.org"])(
    "refuses %j at signup with its own problem, not as a typo",
    (email) => {
      expect(readSubscribeForm(aForm({ email }), CONSENT)).toEqual({
        kind: "invalid",
        problems: ["email-unsupported"],
        page: "/artikel/x/",
      });
    },
  );

  it.each(["vor.name+newsletter@example.org", "o'brien@example.org", "a&b@example.org"])("subscribes %j", (email) => {
    expect(readSubscribeForm(aForm({ email }), CONSENT)).toMatchObject({ kind: "signup", signup: { email } });
    expect(hasUrlUnsafeLocalPart(email)).toBe(false);
  });

  it("looks only at the part before the @", () => {
    expect(hasUrlUnsafeLocalPart("a@b%c.de")).toBe(false);
    expect(hasUrlUnsafeLocalPart("a%b@c.de")).toBe(true);
  });
});

describe("normalizePage", () => {
  it.each([
    ["/artikel/vertraege/", "/artikel/vertraege/"],
    ["/abonnieren/", "/abonnieren/"],
    ["/", "/"],
    [null, UNKNOWN_PAGE],
    ["", UNKNOWN_PAGE],
    ["//evil.example/", UNKNOWN_PAGE],
    ["https://evil.example/", UNKNOWN_PAGE],
    ["/artikel/<b>/", UNKNOWN_PAGE],
    ["/artikel/x/?a=b", UNKNOWN_PAGE],
    [`/${"x".repeat(200)}`, UNKNOWN_PAGE],
  ])("%j → %j", (raw, expected) => {
    expect(normalizePage(raw)).toBe(expected);
  });
});

const aForm = (fields: Record<string, string> = {}) =>
  new URLSearchParams({
    email: "leserin@example.de",
    consent: "ja",
    website: "",
    source: "/artikel/x/",
    form_version: CURRENT_CONSENT_VERSION,
    ...fields,
  });

describe("readSubscribeForm", () => {
  it("accepts a complete form", () => {
    expect(readSubscribeForm(aForm({ email: " Leserin@Example.de " }), CONSENT)).toEqual({
      kind: "signup",
      signup: { email: "leserin@example.de", page: "/artikel/x/", formVersion: CURRENT_CONSENT_VERSION },
    });
  });

  it.each([
    ["any text", { website: "https://spam.example" }],
    ["even with everything else missing", { website: "x", email: "", consent: "" }],
  ])("treats a filled honeypot as a bot: %s", (_label, fields) => {
    expect(readSubscribeForm(aForm(fields), CONSENT)).toEqual({ kind: "honeypot" });
  });

  it.each([
    ["no email", { email: "" }, ["email-missing"]],
    ["blank email", { email: "   " }, ["email-missing"]],
    ["malformed email", { email: "leserin@" }, ["email-invalid"]],
    ["no consent", { consent: "" }, ["consent-missing"]],
    ["consent with another value", { consent: "on" }, ["consent-missing"]],
    ["neither", { email: "x", consent: "" }, ["email-invalid", "consent-missing"]],
  ])("rejects %s", (_label, fields, problems) => {
    expect(readSubscribeForm(aForm(fields), CONSENT)).toEqual({ kind: "invalid", problems, page: "/artikel/x/" });
  });

  it("records the current consent version for a form without the field", () => {
    const reading = readSubscribeForm(aForm({ form_version: "" }), CONSENT);
    expect(reading.kind === "signup" && reading.signup.formVersion).toBe(CURRENT_CONSENT_VERSION);
  });

  it.each([
    ["an unknown version", { form_version: "1999-01-01" }],
    ["an inherited property name", { form_version: "constructor" }],
  ])("never records another version for %s: the form is outdated", (_label, fields) => {
    expect(readSubscribeForm(aForm(fields), CONSENT)).toEqual({
      kind: "invalid",
      problems: ["form-outdated"],
      page: "/artikel/x/",
    });
  });

  it("records an unusable source as unknown page", () => {
    const reading = readSubscribeForm(aForm({ source: "javascript:alert(1)" }), CONSENT);
    expect(reading.kind === "signup" && reading.signup.page).toBe(UNKNOWN_PAGE);
  });
});
