/** Which file format and size an image gets in an email, decided without touching files. */

/** Width of the email's column (the 600 px slot). */
export const EMAIL_WIDTH = 600;

/** Horizontal padding of the content cell on each side; images show at most EMAIL_WIDTH - 2 × this. */
export const CONTENT_PADDING = 24;

/** Widest an image shows in the content column. */
export const IMAGE_SLOT_WIDTH = EMAIL_WIDTH - 2 * CONTENT_PADDING;

/** Pixel width images are rendered at: twice the 600 px slot, sharp on high-density screens. */
export const IMAGE_RENDER_WIDTH = 2 * EMAIL_WIDTH;

/** Formats every major mail client shows (Outlook for Windows has no WebP, AVIF or SVG). */
export type EmailImageFormat = "png" | "jpeg";

const PHOTO_FORMATS = new Set(["jpg", "jpeg"]);
const LOSSLESS_OR_ALPHA_FORMATS = new Set(["png", "gif", "svg", "webp", "avif", "tiff", "tif", "heic", "heif", "bmp"]);

/**
 * The format to convert a source image to. JPEG stays JPEG (photos); everything else
 * becomes PNG, which keeps transparency and sharp edges of diagrams and screenshots.
 */
export function emailImageFormat(sourceFormat: string): EmailImageFormat {
  const format = sourceFormat.toLowerCase();
  if (PHOTO_FORMATS.has(format)) return "jpeg";
  if (LOSSLESS_OR_ALPHA_FORMATS.has(format)) return "png";
  throw new Error(`Bildformat „${sourceFormat}“ wird für E-Mails nicht unterstützt. Bitte das Bild als JPEG oder PNG speichern.`);
}

/** Pixel size to render at and size to display at, never enlarging a small image. */
export interface EmailImageSize {
  renderWidth: number;
  displayWidth: number;
  displayHeight: number;
}

/** Render and display size of an image with the given intrinsic size in the content column. */
export function emailImageSize(
  intrinsic: { width: number; height: number },
  slotWidth: number = IMAGE_SLOT_WIDTH,
): EmailImageSize {
  const renderWidth = Math.min(IMAGE_RENDER_WIDTH, intrinsic.width);
  const displayWidth = Math.min(slotWidth, intrinsic.width);
  const displayHeight = Math.round((displayWidth * intrinsic.height) / intrinsic.width);
  return { renderWidth, displayWidth, displayHeight };
}

const SHOWN_EXTENSIONS = new Set(["png", "jpg", "jpeg"]);

/** File extension of an image URL's path, lower-case, or "" when it has none. */
export function imageExtension(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/)[0] ?? "";
  }
  const match = /\.([a-z0-9]+)$/i.exec(path);
  return match?.[1]?.toLowerCase() ?? "";
}

/** True when the URL names a PNG or JPEG file, the only formats every client shows. */
export function isEmailSafeImageUrl(url: string): boolean {
  return SHOWN_EXTENSIONS.has(imageExtension(url));
}

/** The problem with an image a newsletter keeps as it is (not converted at build), or null. */
export function imageFormatProblem(src: string): string | null {
  if (isEmailSafeImageUrl(src)) return null;
  const extension = imageExtension(src) || "ohne Dateiendung";
  return `Bild „${src}“ (${extension}) ist kein PNG oder JPEG; viele Mailprogramme zeigen es nicht. Als Markdown-Bild einbinden (wird umgewandelt) oder als PNG/JPEG speichern.`;
}

/** The problem with a link for an email, by scheme alone (http instead of https), or null. */
export function insecureLinkProblem(href: string): string | null {
  return /^http:\/\//i.test(href)
    ? `Link „${href}“ nutzt http statt https; Mailprogramme warnen vor solchen Links. Die https-Adresse schreiben.`
    : null;
}
