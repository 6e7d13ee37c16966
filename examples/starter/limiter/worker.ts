// Der Zähler für die Anmeldelimits: ein eigener kleiner Worker, weil ein Pages-Projekt
// keine Durable Objects definieren kann. Das Pages-Projekt bindet ihn als SIGNUP_LIMITER;
// dann gelten die Limits für alle Instanzen der Anmelde-Funktion. Einrichtung:
// `npx wrangler deploy` in diesem Ordner (siehe README, „Newsletter-Anmeldung“).
export { SignupLimiter } from "rundbrief/cloudflare";

// Der Worker selbst beantwortet nichts; er ist nur das Zuhause des Durable Objects.
export default {
  fetch: (): Response => new Response(null, { status: 404 }),
};
