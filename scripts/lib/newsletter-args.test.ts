import { describe, expect, it } from "vitest";
import { DEFAULT_MANIFEST, UsageError, parseNewsletterArgs } from "./newsletter-args.ts";

describe("parseNewsletterArgs", () => {
  it("plans by default, reading the build's manifest and waiting for the post to go live", () => {
    expect(parseNewsletterArgs([])).toEqual({
      send: false,
      json: false,
      post: null,
      only: null,
      test: null,
      force: false,
      waitLive: true,
      waitLiveSeconds: null,
      manifest: DEFAULT_MANIFEST,
      help: false,
    });
  });

  it.each([
    [["--send"], { send: true }],
    [["--send", "--force", "--json"], { send: true, force: true, json: true }],
    [["--post", " vertraege "], { post: "vertraege" }],
    [["--test", "ich@example.org", "--post", "x"], { test: "ich@example.org", post: "x" }],
    [["--no-wait-live"], { waitLive: false }],
    [["--wait-live", "90"], { waitLiveSeconds: 90 }],
    [["--manifest", "/tmp/m.json"], { manifest: "/tmp/m.json" }],
    [["-h"], { help: true }],
  ])("%j", (argv, expected) => {
    expect(parseNewsletterArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [["--sned"], "Unbekannter oder unvollständiger Aufruf"],
    [["entwurf"], "Unbekannter oder unvollständiger Aufruf"],
    [["--post"], "Unbekannter oder unvollständiger Aufruf"],
    [["--send", "--test", "a@example.org"], "--send und --test schließen sich aus"],
    [["--test", "a-at-example"], "keine E-Mail-Adresse"],
    [["--post", " "], "--post braucht eine Artikel-ID"],
    [["--wait-live", "bald"], "muss eine Anzahl Sekunden ≥ 0 sein"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseNewsletterArgs(argv)).toThrow(UsageError);
    expect(() => parseNewsletterArgs(argv)).toThrow(message);
  });
});
