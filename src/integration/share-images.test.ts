import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UNUSED_CARD_LIFETIME_MS, pruneShareImageCache } from "./share-images.ts";

describe("pruneShareImageCache", () => {
  it("removes only cards this build did not use and nothing touched for a week", () => {
    const dir = mkdtempSync(join(tmpdir(), "share-cache-"));
    const now = Date.now();
    const card = (name: string, ageMs: number) => {
      writeFileSync(join(dir, name), "png");
      const at = (now - ageMs) / 1000;
      utimesSync(join(dir, name), at, at);
    };
    card("used-old.png", 2 * UNUSED_CARD_LIFETIME_MS);
    card("unused-old.png", UNUSED_CARD_LIFETIME_MS + 1000);
    card("unused-fresh.png", 60_000);
    card("broken.png.123.abc.tmp", 2 * UNUSED_CARD_LIFETIME_MS);
    card("notiz.txt", 2 * UNUSED_CARD_LIFETIME_MS);
    expect(pruneShareImageCache(dir, new Set(["used-old.png"]), now)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(["notiz.txt", "unused-fresh.png", "used-old.png"]);
    expect(pruneShareImageCache(join(dir, "fehlt"), new Set(), now)).toBe(0);
  });
});
