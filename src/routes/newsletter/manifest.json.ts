/** newsletter/manifest.json (moved to dist-newsletter/ after the build): what the send script reads instead of the MDX (schema in src/lib/newsletter/manifest.ts). */
import type { APIRoute } from "astro";
import { getManifest } from "../../data/emails.ts";

/** Serves the manifest, validated against the schema before it is written. */
export const GET: APIRoute = async () =>
  new Response(`${JSON.stringify(await getManifest(), null, 2)}\n`, { headers: { "Content-Type": "application/json" } });
