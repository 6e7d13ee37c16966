import type { APIRoute } from "astro";
import { getShareImageList } from "../../data/share-images.ts";

/**
 * The build's list of share images: the integration's last step draws what the cache
 * lacks, copies every PNG into dist/og/ and removes this file (src/integration/share-images.ts).
 */
export const GET: APIRoute = async () =>
  new Response(JSON.stringify({ images: await getShareImageList() }), { headers: { "Content-Type": "application/json" } });
