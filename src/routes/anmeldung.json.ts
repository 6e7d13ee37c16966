/**
 * anmeldung.json: what the signup function reads from the built site (src/lib/subscribe/assets.ts):
 * the consent texts of every version and the rendered welcome mail. Public by design:
 * every subscriber sees all of it.
 */
import type { APIRoute } from "astro";
import { consent } from "virtual:rundbrief/config";
import { getWelcomeMail } from "../data/emails.ts";
import type { SignupAssets } from "../lib/subscribe/assets.ts";

export const GET: APIRoute = async () => {
  const assets: SignupAssets = { format: 1, consent, welcome: await getWelcomeMail() };
  return new Response(`${JSON.stringify(assets)}\n`, { headers: { "Content-Type": "application/json" } });
};
