/**
 * Converts a local image for mail: PNG or JPEG via astro:assets, rendered at up to
 * 1200 px for the 600 px slot. Shared by the Markdown image override and the hero image.
 */
import { getImage } from "astro:assets";
import type { ImageMetadata } from "astro";
import { emailImageFormat, emailImageSize, IMAGE_SLOT_WIDTH } from "../../lib/email/images.ts";
import type { EmailImageTag } from "../../lib/email/template.ts";

/** An <img> description for the email; `src` is site-relative until the URL rewrite. */
export async function toEmailImage(src: ImageMetadata, alt: string): Promise<EmailImageTag> {
  const size = emailImageSize(src);
  const image = await getImage({ src, width: size.renderWidth, format: emailImageFormat(src.format), quality: 80 });
  return { src: image.src, alt, width: size.displayWidth, height: size.displayHeight };
}

/** A remote image cannot be converted at build time; it keeps its URL and the gates judge its format. */
export function remoteEmailImage(src: string, alt: string, width?: number, height?: number): EmailImageTag {
  const displayWidth = Math.min(width ?? IMAGE_SLOT_WIDTH, IMAGE_SLOT_WIDTH);
  const displayHeight = width && height ? Math.round((displayWidth * height) / width) : 0;
  return { src, alt, width: displayWidth, height: displayHeight };
}
