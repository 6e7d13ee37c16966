/**
 * Share images: one 1200×630 PNG per post for LinkedIn, Mastodon and the like, drawn at
 * build with satori (layout and text to SVG, with the Inter font shipped in the package
 * through @fontsource/inter, no network) and rasterised with sharp, which the build has
 * already for Astro's images (no second native binary). Title, site name, date and the
 * post's first tag, in the site's colours.
 *
 * Each image is cached by a hash of everything drawn (and of this template's version), so
 * an unchanged post costs nothing on the next build.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import satori from "satori";
import sharp from "sharp";

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;

/** Bump when the drawing changes, so cached images are drawn again. */
const TEMPLATE_VERSION = "2";

/** What one image shows. */
export interface ShareImageInput {
  title: string;
  siteTitle: string;
  /** The date as readers see it, e.g. "28. November 2026". */
  dateLabel: string;
  tag?: string | undefined;
}

/** The site's colours (light scheme, as in global.css). */
const COLOURS = { bg: "#fbfaf7", surface: "#f1eee7", text: "#1d1f22", muted: "#50565e", accent: "#0a58a8" };

const require = createRequire(import.meta.url);
let fonts: Array<{ name: string; data: Buffer; weight: 400 | 700; style: "normal" }> | null = null;

function loadFonts() {
  // Latin and Latin Extended (Ł, ř, Ş, č …).
  fonts ??= (["latin", "latin-ext"] as const).flatMap((subset) =>
    ([400, 700] as const).map((weight) => ({
      // One family per subset: satori falls back family by family, not within one.
      name: subset === "latin" ? "Inter" : "Inter Latin Extended",
      data: readFileSync(require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`)),
      weight,
      style: "normal" as const,
    })),
  );
  return fonts;
}

/** A font size that keeps long titles within four lines. */
function titleSize(title: string): number {
  if (title.length <= 40) return 72;
  if (title.length <= 70) return 60;
  if (title.length <= 110) return 50;
  return 42;
}

type Node = { type: string; props: { style?: Record<string, unknown>; children?: Node | Node[] | string } };
const el = (type: string, style: Record<string, unknown>, children?: Node | Node[] | string): Node => ({
  type,
  props: { style, children },
});

/** The layout as satori's element tree (what JSX would produce). */
function layout(input: ShareImageInput): Node {
  const title = input.title.length > 160 ? `${input.title.slice(0, 157).replace(/\s+\S*$/, "")} …` : input.title;
  return el(
    "div",
    {
      width: SHARE_IMAGE_WIDTH,
      height: SHARE_IMAGE_HEIGHT,
      boxSizing: "border-box",
      display: "flex",
      flexDirection: "column",
      justifyContent: "space-between",
      padding: "64px 72px",
      background: COLOURS.bg,
      borderTop: `16px solid ${COLOURS.accent}`,
      fontFamily: "Inter, Inter Latin Extended",
      color: COLOURS.text,
    },
    [
      el("div", { display: "flex", fontSize: 34, fontWeight: 700, color: COLOURS.accent }, input.siteTitle),
      el(
        "div",
        {
          display: "flex",
          width: SHARE_IMAGE_WIDTH - 2 * 72,
          fontSize: titleSize(title),
          fontWeight: 700,
          lineHeight: 1.15,
        },
        title,
      ),
      el("div", { display: "flex", flexDirection: "row", alignItems: "center", fontSize: 30, color: COLOURS.muted }, [
        el("div", { display: "flex", marginRight: 24 }, input.dateLabel),
        ...(input.tag
          ? [
              el(
                "div",
                {
                  display: "flex",
                  padding: "6px 20px",
                  borderRadius: 999,
                  background: COLOURS.surface,
                  color: COLOURS.text,
                  fontSize: 28,
                },
                input.tag,
              ),
            ]
          : []),
      ]),
    ],
  );
}

let drawingVersions: string[] | null = null;

/** The template's, the font's and satori's versions: read once, part of every cache key. */
function versions(): string[] {
  drawingVersions ??= [
    TEMPLATE_VERSION,
    ...["@fontsource/inter", "satori"].map(
      (name) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version,
    ),
  ];
  return drawingVersions;
}

/** The cache key: everything drawn, the template, and the font's and satori's versions. */
export function shareImageKey(input: ShareImageInput): string {
  return createHash("sha256")
    .update(JSON.stringify([...versions(), COLOURS, input]))
    .digest("hex")
    .slice(0, 32);
}

/** Draws the PNG (no cache). */
export async function renderShareImage(input: ShareImageInput): Promise<Buffer> {
  const svg = await satori(layout(input) as unknown as Parameters<typeof satori>[0], {
    width: SHARE_IMAGE_WIDTH,
    height: SHARE_IMAGE_HEIGHT,
    fonts: loadFonts(),
  });
  return await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}

/** The cached PNG file for exactly this drawing in `cacheDir`, drawn and stored first when missing. */
export async function cachedShareImageFile(input: ShareImageInput, cacheDir: string): Promise<{ file: string; cached: boolean }> {
  const file = join(cacheDir, `${shareImageKey(input)}.png`);
  if (existsSync(file)) return { file, cached: true };
  const png = await renderShareImage(input);
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed, so a parallel or killed build never leaves half a file.
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  // Read-only: the build links these files into dist/og/ (src/integration/share-images.ts).
  writeFileSync(partial, png, { mode: 0o444 });
  renameSync(partial, file);
  return { file, cached: false };
}

/** The PNG itself, from the cache or drawn (the dev server's route). */
export async function cachedShareImage(input: ShareImageInput, cacheDir: string): Promise<{ png: Buffer; cached: boolean }> {
  const { file, cached } = await cachedShareImageFile(input, cacheDir);
  return { png: readFileSync(file), cached };
}
