// Die Newsletter-Anmeldung (Double-Opt-in) als Cloudflare Pages Function unter /api/.
import { createPagesFunction } from "rundbrief/subscribe";
import config from "../../rundbrief.config.ts";

export const onRequest = createPagesFunction(config);
