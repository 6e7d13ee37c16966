import { describe, expect, it } from "vitest";
import { resolveSubscribeConfig } from "./config.ts";
import { aConfig } from "../../../tests/fixtures/config.ts";

const SECRET = "s".repeat(40);
const anEnv = (overrides: Record<string, string | undefined> = {}) => ({
  SUBSCRIBE_SECRET: SECRET,
  RESEND_API_KEY: "re_test_geheim",
  RESEND_SEGMENT_ID: "seg_1",
  SITE_URL: "https://blog.example.de",
  ...overrides,
});

describe("resolveSubscribeConfig", () => {
  it("derives the confirm link and the static pages from the site URL", () => {
    const result = resolveSubscribeConfig(aConfig(), anEnv());
    expect(result.ok && result.config).toMatchObject({
      subscribePath: "/api/subscribe",
      confirmPath: "/api/confirm",
      confirmUrl: "https://blog.example.de/api/confirm",
      segmentId: "seg_1",
      pages: {
        pending: "https://blog.example.de/bestaetigen/",
        thanks: "https://blog.example.de/danke/",
        linkInvalid: "https://blog.example.de/link-abgelaufen/",
      },
    });
  });

  it("puts the base path in front of a site-relative subscribeUrl, as the form does", () => {
    const result = resolveSubscribeConfig(aConfig(), anEnv({ BASE_PATH: "/blog" }));
    expect(result.ok && [result.config.subscribePath, result.config.confirmUrl, result.config.pages.thanks]).toEqual([
      "/blog/api/subscribe",
      "https://blog.example.de/blog/api/confirm",
      "https://blog.example.de/blog/danke/",
    ]);
  });

  it.each([
    ["SUBSCRIBE_SECRET", { SUBSCRIBE_SECRET: undefined }],
    ["SUBSCRIBE_SECRET", { SUBSCRIBE_SECRET: "   " }],
    ["SUBSCRIBE_SECRET", { SUBSCRIBE_SECRET: "zu-kurz" }],
    ["RESEND_API_KEY", { RESEND_API_KEY: undefined }],
    ["RESEND_SEGMENT_ID", { RESEND_SEGMENT_ID: "" }],
    ["SITE_URL", { SITE_URL: "kein url" }],
  ])("names %s when it is missing or unusable", (name, overrides) => {
    const result = resolveSubscribeConfig(aConfig(), anEnv(overrides));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join("\n")).toContain(name);
  });

  it("reports every problem at once and never a secret's value", () => {
    const result = resolveSubscribeConfig(aConfig(), { SUBSCRIBE_SECRET: "geheim-aber-kurz" });
    const text = !result.ok ? result.problems.join("\n") : "";
    expect(text).toContain("SUBSCRIBE_SECRET");
    expect(text).toContain("RESEND_API_KEY");
    expect(text).not.toContain("geheim-aber-kurz");
  });
});
