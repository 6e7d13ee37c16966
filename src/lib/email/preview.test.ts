import { describe, expect, it } from "vitest";
import { pixelStats, PREVIEW_SHOTS, previewIndexHtml, screenshotFileName } from "./preview.ts";

const pixels = (colors: [number, number, number][]) => Uint8Array.from(colors.flat());

describe("screenshotFileName", () => {
  it("names width and scheme", () => {
    expect(PREVIEW_SHOTS.map((shot) => screenshotFileName("x", shot))).toEqual([
      "x-375-light.png",
      "x-375-dark.png",
      "x-600-light.png",
      "x-600-dark.png",
    ]);
  });
});

describe("pixelStats", () => {
  it.each([
    ["an all-white page", pixels(Array(100).fill([255, 255, 255])), 255, 0],
    ["an all-black page", pixels(Array(100).fill([0, 0, 0])), 0, 0],
    ["a page that is one quarter text", pixels([...Array(75).fill([255, 255, 255]), ...Array(25).fill([0, 0, 0])]), 191.25, 0.25],
  ])("%s", (_, data, luminance, share) => {
    const stats = pixelStats(data, 3);
    expect(stats.meanLuminance).toBeCloseTo(luminance, 1);
    expect(stats.contentShare).toBeCloseTo(share, 5);
  });

  it("reads RGBA pixels with four channels", () => {
    expect(pixelStats(Uint8Array.from([255, 255, 255, 255, 0, 0, 0, 255]), 4).contentShare).toBe(0.5);
  });
});

describe("previewIndexHtml", () => {
  it("shows HTML and text side by side and escapes what it shows", () => {
    const html = previewIndexHtml(
      [
        {
          id: "x",
          title: "Preise & <Pakete>",
          htmlFile: "x.html",
          text: "Text mit <Klammern>",
          htmlBytes: 12_345,
          shots: [{ file: "x-375-dark.png", shot: { width: 375, scheme: "dark" } }],
        },
      ],
      "2026-11-28T12:00:00Z",
    );
    expect(html).toContain(`<html lang="de">`);
    expect(html).toContain("Preise &amp; &lt;Pakete&gt;");
    expect(html).toContain(`<iframe src="x.html"`);
    expect(html).toContain("<pre>Text mit &lt;Klammern&gt;</pre>");
    expect(html).toContain("375 px, dunkel");
    expect(html).toContain("12.3 KB HTML");
  });
});
