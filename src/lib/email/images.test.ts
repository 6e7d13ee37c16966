import { describe, expect, it } from "vitest";
import {
  emailImageFormat,
  emailImageSize,
  IMAGE_RENDER_WIDTH,
  IMAGE_SLOT_WIDTH,
  imageExtension,
  isEmailSafeImageUrl,
} from "./images.ts";

describe("emailImageFormat", () => {
  it.each([
    ["jpg", "jpeg"],
    ["jpeg", "jpeg"],
    ["JPG", "jpeg"],
    ["png", "png"],
    ["webp", "png"],
    ["avif", "png"],
    ["gif", "png"],
    ["svg", "png"],
    ["tiff", "png"],
  ])("%s becomes %s", (source, expected) => {
    expect(emailImageFormat(source)).toBe(expected);
  });

  it("refuses formats it cannot convert, saying what to do", () => {
    expect(() => emailImageFormat("psd")).toThrow(/„psd“.*JPEG oder PNG/);
  });
});

describe("emailImageSize", () => {
  it.each([
    [
      { width: 2400, height: 1350 },
      { renderWidth: IMAGE_RENDER_WIDTH, displayWidth: IMAGE_SLOT_WIDTH, displayHeight: 311 },
    ],
    [
      { width: 800, height: 400 },
      { renderWidth: 800, displayWidth: IMAGE_SLOT_WIDTH, displayHeight: 276 },
    ],
    [
      { width: 240, height: 120 },
      { renderWidth: 240, displayWidth: 240, displayHeight: 120 },
    ],
  ])("%o → %o", (intrinsic, expected) => {
    expect(emailImageSize(intrinsic)).toEqual(expected);
  });

  it("renders at 1200 px for the 600 px slot", () => {
    expect(IMAGE_RENDER_WIDTH).toBe(1200);
    expect(emailImageSize({ width: 600, height: 300 }, 600)).toEqual({ renderWidth: 600, displayWidth: 600, displayHeight: 300 });
  });
});

describe("isEmailSafeImageUrl", () => {
  it.each([
    ["https://blog.example.de/_astro/a.png", true],
    ["https://blog.example.de/_astro/a.JPG?v=2", true],
    ["https://blog.example.de/_astro/a.jpeg#x", true],
    ["https://blog.example.de/_astro/a.webp", false],
    ["https://blog.example.de/_astro/a.avif", false],
    ["https://blog.example.de/logo.svg", false],
    ["https://blog.example.de/anim.gif", false],
    ["https://cdn.example.org/bild?id=3", false],
  ])("%s → %s", (url, expected) => {
    expect(isEmailSafeImageUrl(url)).toBe(expected);
  });

  it("reads the extension of relative paths too", () => {
    expect(imageExtension("bilder/a.PNG")).toBe("png");
    expect(imageExtension("bilder/ohne-endung")).toBe("");
  });
});
