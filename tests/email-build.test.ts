/**
 * Builds the real site from fixture posts and checks the newsletter artifacts the send
 * script will read: manifest, HTML and text, images, sizes, and builds that must fail.
 */
import { newsletterOutputDir } from "../src/lib/routes.ts";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { checkUrls, CLIP_BYTES, WARN_BYTES } from "../src/lib/email/gates.ts";
import { loadHtml } from "../src/lib/email/html.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../src/lib/absolute-urls.ts";
import { parseManifest, type Manifest } from "../src/lib/newsletter/manifest.ts";
import { buildSite, CLI, type BuildResult } from "./support/build-site.ts";

const FIXTURES = join(import.meta.dirname, "fixtures/email-posts");
const SITE = "https://brief.example.org/blog";
const ENV = { SITE_URL: SITE, BUILD_NOW: "2026-11-28T12:00:00+01:00", NEWSLETTER_SINCE: "2026-10-01" };
const MAILED = ["alle-komponenten", "langer-artikel", "mit-titelbild"];
const NEVER_MAILED = ["entwurf", "zukunft", "ohne-newsletter", "vor-dem-stichtag"];

describe("newsletter artifacts of a fixture build", () => {
  let build: BuildResult;
  let manifest: Manifest;
  const dir = () => newsletterOutputDir(build.outDir);
  const html = (id: string) => readFileSync(join(dir(), `${id}.html`), "utf8");
  const text = (id: string) => readFileSync(join(dir(), `${id}.txt`), "utf8");

  beforeAll(async () => {
    build = await buildSite(join(FIXTURES, "gueltig"), ENV);
    if (build.code !== 0) throw new Error(`Build fehlgeschlagen:\n${build.stdout}\n${build.stderr}`);
    manifest = parseManifest(readFileSync(join(dir(), "manifest.json"), "utf8"), "manifest.json");
  });

  it("lists exactly the mailable posts, oldest first, and writes files for nothing else", () => {
    expect(manifest.campaigns.map((post) => post.id)).toEqual(["langer-artikel", "mit-titelbild", "alle-komponenten"]);
    expect(manifest.site).toBe(`${SITE}/`);
    expect(manifest.since).toBe("2026-10-01T00:00:00+02:00");
    const files = readdirSync(dir()).sort();
    expect(files).toEqual(["manifest.json", ...MAILED.flatMap((id) => [`${id}.html`, `${id}.txt`])].sort());
    for (const id of NEVER_MAILED) expect(files.some((file) => file.startsWith(id))).toBe(false);
  });

  it("describes each email truthfully: subject, preview text, URL, offset date, size and checksum", () => {
    const hero = manifest.campaigns.find((post) => post.id === "mit-titelbild")!;
    expect(hero.subject).toBe("Betreff, der vom Titel abweicht");
    expect(hero.url).toBe(`${SITE}/artikel/eigener-pfad/`);
    expect(hero.publishedAt).toBe("2026-11-12T09:30:00+01:00");
    for (const post of manifest.campaigns) {
      const bytes = readFileSync(join(dir(), post.html));
      expect(post.htmlBytes).toBe(bytes.length);
      expect(post.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(existsSync(join(dir(), post.text))).toBe(true);
    }
  });

  it("renders each email once per build", () => {
    for (const id of MAILED) expect(build.stdout.split(`[newsletter] ${id}: E-Mail gerendert`).length - 1).toBe(1);
  });

  it("keeps every email under Gmail's clipping size and warns about the long one", () => {
    for (const post of manifest.campaigns) expect(post.htmlBytes).toBeLessThan(CLIP_BYTES);
    const long = manifest.campaigns.find((post) => post.id === "langer-artikel")!;
    expect(long.htmlBytes).toBeGreaterThan(WARN_BYTES);
    expect(`${build.stdout}${build.stderr}`).toMatch(/langer-artikel: E-Mail ist \d+\.\d KB groß \(Warnschwelle 80 KB/);
  });

  it("uses only absolute https URLs on the site (or mailto and the unsubscribe placeholder)", () => {
    for (const id of MAILED) {
      expect(checkUrls(html(id)).errors).toEqual([]);
      const $ = loadHtml(html(id));
      const urls = [
        ...$("[href]")
          .map((_, el) => $(el).attr("href"))
          .get(),
        ...$("[src]")
          .map((_, el) => $(el).attr("src"))
          .get(),
      ];
      for (const url of urls)
        expect(url.startsWith(`${SITE}/`) || url.startsWith("mailto:") || url === UNSUBSCRIBE_PLACEHOLDER).toBe(true);
    }
    const links = loadHtml(html("alle-komponenten"))("a")
      .map((_, el) => loadHtml(html("alle-komponenten"))(el).attr("href"))
      .get();
    expect(links).toEqual(
      expect.arrayContaining([
        `${SITE}/impressum/`,
        `${SITE}/artikel/langer-artikel/`,
        `${SITE}/artikel/alle-komponenten/#tabelle`,
        "mailto:kontakt@example.de",
        UNSUBSCRIBE_PLACEHOLDER,
      ]),
    );
  });

  it("converts every image to PNG or JPEG of at most 1200 px, with alt and width, and the file exists", async () => {
    const seen: string[] = [];
    for (const id of MAILED) {
      const $ = loadHtml(html(id));
      for (const element of $("img").toArray()) {
        const image = $(element);
        const src = image.attr("src")!;
        expect(image.attr("alt")?.trim()).toBeTruthy();
        expect(Number(image.attr("width"))).toBeGreaterThan(0);
        expect(Number(image.attr("width"))).toBeLessThanOrEqual(552);
        expect(src).toMatch(/\.(png|jpe?g)$/);
        const file = join(build.outDir, new URL(src).pathname.slice("/blog".length));
        const meta = await sharp(file).metadata();
        expect(["png", "jpeg"]).toContain(meta.format);
        expect(meta.width).toBeLessThanOrEqual(1200);
        seen.push(`${image.attr("alt")}: ${meta.format} ${meta.width}`);
      }
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        "Großes Foto: ein Farbverlauf von Blau nach Gelb: jpeg 1200",
        "Diagramm als WebP, das in der E-Mail zu PNG wird: png 800",
        "Kleines Symbol, das nicht vergrößert wird: png 240",
        "Ein Farbverlauf von Blau nach Gelb: jpeg 1200",
      ]),
    );
    for (const id of MAILED) expect(html(id)).not.toMatch(/\.(webp|avif|svg)\b/);
  });

  it("renders every component as a table-based email version, plus table, code, quote and lists", () => {
    const $ = loadHtml(html("alle-komponenten"));
    expect($("table.callout td.callout-tip")).toHaveLength(2);
    expect($("table.callout td.callout-checklist li")).toHaveLength(3);
    expect($("table.callout td.callout-example").text()).toContain("Guten Tag Frau Özdemir");
    expect(
      $(".callout-title")
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(["Tipp mit & und Ümlaut", "Tipp", "Vor dem Versand", "Beispiel-Mail"]);
    expect($("table.md-table tr")).toHaveLength(4);
    expect($("table.md-table").text()).toContain("<Begleitung>");
    expect($("table.code-block pre").text()).toContain("// Eine <Komponente /> im Codeblock ist Text");
    expect($("blockquote")).toHaveLength(1);
    expect($("ol > li")).toHaveLength(2);
    expect($("aside, figure, .box")).toHaveLength(0);
    expect($("code").first().text()).toBe("<Unsichtbar />");
  });

  it("escapes the title with &, <, quotes and umlauts and is a German email with preheader, imprint and unsubscribe link", () => {
    const source = html("alle-komponenten");
    const $ = loadHtml(source);
    const title = `Preise & Pakete: <Angebote> mit "Zitaten", „Anführungszeichen“ und Größe`;
    expect($("title").text()).toBe(title);
    expect($("h1").text()).toBe(title);
    expect(source).toContain("<title>Preise &amp; Pakete: &lt;Angebote&gt; mit");
    expect(source).toMatch(/<h1 [^>]*>Preise &amp; Pakete: &lt;Angebote&gt; mit/);
    expect(source).not.toContain("<Angebote>");
    expect($("html").attr("lang")).toBe("de");
    expect($(".preheader").text()).toContain("Vorschautext mit & und <Klammern>");
    expect($(".browser-link").text()).toBe("Im Browser lesen");
    expect($(".browser-link").attr("href")).toBe(`${SITE}/artikel/alle-komponenten/`);
    expect($(`a[href="${UNSUBSCRIBE_PLACEHOLDER}"]`)).toHaveLength(1);
    expect($(".imprint").text()).toContain("Beispiel Beratung GmbH");
    expect(source).toContain("<!--[if mso]>");
  });

  it("writes a readable text part: title, links as URLs, the table in columns, no markup", () => {
    const plain = text("alle-komponenten");
    expect(plain).toContain(`Preise & Pakete: <Angebote> mit "Zitaten"`);
    expect(plain).toContain(`Impressum [${SITE}/impressum/]`);
    expect(plain).toMatch(/^Paket +Umfang +Preis$/m);
    expect(plain).toMatch(/^Plus +Zwei Workshops & Bericht +2\.400 €$/m);
    expect(plain).toContain("[Bild: Großes Foto: ein Farbverlauf von Blau nach Gelb]");
    expect(plain.replace(/\s+/g, " ")).toContain(`Newsletter abbestellen [${UNSUBSCRIBE_PLACEHOLDER}]`);
    expect(plain).not.toMatch(/<(?:p|td|table|span|a)\b/);
    for (const id of MAILED) expect(text(id).length).toBeGreaterThan(200);
  });
});

describe("builds the gates must stop", () => {
  it("fails on a component without an email version, naming the post and the component", async () => {
    const build = await buildSite(join(FIXTURES, "unbekannte-komponente"), ENV);
    const output = `${build.stdout}\n${build.stderr}`;
    expect(build.code).not.toBe(0);
    expect(output).toContain("mit-unbekannter-komponente");
    expect(output).toContain("<Hinweisbox>");
  });

  it("fails on an http link and a WebP image with the file and line `check` names, before the email is rendered", async () => {
    const dir = join(FIXTURES, "kaputte-adressen");
    const expected = [
      "unsichere-adressen.mdx:7: Link „http://alt.example.org/seite“ nutzt http statt https",
      "unsichere-adressen.mdx:9: Bild „/grafik.webp“ (webp) ist kein PNG oder JPEG",
    ];
    const build = await buildSite(dir, ENV);
    const output = `${build.stdout}\n${build.stderr}`;
    expect(build.code).not.toBe(0);
    for (const line of expected) expect(output).toContain(line);
    const check = await buildSite(dir, ENV, [CLI, "check"]);
    expect(check.code).toBe(1);
    for (const line of expected) expect(check.stderr).toContain(line);
  });

  it("fails on active HTML, an image from another server and one without alt text, naming file and line, before anything is rendered", async () => {
    const build = await buildSite(join(FIXTURES, "aktive-inhalte"), ENV);
    const output = `${build.stdout}\n${build.stderr}`;
    expect(build.code).not.toBe(0);
    expect(output).toContain("mit-aktiven-inhalten.mdx:9: <script> ist nicht erlaubt");
    expect(output).toContain("mit-aktiven-inhalten.mdx:11: <iframe> ist nicht erlaubt");
    expect(output).toContain("mit-aktiven-inhalten.mdx:13: Bild von einem fremden Server (tracker.example.org)");
    // By its source path and line, not by the URL the build would have given it.
    expect(output).toContain(
      "mit-aktiven-inhalten.mdx:15: Bild „./bilder/ohne-beschreibung.png“ hat keinen Alternativtext. So schreiben: ![",
    );
    expect(output).not.toContain("mit-aktiven-inhalten.mdx:7:");
  });

  it("fails on a heroImage that does not exist with the message `check` gives, naming post file and line", async () => {
    const dir = join(FIXTURES, "fehlendes-titelbild");
    const message = "ohne-titelbild.mdx:5: heroImage „./bilder/titel.jpg“: diese Datei gibt es nicht.";
    const build = await buildSite(dir, ENV);
    expect(build.code).not.toBe(0);
    expect(`${build.stdout}\n${build.stderr}`).toContain(message);
    expect(`${build.stdout}\n${build.stderr}`).not.toContain("ImageNotFound");
    const check = await buildSite(dir, ENV, [CLI, "check"]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(message);
  });
});
