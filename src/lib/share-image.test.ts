import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { cachedShareImage, renderShareImage, SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH, shareImageKey } from "./share-image.ts";

const input = {
  title: "Änderungsrunden im Vertrag: größer, süßer, schöner",
  siteTitle: "Rundbrief",
  dateLabel: "1. Dezember 2026",
  tag: "Verträge",
};

describe("share images", () => {
  it("draws a 1200×630 PNG that is not blank", async () => {
    const png = await renderShareImage(input);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", SHARE_IMAGE_WIDTH, SHARE_IMAGE_HEIGHT]);
    const stats = await sharp(png).stats();
    // Dark title text on the light background: the darkest pixel is far from the lightest.
    expect(stats.channels[0]!.max - stats.channels[0]!.min).toBeGreaterThan(150);
  });

  it("lays a very long title out inside the card instead of cutting it at the edge", async () => {
    const png = await renderShareImage({ ...input, title: "Wort ".repeat(60).trim() });
    // The right margin (the last 40 px columns) stays background only.
    const margin = await sharp(png)
      .extract({ left: SHARE_IMAGE_WIDTH - 40, top: 40, width: 40, height: 500 })
      .toBuffer()
      .then((strip) => sharp(strip).stats());
    expect(margin.channels[0]!.min).toBeGreaterThan(200);
  });

  it("is drawn once per content: the cache answers until something drawn changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rundbrief-share-"));
    expect((await cachedShareImage(input, dir)).cached).toBe(false);
    expect((await cachedShareImage(input, dir)).cached).toBe(true);
    expect((await cachedShareImage({ ...input, tag: "Preise" }, dir)).cached).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(
      [`${shareImageKey(input)}.png`, `${shareImageKey({ ...input, tag: "Preise" })}.png`].sort(),
    );
  });
});
