import { describe, expect, it } from "vitest";
import { aConfig } from "../../../tests/fixtures/config.ts";
import { resolveNewsletterConfig } from "./config.ts";

const settings = (newsletter: Record<string, unknown> = {}) =>
  aConfig({ newsletter: { from: "Rundbrief <brief@example.de>", ...newsletter } as never }).newsletter;

describe("resolveNewsletterConfig: digests and per-post campaigns", () => {
  it("mails each post without a digest, and only the digest with one, unless perPost says otherwise", () => {
    expect(resolveNewsletterConfig(settings(), {}, "Europe/Berlin")).toMatchObject({ digest: null, perPost: true });
    const weekly = resolveNewsletterConfig(settings({ digest: { every: "week", at: "07:30" } }), {}, "Europe/Berlin");
    expect(weekly).toMatchObject({ digest: { every: "week", on: "monday", at: { hour: 7, minute: 30 } }, perPost: false });
    const both = resolveNewsletterConfig(settings({ digest: { every: "day", at: "18:00" }, perPost: true }), {}, "Europe/Berlin");
    expect(both).toMatchObject({ digest: { every: "day", at: { hour: 18, minute: 0 } }, perPost: true });
  });

  it.each([
    ["week friday 16:45", { every: "week", on: "friday", at: { hour: 16, minute: 45 } }],
    ["day 07:30", { every: "day", at: { hour: 7, minute: 30 } }],
    ["month 23:59", { every: "month", at: { hour: 23, minute: 59 } }],
    ["off", null],
  ])("NEWSLETTER_DIGEST=%s", (value, digest) => {
    const resolved = resolveNewsletterConfig(
      settings({ digest: { every: "week", at: "07:30" } }),
      { NEWSLETTER_DIGEST: value },
      "Europe/Berlin",
    );
    expect(resolved.digest === null ? null : { ...resolved.digest, subject: undefined, intro: undefined }).toEqual(
      digest === null ? null : { ...digest, subject: undefined, intro: undefined },
    );
    // The config has a digest: per-post mails stay off even when the environment turns digests off.
    expect(resolved.perPost).toBe(false);
  });

  it("turns per-post mails off when only the environment turns digests on", () => {
    expect(resolveNewsletterConfig(settings(), { NEWSLETTER_DIGEST: "day 07:30" }, "Europe/Berlin").perPost).toBe(false);
  });

  it.each(["day monday 07:30", "week 7:30", "weekly"])("refuses NEWSLETTER_DIGEST=%s with the forms it takes", (value) => {
    expect(() => resolveNewsletterConfig(settings(), { NEWSLETTER_DIGEST: value }, "Europe/Berlin")).toThrow(
      /NEWSLETTER_DIGEST .*erwartet „week monday 07:30“, „day 07:30“, „month 07:30“ oder „off“/,
    );
  });

  it("refuses a weekday for a daily digest in the config, in German", () => {
    expect(() => settings({ digest: { every: "day", on: "monday", at: "07:30" } })).toThrow(/„on“ gilt nur für every: "week"/);
  });
});
