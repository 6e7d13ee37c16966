/**
 * Cloudflare Pages Function for every path under /api/: the packaged signup handler with
 * this blog's config. Cloudflare picks up the functions/ folder when the project is
 * deployed with `npx wrangler pages deploy dist` (or a Pages Git build with output
 * folder dist); see docs/subscribe.md.
 */
import { createPagesFunction } from "rundbrief/subscribe";
import config from "../../rundbrief.config.ts";

export const onRequest = createPagesFunction(config);
