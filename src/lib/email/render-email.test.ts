import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_EMAIL_CLIENTS, TEMPLATE_ALLOWED_FEATURES } from "../../config.ts";
import { ui } from "../i18n.ts";
import { loadHtml } from "./html.ts";
import { emailGateError, renderEmail, type EmailPost, type EmailSite } from "./render-email.ts";

const aSite = (overrides: Partial<EmailSite> = {}): EmailSite => ({
  title: "Rundbrief",
  lang: "de",
  locale: "de-DE",
  timeZone: "Europe/Berlin",
  location: { url: "https://blog.example.de", base: "/blog" },
  homeUrl: "https://blog.example.de/blog/",
  imprint: { name: "Muster GmbH", address: ["Hauptstraße 5", "10115 Berlin"], email: "kontakt@example.de" },
  imprintUrl: "https://blog.example.de/blog/impressum/",
  privacyUrl: "https://blog.example.de/blog/datenschutz/",
  gates: {
    clients: DEFAULT_EMAIL_CLIENTS,
    allowedFeatures: TEMPLATE_ALLOWED_FEATURES,
    imageHosts: { site: "blog.example.de", allowed: [] },
  },
  strings: ui.de.email,
  ...overrides,
});

const aPost = (overrides: Partial<EmailPost> = {}): EmailPost => ({
  id: "mein-artikel",
  title: "Mein Artikel",
  description: "Worum es geht.",
  url: "https://blog.example.de/blog/artikel/mein-artikel/",
  pubDate: new Date("2026-11-20T00:00:00+01:00"),
  bodyHtml: `<h2>Teil</h2><p>Siehe <a href="/impressum/">Impressum</a> und <a href="../anderer/">den anderen</a>.</p><p><img src="/blog/_astro/a.png" alt="A" width="552"></p>`,
  ...overrides,
});

describe("renderEmail", () => {
  const email = renderEmail(aPost(), aSite());

  it("passes every gate for an ordinary post", () => {
    expect(email.errors).toEqual([]);
    expect(email.warnings).toEqual([]);
  });

  it("inlines the layout CSS and keeps only media queries and Outlook.com rules in <style>", () => {
    const $ = loadHtml(email.html);
    expect($(".content p").first().attr("style")).toContain("margin: 0 0 18px");
    const blocks = $("style")
      .map((_, element) => $(element).text())
      .get();
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain("@media (prefers-color-scheme: dark)");
    expect(blocks[1]).toContain("[data-ogsc]");
    expect(blocks.join("")).not.toContain(".content p { margin");
  });

  it("rewrites the post's links and images to absolute URLs under the base path", () => {
    expect(email.html).toContain(`href="https://blog.example.de/blog/impressum/"`);
    expect(email.html).toContain(`href="https://blog.example.de/blog/artikel/anderer/"`);
    expect(email.html).toContain(`src="https://blog.example.de/blog/_astro/a.png"`);
    expect(email.html).not.toContain("utm_");
  });

  it("reports size and checksum of exactly the HTML it returns", () => {
    expect(email.htmlBytes).toBe(Buffer.byteLength(email.html, "utf8"));
    expect(email.sha256).toBe(createHash("sha256").update(email.html).digest("hex"));
  });

  it("writes a text part with the title and links", () => {
    expect(email.text).toContain("Mein Artikel");
    expect(email.text).toContain("Impressum [https://blog.example.de/blog/impressum/]");
  });

  it("keeps an author's merge tags as text in HTML and text part, and only the footer's unsubscribe tag live", () => {
    const withTags = renderEmail(
      aPost({
        title: "Was {{{contact.first_name}}} bewirkt",
        description: "Über {{{RESEND_UNSUBSCRIBE_URL}}}",
        bodyHtml: "<p>Schreiben Sie <code>{{{contact.first_name}}}</code> oder {{ contact.email }}.</p>",
      }),
      aSite(),
    );
    for (const part of [withTags.html, withTags.text]) {
      expect(part).not.toMatch(/\{\{\{?\s*contact\./);
      expect(part.match(/\{\{\{RESEND_UNSUBSCRIBE_URL\}\}\}/g) ?? []).toHaveLength(1);
    }
    expect(withTags.html.replaceAll("\u2060", "")).toContain(">{{{contact.first_name}}}</code>");
    expect(withTags.text.replaceAll("\u2060", "")).toContain("Schreiben Sie {{{contact.first_name}}} oder");
  });

  it("adds UTM parameters to links into the site when configured", () => {
    const tagged = renderEmail(aPost(), aSite({ utm: { source: "newsletter", medium: "email" } }));
    expect(tagged.html).toContain("impressum/?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=mein-artikel");
  });

  it("reports what the gates find", () => {
    const broken = renderEmail(
      aPost({ bodyHtml: `<p><a href="http://example.org/">alt</a><img src="/x.webp" width="5"></p>` }),
      aSite(),
    );
    expect(broken.errors.join("\n")).toMatch(/http statt https/);
    expect(broken.errors.join("\n")).toMatch(/Alternativtext/);
    expect(broken.errors.join("\n")).toMatch(/webp/);
  });
});

describe("emailGateError", () => {
  it("is undefined for a clean email", () => {
    expect(emailGateError("x", { errors: [] })).toBeUndefined();
  });

  it("names the post and lists each finding", () => {
    const error = emailGateError("mein-artikel", { errors: ["Erstens.", "Zweitens."] });
    expect(error?.message).toBe(
      "Newsletter für Beitrag „mein-artikel“ kann so nicht verschickt werden:\n  - Erstens.\n  - Zweitens.",
    );
  });
});

describe("related posts in the email", () => {
  it("lists them with absolute links after the call to action, and nothing without them", () => {
    const related = [
      { title: "Preise & Pakete", url: "https://blog.example.de/artikel/preise/" },
      { title: "Der Wochenbericht", url: "https://blog.example.de/artikel/wochenbericht/" },
    ];
    const email = renderEmail(aPost({ related }), aSite());
    expect(email.errors).toEqual([]);
    expect(email.html).toContain("<h2 style=");
    expect(email.html).toMatch(
      /Verwandte Artikel[\s\S]*href="https:\/\/blog\.example\.de\/artikel\/preise\/"[^>]*>Preise &amp; Pakete</,
    );
    expect(email.text).toContain("Der Wochenbericht [https://blog.example.de/artikel/wochenbericht/]");
    expect(renderEmail(aPost(), aSite()).html).not.toContain("Verwandte Artikel");
  });
});
