/**
 * `rundbrief subscribers` as a blog owner runs it, against the fake Resend: the export
 * read back and compared with what Resend holds (pages, unsubscribed contacts, a contact
 * of another segment, quoting, formulas, a 429 waited out), the consent record of a
 * confirmed subscriber as Markdown and as printable HTML in Chromium, and delete: gone
 * at Resend, a second delete finds nothing, no delete without a terminal or --yes.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseResendTime } from "../src/lib/newsletter/broadcast.ts";
import { launchBrowser } from "../scripts/lib/browser.ts";
import { FIXED_COLUMNS } from "../scripts/lib/subscribers-csv.ts";
import { PROJECT_ROOT, SECRET_KEY, spawnCli, type CliRun } from "./fake-resend/scenario.ts";
import { SEGMENT_ID, startFakeResend, type FakeContact, type FakeResend } from "./fake-resend/server.ts";
import { parseCsv } from "./support/csv.ts";

let fake: FakeResend;
let dir: string;
const runs: CliRun[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rundbrief-subscribers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.stop();
  for (const run of runs) expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET_KEY);
  runs.length = 0;
});

async function startFake(): Promise<FakeResend> {
  fake = await startFakeResend({ apiKey: SECRET_KEY, rateLimit: { requests: 2, windowMs: 40 } });
  return fake;
}

function env(): Record<string, string> {
  return {
    RESEND_API_KEY: SECRET_KEY,
    RESEND_BASE_URL: fake.url,
    RESEND_SEGMENT_ID: SEGMENT_ID,
    RESEND_MIN_INTERVAL_MS: "20",
    RESEND_TIMEOUT_MS: "3000",
  };
}

async function subscribers(args: string[], extra: Record<string, string> = {}, cli?: string): Promise<CliRun> {
  const run = await spawnCli(["subscribers", ...args], { ...env(), ...extra }, cli).done;
  runs.push(run);
  return run;
}

/** A subscriber who confirmed through the form. */
function confirmed(email: string, minutes: number, extra: Record<string, string> = {}, segments = [SEGMENT_ID]): FakeContact {
  const requested = new Date(Date.UTC(2026, 11, 1, 8, 0) + minutes * 60_000);
  return fake.addContact(email, {
    segments,
    properties: {
      consent_requested_at: requested.toISOString(),
      consent_at: new Date(requested.getTime() + 95_000).toISOString(),
      consent_form_version: "2026-11-28",
      consent_page: `/artikel/beitrag-${minutes % 5}/`,
      ...extra,
    },
  });
}

