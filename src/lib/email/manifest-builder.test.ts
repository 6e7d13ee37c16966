import { describe, expect, it } from "vitest";
import { parseManifest } from "../newsletter/manifest.ts";
import { buildManifest, manifestEntry, postCampaign, type ManifestInput } from "./manifest-builder.ts";

const anEmail = (overrides: Partial<ManifestInput> = {}): ManifestInput => ({
  id: "mein-artikel",
  title: "Preise & <Pakete>",
  subject: "Neue Preise",
  description: "Worum es geht.",
  url: "https://blog.example.de/artikel/mein-artikel/",
  pubDate: new Date("2026-11-20T00:00:00+01:00"),
  htmlBytes: 12345,
  sha256: "a".repeat(64),
  ...overrides,
});

describe("manifestEntry", () => {
  it("describes one email with paths next to the manifest and a zoned publish time", () => {
    expect(manifestEntry(anEmail(), "Europe/Berlin")).toEqual({
      kind: "post",
      id: "mein-artikel",
      name: "post:mein-artikel",
      posts: [],
      title: "Preise & <Pakete>",
      subject: "Neue Preise",
      previewText: "Worum es geht.",
      url: "https://blog.example.de/artikel/mein-artikel/",
      publishedAt: "2026-11-20T00:00:00+01:00",
      sendAt: "2026-11-20T00:00:00+01:00",
      html: "mein-artikel.html",
      text: "mein-artikel.txt",
      htmlBytes: 12345,
      sha256: "a".repeat(64),
    });
  });

  it("sends at the next sendTime after publication, in the site's zone", () => {
    const entry = manifestEntry(anEmail({ pubDate: new Date("2026-11-20T15:10:00+01:00") }), "Europe/Berlin", "07:30");
    expect(entry.sendAt).toBe("2026-11-21T07:30:00+01:00");
    expect(
      parseManifest(
        JSON.stringify(
          buildManifest([postCampaign(anEmail(), "Europe/Berlin", "07:30")], {
            generatedAt: new Date(),
            site: "https://blog.example.de",
            since: null,
            timeZone: "Europe/Berlin",
          }),
        ),
        "m",
      ).campaigns[0]?.sendAt,
    ).toBe("2026-11-20T07:30:00+01:00");
  });
});

describe("manifestEntry and Resend's merge tags", () => {
  it("keeps a merge tag in the subject and preview text as text, so Resend does not fill it in", () => {
    const entry = manifestEntry(
      anEmail({ subject: "So nutzen Sie {{{contact.first_name}}}", description: "Was {{{RESEND_UNSUBSCRIBE_URL}}} tut." }),
      "Europe/Berlin",
    );
    expect(entry.subject).not.toContain("{{");
    expect(entry.previewText).not.toContain("{{");
    expect(entry.subject.replaceAll("\u2060", "")).toBe("So nutzen Sie {{{contact.first_name}}}");
  });
});

describe("buildManifest", () => {
  const options = { generatedAt: new Date("2026-11-28T11:00:00Z"), site: "https://blog.example.de/", timeZone: "Europe/Berlin" };

  it("lists posts oldest first and round-trips through the send script's parser", () => {
    const manifest = buildManifest(
      [anEmail({ id: "neu", pubDate: new Date("2026-11-25T00:00:00+01:00") }), anEmail({ id: "alt" })].map((e) =>
        postCampaign(e, "Europe/Berlin"),
      ),
      { ...options, since: new Date("2026-07-01T00:00:00+02:00") },
    );
    expect(manifest.campaigns.map((post) => post.id)).toEqual(["alt", "neu"]);
    expect(manifest.since).toBe("2026-07-01T00:00:00+02:00");
    expect(manifest.generatedAt).toBe("2026-11-28T12:00:00+01:00");
    expect(parseManifest(JSON.stringify(manifest), "manifest.json")).toEqual(manifest);
  });

  it("writes since as null while it is unset", () => {
    expect(buildManifest([], { ...options, since: null }).since).toBeNull();
  });

  it("refuses an entry the schema would reject", () => {
    expect(() =>
      buildManifest([postCampaign(anEmail({ sha256: "kurz" }), "Europe/Berlin")], { ...options, since: null }),
    ).toThrow();
  });
});
