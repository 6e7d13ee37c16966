// The demo blog's configuration: everything a blog owner changes to make the site theirs.
// Environment variables override the deploy-specific parts (SITE_URL, BASE_PATH,
// NEWSLETTER_*, RESEND_SEGMENT_ID; see README). All options: README, "Konfiguration".
import { defineConfig } from "rundbrief/config";

export default defineConfig({
  title: "Rundbrief",
  description:
    "Praxisnahe Tipps für Beraterinnen, Berater und Agenturen: Verträge, Statusberichte und der gute Umgang mit Kunden.",
  author: "Rundbrief-Redaktion",
  url: "https://rundbrief.example.de",
  // The sample imprint values are examples to replace.
  imprint: {
    name: "Beispiel Beratung GmbH (Beispielangabe, bitte ersetzen)",
    address: ["Musterstraße 1 (Beispiel)", "10115 Berlin"],
    email: "kontakt@example.de",
  },
  newsletter: {
    since: "2026-11-01",
    from: "Rundbrief <brief@example.de>",
    replyTo: "kontakt@example.de",
    // A post's campaign goes out at 07:30 after publication; until shortly before, every run can still change it.
    sendTime: "07:30",
  },
  // Related posts stand under every article; here they go into the newsletter too.
  email: { relatedPosts: true },
});
