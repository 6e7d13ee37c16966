/**
 * The pure parts of `rundbrief preview` and the browser test: which screenshots to
 * take, how to judge a screenshot's pixels, and the index page that shows HTML and text
 * side by side.
 */
import { escapeHtml } from "./html.ts";

/** Light or dark colour scheme, as the browser emulates it. */
export type ColorScheme = "light" | "dark";

/** One screenshot to take: a viewport width and a colour scheme. */
export interface PreviewShot {
  width: number;
  scheme: ColorScheme;
}

/** Phone (375 px) and the full 600 px column, each light and dark. */
export const PREVIEW_SHOTS: readonly PreviewShot[] = [
  { width: 375, scheme: "light" },
  { width: 375, scheme: "dark" },
  { width: 600, scheme: "light" },
  { width: 600, scheme: "dark" },
];

/** Chromium fails on captures much taller than its 16384 px texture limit; screenshots stop here. */
export const MAX_SCREENSHOT_HEIGHT = 16_000;

/** File name of a screenshot, e.g. "mein-artikel-375-dark.png". */
export function screenshotFileName(id: string, shot: PreviewShot): string {
  return `${id}-${shot.width}-${shot.scheme}.png`;
}

/** What a screenshot's pixels say about it. */
export interface PixelStats {
  /** Average luminance, 0 (black) to 255 (white). */
  meanLuminance: number;
  /** Share of pixels that differ clearly from the most common colour: text, images, boxes. */
  contentShare: number;
}

/** Luminance and content share of raw RGB(A) pixels, for telling a real render from a blank page. */
export function pixelStats(pixels: Uint8Array, channels: number): PixelStats {
  const count = Math.floor(pixels.length / channels);
  const histogram = new Map<number, number>();
  let luminanceSum = 0;
  for (let i = 0; i < count; i++) {
    const r = pixels[i * channels]!;
    const g = pixels[i * channels + 1]!;
    const b = pixels[i * channels + 2]!;
    luminanceSum += 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    histogram.set(key, (histogram.get(key) ?? 0) + 1);
  }
  const dominant = Math.max(0, ...histogram.values());
  return { meanLuminance: count ? luminanceSum / count : 0, contentShare: count ? 1 - dominant / count : 0 };
}

/** One email on the preview page. */
export interface PreviewEntry {
  id: string;
  title: string;
  htmlFile: string;
  text: string;
  htmlBytes: number;
  shots: { file: string; shot: PreviewShot }[];
}

const SCHEME_LABEL: Record<ColorScheme, string> = { light: "hell", dark: "dunkel" };

/** The preview index page (German): per email the HTML in a 600 px frame, the text part, and the screenshots. */
export function previewIndexHtml(entries: readonly PreviewEntry[], generatedAt: string): string {
  const sections = entries
    .map((entry) => {
      const shots = entry.shots
        .map(
          ({ file, shot }) =>
            `<figure><a href="${escapeHtml(file)}"><img src="${escapeHtml(file)}" alt="${escapeHtml(`${entry.title}, ${shot.width} px, ${SCHEME_LABEL[shot.scheme]}`)}" width="${shot.width / 2}"></a><figcaption>${shot.width} px, ${SCHEME_LABEL[shot.scheme]}</figcaption></figure>`,
        )
        .join("\n");
      return `<section>
<h2>${escapeHtml(entry.title)} <small>(${escapeHtml(entry.id)}, ${(entry.htmlBytes / 1000).toFixed(1)} KB HTML)</small></h2>
<div class="pair">
<div><h3>HTML</h3><iframe src="${escapeHtml(entry.htmlFile)}" title="HTML-Fassung: ${escapeHtml(entry.title)}" width="640" height="900"></iframe></div>
<div><h3>Text</h3><pre>${escapeHtml(entry.text)}</pre></div>
</div>
<h3>Screenshots</h3>
<div class="shots">${shots}</div>
</section>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Newsletter-Vorschau</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; background: #f6f6f4; color: #1f2328; }
.pair { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
iframe { border: 1px solid #ccc; background: #fff; }
pre { white-space: pre-wrap; max-width: 640px; background: #fff; border: 1px solid #ccc; padding: 16px; font-size: 13px; }
.shots { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
figure { margin: 0; } img { border: 1px solid #ccc; height: auto; }
small { font-weight: normal; color: #59606a; }
</style>
</head>
<body>
<h1>Newsletter-Vorschau</h1>
<p>Erstellt ${escapeHtml(generatedAt)}. Bilder in der HTML-Fassung laden erst, wenn die Website veröffentlicht ist; die Screenshots zeigen sie aus dem lokalen Build. Screenshots enden nach ${MAX_SCREENSHOT_HEIGHT.toLocaleString("de-DE")} px Höhe.</p>
${sections || "<p>Keine E-Mails gebaut.</p>"}
</body>
</html>
`;
}
