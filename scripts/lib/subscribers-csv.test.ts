import { describe, expect, it } from "vitest";
import { parseCsv } from "../../tests/support/csv.ts";
import { csvField, FIXED_COLUMNS, missingConsent, subscribersCsv } from "./subscribers-csv.ts";
import type { SubscriberContact } from "./subscribers-resend.ts";

function contact(overrides: Partial<SubscriberContact> = {}): SubscriberContact {
  return {
    id: "0b5c1a52-0000-4000-8000-000000000001",
    email: "anna@example.de",
    unsubscribed: false,
    createdAt: "2026-11-30T10:00:00.000Z",
    firstName: null,
    lastName: null,
    properties: {
      consent_at: "2026-12-01T08:15:30.000Z",
      consent_requested_at: "2026-12-01T08:10:00.000Z",
      consent_form_version: "2026-11-28",
      consent_page: "/artikel/x/",
    },
    ...overrides,
  };
}

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['sagt "ja"', '"sagt ""ja"""'],
    ["zwei\nZeilen", '"zwei\nZeilen"'],
    ["Grüße aus Köln", "Grüße aus Köln"],
    ["", ""],
  ])("quotes %j as RFC 4180 wants", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each(['=HYPERLINK("http://x")', "+49 30 123", "-1", "@SUM(A1)", "\tTab", "\rCR"])(
    "neutralises %j so a spreadsheet shows text instead of running a formula",
    (value) => {
      const field = csvField(value);
      expect(field.replace(/^"/, "").startsWith("'")).toBe(true);
    },
  );
});

describe("subscribersCsv", () => {
  it("has the fixed columns first, CRLF line ends, and German status", () => {
    const csv = subscribersCsv([contact(), contact({ id: "x2", email: "bernd@example.de", unsubscribed: true, properties: {} })]);
    expect(csv.split("\r\n")[0]).toBe(FIXED_COLUMNS.join(","));
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[1]).toEqual([
      "anna@example.de",
      "0b5c1a52-0000-4000-8000-000000000001",
      "angemeldet",
      "2026-11-30T10:00:00.000Z",
      "2026-12-01T08:10:00.000Z",
      "2026-12-01T08:15:30.000Z",
      "2026-11-28",
      "/artikel/x/",
      "",
    ]);
    expect(rows[2]?.slice(0, 3)).toEqual(["bernd@example.de", "x2", "abgemeldet"]);
  });

  it("puts further properties after the fixed ones, sorted, and names only when someone has one", () => {
    const csv = subscribersCsv([
      contact({ properties: { ...contact().properties, welcome_sent_at: "2026-12-01T08:16:00.000Z", zeta: "z", alpha: "a,b" } }),
      contact({ email: "b@example.de", firstName: "Bernd", properties: { beta: "=1+1" } }),
    ]);
    const [header, first, second] = parseCsv(csv);
    expect(header).toEqual([...FIXED_COLUMNS, "first_name", "last_name", "alpha", "beta", "zeta"]);
    expect(first?.[8]).toBe("2026-12-01T08:16:00.000Z");
    expect(first?.slice(9)).toEqual(["", "", "a,b", "", "z"]);
    expect(second?.slice(9)).toEqual(["Bernd", "", "", "'=1+1", ""]);
    expect(parseCsv(subscribersCsv([contact()]))[0]).not.toContain("first_name");
  });

  it("is only a header for an empty segment", () => {
    expect(subscribersCsv([])).toBe(`${FIXED_COLUMNS.join(",")}\r\n`);
  });
});

describe("missingConsent", () => {
  it("names the consent properties a contact lacks", () => {
    expect(missingConsent(contact())).toEqual([]);
    expect(missingConsent(contact({ properties: { consent_at: "2026-12-01T08:15:30.000Z" } }))).toEqual([
      "consent_requested_at",
      "consent_form_version",
      "consent_page",
    ]);
    expect(missingConsent(contact({ properties: null }))).toHaveLength(4);
  });
});
