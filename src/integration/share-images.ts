/**
 * The build's last step for share images: reads the list the build wrote
 * (dist/_rundbrief/share-images.json), draws the cards the cache lacks and copies every
 * PNG from the cache into dist/og/. The PNGs never pass through Astro's page pipeline,
 * and a warm cache costs one hard link per post: copying 2000 cards (about 70 MB) took
 * over a second on this project's CI machines, linking them 30 ms. The cached files are
 * read-only, so a tool that rewrote dist/og/ in place could not change the cache.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { SHARE_IMAGE_LIST } from "../lib/routes.ts";
import { cachedShareImageFile, type ShareImageInput } from "../lib/share-image.ts";

interface Logger {
  info(message: string): void;
}

/** Cards drawn at once: satori draws one while sharp encodes the previous ones on its own threads. */
const DRAW_CONCURRENCY = 3;

/** Hard-links the cached file into dist/, or copies it where a link cannot be made (another file system). */
function placeFile(cached: string, target: string): void {
  rmSync(target, { force: true });
  try {
    linkSync(cached, target);
  } catch {
    copyFileSync(cached, target);
  }
}

/**
 * How long a card no build uses stays in the cache. Only older ones go, so a dev server or
 * a second build drawing into the same folder right now never loses a file.
 */
export const UNUSED_CARD_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Removes cards (and leftover partial files) that this build did not use and nothing touched for a week; returns how many. */
export function pruneShareImageCache(cacheDir: string, used: ReadonlySet<string>, now = Date.now()): number {
  if (!existsSync(cacheDir)) return 0;
  let removed = 0;
  for (const name of readdirSync(cacheDir)) {
    if (used.has(name) || !/\.(png|tmp)$/.test(name)) continue;
    const file = join(cacheDir, name);
    if (now - statSync(file).mtimeMs < UNUSED_CARD_LIFETIME_MS) continue;
    rmSync(file, { force: true });
    removed++;
  }
  return removed;
}

/** Writes dist/og/*.png from the list and removes the list; returns how many images and how many were drawn. */
export async function writeShareImages(
  distDir: string,
  cacheDir: string,
  logger: Logger,
): Promise<{ images: number; drawn: number }> {
  const list = join(distDir, SHARE_IMAGE_LIST);
  if (!existsSync(list)) return { images: 0, drawn: 0 };
  const started = performance.now();
  const { images } = JSON.parse(readFileSync(list, "utf8")) as { images: Array<{ path: string; input: ShareImageInput }> };
  rmSync(dirname(list), { recursive: true, force: true });
  let drawn = 0;
  let next = 0;
  const used = new Set<string>();
  const worker = async () => {
    while (next < images.length) {
      const { path, input } = images[next++]!;
      const { file, cached } = await cachedShareImageFile(input, cacheDir);
      if (!cached) drawn++;
      used.add(basename(file));
      const target = join(distDir, path);
      mkdirSync(dirname(target), { recursive: true });
      placeFile(file, target);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DRAW_CONCURRENCY, images.length) }, worker));
  const pruned = pruneShareImageCache(cacheDir, used);
  logger.info(
    `Teilen-Bilder: ${images.length} in og/ (${drawn} neu gezeichnet, ${images.length - drawn} aus dem Cache` +
      `${pruned > 0 ? `, ${pruned} alte aus dem Cache entfernt` : ""}) (${Math.round(performance.now() - started)} ms)`,
  );
  return { images: images.length, drawn };
}
