// Die Einstellungen Ihres Blogs. Alle Optionen stehen in der README unter „Konfiguration“.
import { defineConfig } from "rundbrief/config";

export default defineConfig({
  title: "Mein Blog",
  description: "Praxistipps für die Zusammenarbeit mit Kundinnen und Kunden.",
  author: "Erika Mustermann",
  // Die öffentliche Adresse; Vorschau-Deploys setzen SITE_URL.
  url: "https://blog.example.de",
  // Pflicht in Deutschland (§ 5 DDG): bitte durch Ihre Angaben ersetzen.
  imprint: {
    name: "Erika Mustermann Beratung (Beispielangabe, bitte ersetzen)",
    address: ["Musterstraße 1", "10115 Berlin"],
    email: "kontakt@example.de",
  },
  newsletter: {
    // Nur Artikel ab diesem Tag werden je verschickt: das Archiv nie.
    since: "2026-12-01",
    // Die Domain muss bei Resend verifiziert sein.
    from: "Mein Blog <brief@example.de>",
    replyTo: "kontakt@example.de",
    // Versand um 7:30 Uhr nach der Veröffentlichung (bis 10 Minuten vorher noch änderbar).
    sendTime: "07:30",
    // Statt einer Mail pro Artikel montags eine Übersicht der Woche (dann ohne Einzelversand):
    // digest: { every: "week", on: "monday", at: "07:30" },
  },
});
