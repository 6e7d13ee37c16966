/**
 * `rundbrief subscribers import` as a blog owner runs it, the real CLI as a child process
 * against the fake Resend (rate limit off): a Mailchimp-shaped ZIP of 10,000 rows and a
 * German mapped CSV with mixed consent states. The dry run counts; --apply subscribes
 * exactly the proven addresses; a crash in the middle of the re-confirmation mails, then
 * a rerun, asks every unproven address exactly once; a third run changes nothing; a lost
 * answer of the bulk import, then a rerun, duplicates nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SECRET_KEY, spawnCli, type CliRun } from "./fake-resend/scenario.ts";
import { SEGMENT_ID, startFakeResend, type FakeContact, type FakeResend } from "./fake-resend/server.ts";
import { GERMAN_MAP, germanExport, mailchimpExport } from "./support/import-fixtures.ts";

let fake: FakeResend;
let dir: string;
const runs: CliRun[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rundbrief-import-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.stop();
  for (const run of runs) expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET_KEY);
  runs.length = 0;
});

function env(): Record<string, string> {
  return {
    RESEND_API_KEY: SECRET_KEY,
    RESEND_BASE_URL: fake.url,
    RESEND_SEGMENT_ID: SEGMENT_ID,
    RESEND_MIN_INTERVAL_MS: "0",
    RESEND_TIMEOUT_MS: "60000",
    SUBSCRIBE_SECRET: "import-test-secret-0123456789-abcdefghijkl",
    SITE_URL: "https://blog.example.de",
  };
}

function cli(args: string[]) {
  const running = spawnCli(["subscribers", "import", ...args], env());
  void running.done.then((run) => runs.push(run));
  return running;
}

async function importRun(args: string[]): Promise<CliRun> {
  return cli(args).done;
}

function byEmail(): Map<string, FakeContact> {
  return new Map(fake.contacts().map((c) => [c.email, c]));
}

function mailsByAddress(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of fake.emails()) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe("subscribers import from Mailchimp", () => {
  it("plans, imports only proven addresses, survives a crash mid-reconfirm and asks each unproven address once", async () => {
    fake = await startFakeResend({ apiKey: SECRET_KEY, rateLimit: null });
    const { zip, expected } = mailchimpExport(10_000);
    const file = join(dir, "mailchimp.zip");
    writeFileSync(file, zip);

    // Already at Resend: one in the segment, one who unsubscribed there, one outside the
    // segment with a newer consent of its own, one outside without any.
    const [inSegment, unsubscribedThere, newer, bare] = expected.proven;
    fake.addContact(inSegment!, { segments: [SEGMENT_ID] });
    fake.addContact(unsubscribedThere!, { unsubscribed: true });
    fake.addContact(newer!, { properties: { consent_at: "2026-12-01T10:00:00.000Z" } });
    fake.addContact(bare!);
    fake.addContact("fremd@example.de", { segments: [SEGMENT_ID] });
    const seeded = 5;

    const plan = await importRun([file, "--from", "mailchimp", "--reconfirm"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("10.000 Zeilen gelesen");
    expect(plan.stdout).toMatch(/5\.996 +neu, mit Nachweis/);
    expect(plan.stdout).toMatch(/1\.000 +neu, ohne Nachweis.*einmal um Bestätigung gebeten/);
    expect(plan.stdout).toMatch(/1 +schon im Newsletter-Segment/);
    expect(plan.stdout).toMatch(/2 +bei Resend, nicht im Segment, mit Nachweis/);
    expect(plan.stdout).toMatch(/1 +bei Resend abgemeldet/);
    expect(plan.stdout).toMatch(/1\.000 +in der Datei abgemeldet/);
    expect(plan.stdout).toMatch(/1\.000 +in der Datei bereinigt/);
    expect(plan.stdout).toMatch(/500 +doppelt/);
    expect(plan.stdout).toMatch(/500 +ungültig/);
    expect(plan.stdout).toContain(
      "subscribed_members_export_1a2b3c.csv, Zeile 9, Spalte „Email Address“: „kaputt9@@example.org“ ist keine gültige E-Mail-Adresse.",
    );
    expect(plan.stdout).toContain("… und 980 weitere");
    expect(fake.contacts()).toHaveLength(seeded);
    expect(fake.emails()).toHaveLength(0);

    const all = await importRun([file, "--from", "mailchimp", "--all-errors"]);
    expect(all.stdout.split("\n").filter((line) => /, Zeile \d+/.test(line))).toHaveLength(1_000);

    // Crash: the 301st re-confirmation mail goes out, its answer never comes, the process is killed.
    fake.fault({ route: "POST /emails", kind: "hang", effect: "after", skip: 300 });
    const crashed = cli([file, "--from", "mailchimp", "--apply", "--reconfirm"]);
    await new Promise<void>((resolve) => {
      const check = () => (fake.emails().length >= 301 ? resolve() : setTimeout(check, 20));
      check();
    });
    crashed.child.kill("SIGKILL");
    const killed = await crashed.done;
    expect(killed.signal).toBe("SIGKILL");
    expect(fake.emails()).toHaveLength(301);

    const resumed = await importRun([file, "--from", "mailchimp", "--apply", "--reconfirm"]);
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
    expect(resumed.stdout).toContain("unterbrochene Bitte um Bestätigung abgeschlossen");
    expect(resumed.stdout).toContain("699 um Bestätigung gebeten");

    const contacts = byEmail();
    const mails = mailsByAddress();
    for (const email of expected.proven) {
      const contact = contacts.get(email)!;
      if (email === unsubscribedThere) {
        expect(contact.unsubscribed).toBe(true);
        expect(contact.segmentIds.has(SEGMENT_ID)).toBe(false);
        continue;
      }
      expect(contact.unsubscribed, email).toBe(false);
      expect(contact.segmentIds.has(SEGMENT_ID), email).toBe(true);
      if (email === inSegment) continue;
      if (email === newer) expect(contact.properties.consent_at).toBe("2026-12-01T10:00:00.000Z");
      else {
        expect(contact.properties.consent_page).toBe("import:mailchimp");
        expect(contact.properties.consent_import_file).toBe("mailchimp.zip");
        expect(contact.properties.consent_import_sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(contact.properties.consent_at).toMatch(/^2021-/);
        expect(contact.properties.consent_requested_at).toMatch(/^2021-/);
        expect(contact.properties.consent_confirm_ip).toMatch(/^198\.51\.100\./);
      }
    }
    for (const email of expected.unproven) {
      const contact = contacts.get(email)!;
      expect(contact.unsubscribed, email).toBe(true);
      expect(contact.segmentIds.size, email).toBe(0);
      expect(contact.properties.reconfirm_sent_at, email).toBeTruthy();
      expect(mails.get(email), email).toBe(1);
    }
    for (const email of [...expected.unsubscribed, ...expected.cleaned]) expect(contacts.has(email)).toBe(false);
    expect(fake.emails()).toHaveLength(expected.unproven.length);
    const reconfirmMail = fake.emails()[0]!;
    expect(reconfirmMail.html).toContain("https://blog.example.de/api/confirm?token=v1.");
    const subscribed = fake.contacts().filter((c) => !c.unsubscribed && c.segmentIds.has(SEGMENT_ID));
    expect(subscribed).toHaveLength(expected.proven.length - 1 + 1);

    // A third run finds everything done: no write, no mail.
    const before = fake.requests.length;
    const again = await importRun([file, "--from", "mailchimp", "--apply", "--reconfirm"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("0 um Bestätigung gebeten");
    const writes = fake.requests.slice(before).filter((r) => r.method !== "GET");
    expect(writes).toEqual([]);
    expect(fake.emails()).toHaveLength(expected.unproven.length);
  });
});

describe("subscribers import from a mapped CSV", () => {
  it("reads a German Excel export and a lost answer of the bulk import, then a rerun, duplicates nothing", async () => {
    fake = await startFakeResend({ apiKey: SECRET_KEY, rateLimit: null });
    const { csv, expected } = germanExport(2_000);
    const file = join(dir, "cleverreach.csv");
    writeFileSync(file, csv);

    const missingMap = await importRun([file, "--from", "csv"]);
    expect(missingMap.code).toBe(2);
    expect(missingMap.stderr).toContain("--from csv braucht --map");
    const wrongColumn = await importRun([file, "--from", "csv", "--map", 'email="Mail"']);
    expect(wrongColumn.code).toBe(2);
    expect(wrongColumn.stderr).toContain(
      "cleverreach.csv: die Spalte „Mail“ (email) fehlt in der Kopfzeile. Vorhanden: „E-Mail“",
    );

    fake.fault({ route: "POST /contacts/imports", kind: "drop", effect: "after" });
    const lost = await importRun([file, "--from", "csv", "--map", GERMAN_MAP, "--apply"]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain("Erneut ausführen ist sicher");
    expect(fake.contacts()).toHaveLength(expected.proven.length);

    const rerun = await importRun([file, "--from", "csv", "--map", GERMAN_MAP, "--apply"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/1\.400 +schon im Newsletter-Segment/);
    expect(rerun.stdout).toMatch(/400 +neu, ohne Nachweis/);
    expect(fake.imports()).toHaveLength(1);
    expect(fake.contacts()).toHaveLength(expected.proven.length);
    const contact = byEmail().get(expected.proven[1]!)!;
    // 01.06.2022 01:00 in Berlin (the demo blog's zone) is 23:00 UTC the day before.
    expect(contact.properties.consent_at).toBe("2022-05-31T23:00:00.000Z");
    expect(contact.properties.consent_form_version).toBe("import");
    expect(fake.emails()).toHaveLength(0);
  });
});

describe("subscribers import on an account without Resend's bulk import", () => {
  it("creates the proven addresses one by one, says why, and a rerun changes nothing", async () => {
    fake = await startFakeResend({ apiKey: SECRET_KEY, rateLimit: null, contactImports: false });
    const { zip, expected } = mailchimpExport(40, "s");
    const file = join(dir, "mailchimp-single.zip");
    writeFileSync(file, zip);
    const [existing] = expected.proven;
    fake.addContact(existing!, { unsubscribed: true });

    const first = await importRun([file, "--from", "mailchimp", "--apply"]);
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toContain(
      "Neue Adressen einzeln angelegt: Resend lehnt den Sammelimport ab (POST /contacts/imports: 403",
    );
    expect(first.stdout).toContain(`${expected.proven.length - 1} Kontakte angelegt und abonniert (einzeln angelegt`);
    const contacts = byEmail();
    expect(contacts.get(existing!)!.unsubscribed).toBe(true);
    expect(contacts.get(existing!)!.segmentIds.size).toBe(0);
    for (const email of expected.proven.slice(1)) {
      const contact = contacts.get(email)!;
      expect(contact.unsubscribed, email).toBe(false);
      expect(contact.segmentIds.has(SEGMENT_ID), email).toBe(true);
      expect(contact.properties.consent_page).toBe("import:mailchimp");
      expect(contact.properties.consent_import_sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const email of [...expected.unproven, ...expected.unsubscribed, ...expected.cleaned])
      expect(contacts.has(email)).toBe(false);

    const before = fake.requests.length;
    const again = await importRun([file, "--from", "mailchimp", "--apply"]);
    expect(again.code, again.stderr).toBe(0);
    expect(fake.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("subscribers import of a CSV without an unsubscribed column", () => {
  it("plans with a warning, refuses --apply, and imports with --nur-angemeldete", async () => {
    fake = await startFakeResend({ apiKey: SECRET_KEY, rateLimit: null });
    const file = join(dir, "brevo.csv");
    writeFileSync(file, "EMAIL;DOUBLE_OPT-IN\r\naktiv@example.de;2024-03-05 14:03\r\nbounce@example.de;2023-01-02 10:00\r\n");
    const map = ["--map", 'email="EMAIL",confirmed_at="DOUBLE_OPT-IN"'];

    const plan = await importRun([file, "--from", "csv", ...map]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("ACHTUNG: Die Datei hat keine Spalte für Abmeldungen (--map unsubscribed=…)");

    const refused = await importRun([file, "--from", "csv", ...map, "--apply"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Nicht importiert: Die Datei hat keine Spalte für Abmeldungen");
    expect(refused.stderr).toContain("--nur-angemeldete");
    expect(fake.contacts()).toHaveLength(0);

    const confirmed = await importRun([file, "--from", "csv", ...map, "--apply", "--nur-angemeldete"]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(
      fake
        .contacts()
        .map((c) => c.email)
        .sort(),
    ).toEqual(["aktiv@example.de", "bounce@example.de"]);
  });
});