describe("subscribers export", () => {
  it("writes every contact of the segment over several pages, as Resend holds them, to a private file", async () => {
    await startFake();
    const other = fake.addSegment("Kundinnen");
    for (let i = 0; i < 140; i++) {
      const contact =
        i % 11 === 0
          ? fake.addContact(`import${i}@example.de`, { segments: [SEGMENT_ID] })
          : confirmed(`leser${i}@example.de`, i, i % 13 === 0 ? { welcome_sent_at: "2026-12-01T09:00:00.000Z" } : {});
      if (i % 7 === 0) contact.unsubscribed = true;
    }
    confirmed("beide@example.de", 500, { notiz: 'Grüße aus Köln, "Messe"\nzweite Zeile' }, [SEGMENT_ID, other]);
    confirmed("formel@example.de", 501, { notiz: '=HYPERLINK("http://böse.example")' });
    confirmed("fremd@example.de", 502, {}, [other]);

    const file = join(dir, "abonnenten.csv");
    const run = await subscribers(["export", "--csv", file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("… 100 Kontakte gelesen");
    expect(run.stderr).toContain("… 142 Kontakte gelesen");
    expect(run.stderr).toContain("… Einwilligungsdaten von 100 von 142 Kontakten gelesen");
    const members = fake.contacts().filter((c) => c.segmentIds.has(SEGMENT_ID));
    const unsubscribed = members.filter((c) => c.unsubscribed).length;
    expect(run.stderr).toContain(
      `142 Kontakte des Segments „Newsletter“ (${142 - unsubscribed} angemeldet, ${unsubscribed} abgemeldet) nach ${file} geschrieben`,
    );
    expect(run.stderr).toContain("13 davon ohne vollständigen Einwilligungsnachweis");
    expect(fake.calls("GET /segments/:id/contacts")).toBe(2);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...FIXED_COLUMNS, "notiz"]);
    expect(rows.map((row) => row[1]).sort()).toEqual(members.map((c) => c.id).sort());
    for (const row of rows) {
      const contact = members.find((c) => c.id === row[1])!;
      const p = contact.properties as Record<string, string | undefined>;
      expect(row).toEqual([
        contact.email,
        contact.id,
        contact.unsubscribed ? "abgemeldet" : "angemeldet",
        parseResendTime(contact.created_at)!.toISOString(),
        p.consent_requested_at ?? "",
        p.consent_at ?? "",
        p.consent_form_version ?? "",
        p.consent_page ?? "",
        p.welcome_sent_at ?? "",
        p.notiz === undefined ? "" : p.notiz.startsWith("=") ? `'${p.notiz}` : p.notiz,
      ]);
    }
    expect(rows.some((row) => row[0] === "fremd@example.de")).toBe(false);
    expect(rows.find((row) => row[0] === "beide@example.de")?.[9]).toBe('Grüße aus Köln, "Messe"\nzweite Zeile');

    const again = await subscribers(["export", "--csv", file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("existiert schon. Mit --force wird die Datei überschrieben.");
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("prints the CSV without BOM to stdout, waits out a 429, and overwrites only with --force", async () => {
    await startFake();
    for (let i = 0; i < 5; i++) confirmed(`leser${i}@example.de`, i);
    fake.fault({ route: "GET /contacts/:id", kind: "status", status: 429, retryAfterSeconds: 1, skip: 2 });
    const started = Date.now();
    const run = await subscribers(["export"]);
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    // The scripted 429 (the fake's own rate limiter may add more, equally waited out).
    expect(fake.requests.filter((r) => r.status === 429 && !r.rateLimited)).toHaveLength(1);
    const rows = parseCsv(run.stdout);
    expect(run.stdout.startsWith("\uFEFF")).toBe(false);
    expect(rows).toHaveLength(6);
    expect(rows.slice(1).map((row) => row[0])).toEqual([4, 3, 2, 1, 0].map((i) => `leser${i}@example.de`));

    const file = join(dir, "alt.csv");
    writeFileSync(file, "alt", { mode: 0o644 });
    const forced = await subscribers(["export", "--csv", file, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(parseCsv(readFileSync(file, "utf8"))).toEqual(rows);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("ships in the built package (lib/cli.js)", async () => {
    await startFake();
    confirmed("leserin@example.de", 1);
    const run = await subscribers(["export"], {}, join(PROJECT_ROOT, "lib/cli.js"));
    expect(run.code, run.stderr).toBe(0);
    expect(parseCsv(run.stdout)[1]?.[0]).toBe("leserin@example.de");
  });
});

describe("subscribers show", () => {
  it("prints the consent record of a confirmed subscriber in German, with the wording of the form", async () => {
    await startFake();
    const contact = confirmed("anna@example.de", 0, { welcome_sent_at: "2026-12-01T08:02:00.000Z" });
    const run = await subscribers(["show", "Anna@Example.de"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const md = run.stdout;
    expect(md).toMatch(/^# Nachweis der Einwilligung \(Double-Opt-in\)\n/);
    expect(md).toContain("| E-Mail-Adresse | anna@example.de |");
    expect(md).toContain(`| Kontakt-ID bei Resend | ${contact.id} |`);
    expect(md).toContain("| Status | angemeldet (erhält den Newsletter) |");
    expect(md).toContain("| Anmeldung angefordert | 01.12.2026, 09:00:00 Uhr (Europe/Berlin) · 2026-12-01T08:00:00.000Z (UTC) |");
    expect(md).toContain("| Anmeldung bestätigt | 01.12.2026, 09:01:35 Uhr (Europe/Berlin) · 2026-12-01T08:01:35.000Z (UTC) |");
    expect(md).toContain("| Seite der Anmeldung | /artikel/beitrag-0/ (https://rundbrief.example.de/artikel/beitrag-0/) |");
    expect(md).toContain("| Formularversion | 2026-11-28 |");
    expect(md).toContain("| Willkommensmail verschickt | 01.12.2026, 09:02:00 Uhr");
    expect(md).toContain("> Ich möchte den Newsletter erhalten und habe die Datenschutzerklärung gelesen.");
    expect(md).toMatch(/Erstellt am \d\d\.\d\d\.\d{4}, .* mit „rundbrief subscribers show“/);
    expect(md).not.toContain("Achtung");
  });

  it("prints a printable HTML document that Chromium shows without loading anything", async () => {
    await startFake();
    confirmed("anna@example.de", 0, { notiz: "<img src=x onerror=alert(1)>" });
    const run = await subscribers(["show", "anna@example.de", "--html"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/);
    expect(run.stdout).toContain("&lt;img src=x onerror=alert(1)&gt;");

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.setContent(run.stdout, { waitUntil: "load" });
      expect(await page.locator("h1").textContent()).toBe("Nachweis der Einwilligung (Double-Opt-in)");
      expect(await page.locator("th").allTextContents()).toContain("Anmeldung bestätigt");
      expect(await page.locator("blockquote").first().textContent()).toContain("Datenschutzerklärung gelesen");
      expect(await page.locator("img").count()).toBe(0);
      await page.emulateMedia({ media: "print" });
      expect(await page.evaluate(() => getComputedStyle(document.body).marginTop)).toBe("0px");
      expect((await page.pdf({ format: "A4" })).length).toBeGreaterThan(1000);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("warns in the record when a contact has no consent stored", async () => {
    await startFake();
    fake.addContact("import@example.de", { segments: [SEGMENT_ID], unsubscribed: true });
    const run = await subscribers(["show", "import@example.de"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("> **Achtung:** Kein Nachweis gespeichert");
    expect(run.stdout).toContain("| Status | abgemeldet (erhält keine Newsletter mehr) |");
    expect(run.stderr).toContain("Achtung, der Nachweis ist unvollständig: ein Hinweis im Dokument.");
  });

  it("says when an address is unknown, or stored but outside the newsletter's segment (exit 1)", async () => {
    await startFake();
    confirmed("fremd@example.de", 0, {}, [fake.addSegment("Kundinnen")]);
    const unknown = await subscribers(["show", "niemand@example.de"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Zu niemand@example.de gibt es bei Resend keinen Kontakt");
    const outside = await subscribers(["show", "fremd@example.de"]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("ist bei Resend gespeichert");
    expect(outside.stderr).toContain("aber nicht im Segment „Newsletter“");
    expect(outside.stdout).toBe("");
  });
});

describe("subscribers delete", () => {
  it("removes the contact at Resend, says what went, and a second delete finds nothing", async () => {
    await startFake();
    const anna = confirmed("anna@example.de", 0);
    confirmed("bleibt@example.de", 1);
    const run = await subscribers(["delete", "anna@example.de", "--yes"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Bei Resend gelöscht:");
    expect(run.stdout).toContain("E-Mail-Adresse:        anna@example.de");
    expect(run.stdout).toContain(`Kontakt-ID:            ${anna.id}`);
    expect(run.stdout).toContain("Rundbrief hat nichts davon gespeichert.");
    expect(fake.contacts().map((c) => c.email)).toEqual(["bleibt@example.de"]);
    expect(fake.calls("DELETE /contacts/:id")).toBe(1);

    const again = await subscribers(["delete", "anna@example.de", "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      "Zu anna@example.de gibt es bei Resend keinen Kontakt (nicht oder nicht mehr vorhanden): nichts zu löschen.\n",
    );
    expect(fake.calls("DELETE /contacts/:id")).toBe(1);
  });

  it("refuses without --yes when nobody can answer, before asking Resend (exit 2)", async () => {
    await startFake();
    confirmed("anna@example.de", 0);
    const run = await subscribers(["delete", "anna@example.de"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Löschen braucht eine Bestätigung");
    expect(run.stderr).toContain("rundbrief subscribers delete anna@example.de --yes");
    expect(fake.calls()).toBe(0);
    expect(fake.contacts()).toHaveLength(1);
  });

  it("leaves a contact of another segment alone (exit 1)", async () => {
    await startFake();
    confirmed("fremd@example.de", 0, {}, [fake.addSegment("Kundinnen")]);
    const run = await subscribers(["delete", "fremd@example.de", "--yes"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("aber nicht im Segment „Newsletter“");
    expect(fake.contacts()).toHaveLength(1);
  });
});

describe("subscribers: mistakes before any request (exit 2)", () => {
  it.each<[string, string[], Record<string, string>, string]>([
    ["an unknown subcommand", ["liste"], {}, "Unbekannter Unterbefehl „liste“: erwartet show, export oder delete."],
    ["no address", ["show"], {}, "Welche Adresse? Bitte angeben: rundbrief subscribers show <adresse>"],
    ["an invalid address", ["delete", "anna(at)example.de", "--yes"], {}, "„anna(at)example.de“ ist keine E-Mail-Adresse"],
    ["no key", ["export"], { RESEND_API_KEY: "" }, "RESEND_API_KEY ist nicht gesetzt"],
    ["no segment", ["export"], { RESEND_SEGMENT_ID: "" }, "RESEND_SEGMENT_ID ist nicht gesetzt"],
  ])("%s", async (_case, args, extra, message) => {
    await startFake();
    const run = await subscribers(args, extra);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(fake.calls()).toBe(0);
  });

  it("a segment id Resend does not know", async () => {
    await startFake();
    const run = await subscribers(["export"], { RESEND_SEGMENT_ID: "00000000-0000-4000-8000-000000000000" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Das Segment 00000000-0000-4000-8000-000000000000 gibt es bei Resend nicht.");
  });

  it("a rejected key, without showing it", async () => {
    await startFake();
    const run = await subscribers(["export"], { RESEND_API_KEY: "re_Wrong_K3y_abcdef123456" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RESEND_API_KEY wird abgelehnt");
    expect(run.stderr).not.toContain("re_Wrong_K3y_abcdef123456");
  });
});
