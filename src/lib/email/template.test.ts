import { describe, expect, it } from "vitest";
import { ui } from "../i18n.ts";

const t = ui.de;
import { renderEmailTemplate, type EmailTemplateInput } from "./template.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../absolute-urls.ts";

const anInput = (overrides: Partial<EmailTemplateInput> = {}): EmailTemplateInput => ({
  lang: "de",
  siteTitle: "Rundbrief",
  homeUrl: "https://b.de/",
  title: `Preise & <Pakete> "genau"`,
  preheader: "Worum es geht & warum <jetzt>",
  browserUrl: "https://b.de/artikel/preise/",
  dateline: t.email.publishedOn("28. November 2026"),
  bodyHtml: "<p>Inhalt</p>",
  cta: { label: t.email.readOnSite, url: "https://b.de/artikel/preise/" },
  imprint: { name: "Muster GmbH", address: ["Hauptstraße 5", "10115 Berlin"], email: "kontakt@example.de" },
  imprintUrl: "https://b.de/impressum/",
  privacyUrl: "https://b.de/datenschutz/",
  strings: t.email,
  ...overrides,
});

describe("renderEmailTemplate", () => {
  const html = renderEmailTemplate(anInput());

  it("declares German and escapes the title everywhere", () => {
    expect(html).toContain(`<html lang="de"`);
    expect(html).toContain("<title>Preise &amp; &lt;Pakete&gt; &quot;genau&quot;</title>");
    expect(html).toContain(`<h1 class="title">Preise &amp; &lt;Pakete&gt; &quot;genau&quot;</h1>`);
    expect(html).not.toContain("<Pakete>");
  });

  it("hides the preheader, taken from the description", () => {
    expect(html).toMatch(
      /<div class="preheader" style="display:none;[^"]*mso-hide:all;">Worum es geht &amp; warum &lt;jetzt&gt;/,
    );
  });

  it("wraps the 600 px column for Outlook", () => {
    expect(html).toContain(`<!--[if mso]><table role="presentation" width="600"`);
    expect(html).toContain("<!--[if mso]></td></tr></table><![endif]-->");
    expect(html).toContain("max-width: 600px");
  });

  it("has a dark-mode block for Apple Mail and Outlook.com", () => {
    expect(html).toContain("@media (prefers-color-scheme: dark)");
    expect(html).toContain("[data-ogsc]");
    expect(html).toContain("[data-ogsb]");
    expect(html).toContain(`<meta name="color-scheme" content="light dark">`);
  });

  it("links to the post, shows the site name, the imprint, the reason and the unsubscribe placeholder", () => {
    expect(html).toContain(`<a class="browser-link" href="https://b.de/artikel/preise/">Im Browser lesen</a>`);
    expect(html).toContain(`<a class="site-name" href="https://b.de/">Rundbrief</a>`);
    expect(html).toContain("Muster GmbH<br>Hauptstraße 5<br>10115 Berlin");
    expect(html).toContain("weil Sie den Newsletter von Rundbrief abonniert haben");
    expect(html).toContain(`<a href="${UNSUBSCRIBE_PLACEHOLDER}">Newsletter abbestellen</a>`);
    expect(html).toContain(`href="https://b.de/impressum/"`);
    expect(html).toContain("Veröffentlicht am 28. November 2026");
  });

  it("shows a hero image only when there is one", () => {
    expect(html).not.toContain(`class="hero`);
    const withHero = renderEmailTemplate(
      anInput({ hero: { src: "/_astro/h.jpeg", alt: `Ein "Bild" & mehr`, width: 552, height: 300 } }),
    );
    expect(withHero).toContain(`<img src="/_astro/h.jpeg" alt="Ein &quot;Bild&quot; &amp; mehr" width="552" height="300"`);
  });
});
