import { describe, expect, it } from "vitest";
import { parseNewsletterArgs } from "./newsletter-args.ts";
import { RuntimeSettingsError, resolveRuntimeSettings } from "./newsletter-runtime.ts";

const args = parseNewsletterArgs([]);

describe("resolveRuntimeSettings", () => {
  it("uses safe defaults: no key, Resend's pacing, a 10-minute live wait", () => {
    const settings = resolveRuntimeSettings({}, args);
    expect(settings).toMatchObject({
      apiKey: null,
      baseUrl: null,
      minIntervalMs: 550,
      timeoutMs: 30_000,
      journalDir: ".newsletter",
      liveWaitMs: 600_000,
    });
  });

  it("reads every override and prefers --wait-live over the environment", () => {
    const env = {
      RESEND_API_KEY: " re_abc ",
      RESEND_BASE_URL: "http://127.0.0.1:9999/",
      RESEND_MIN_INTERVAL_MS: "0",
      RESEND_TIMEOUT_MS: "1500",
      NEWSLETTER_JOURNAL_DIR: "/tmp/journal",
      NEWSLETTER_LIVE_WAIT_SECONDS: "5",
      BUILD_NOW: "2026-12-01T12:00:00Z",
    };
    expect(resolveRuntimeSettings(env, args)).toEqual({
      apiKey: "re_abc",
      baseUrl: "http://127.0.0.1:9999",
      minIntervalMs: 0,
      timeoutMs: 1500,
      journalDir: "/tmp/journal",
      liveWaitMs: 5000,
      now: new Date("2026-12-01T12:00:00Z"),
    });
    expect(resolveRuntimeSettings(env, parseNewsletterArgs(["--wait-live", "2"])).liveWaitMs).toBe(2000);
  });

  it("names every bad variable on its own line", () => {
    const env = {
      RESEND_BASE_URL: "kein url",
      RESEND_MIN_INTERVAL_MS: "-1",
      NEWSLETTER_LIVE_WAIT_SECONDS: "lange",
      BUILD_NOW: "morgen",
    };
    let message = "";
    try {
      resolveRuntimeSettings(env, args);
    } catch (error) {
      expect(error).toBeInstanceOf(RuntimeSettingsError);
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      expect.stringContaining("RESEND_BASE_URL „kein url“"),
      expect.stringContaining("RESEND_MIN_INTERVAL_MS „-1“"),
      expect.stringContaining("NEWSLETTER_LIVE_WAIT_SECONDS „lange“"),
      expect.stringContaining("BUILD_NOW"),
    ]);
  });
});
