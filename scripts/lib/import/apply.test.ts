import { describe, expect, it } from "vitest";
import type { CallResult, ResendFailure } from "../../../src/lib/resend-call.ts";
import { join } from "node:path";
import { loadConsentSet } from "../../../src/lib/subscribe/consent-files.ts";
import type { SubscribeConfig } from "../../../src/lib/subscribe/config.ts";
import { applyImport, reconfirmIdempotencyKey, type ApplyOptions, type ReconfirmSettings } from "./apply.ts";
import { CATEGORIES, type Category, type ImportPlan } from "./plan.ts";
import type { BulkImport, ImportContact, ImportPort } from "./resend-port.ts";
import type { ImportCandidate } from "./rows.ts";

const SEGMENT = "seg-news";
const NOW = Date.parse("2026-12-10T12:00:00.000Z");
const ORIGIN = { source: "mailchimp" as const, fileName: "export.zip", sha256: "a".repeat(64) };

function failure(statusCode: number | null, name: string, message: string, kind: ResendFailure["kind"]): ResendFailure {
  return {
    kind,
    statusCode,
    name,
    message,
    field: null,
    effect: kind === "server" || kind === "network" ? "unknown" : "not-applied",
    operation: "test",
  };
}

interface MemoryContact extends ImportContact {
  segments: Set<string>;
}

/** Resend in memory: contacts, segment, idempotent sends (same key, other body: 409), scripted refusals. */
class MemoryResend implements ImportPort {
  contacts = new Map<string, MemoryContact>();
  mails: Array<{ to: string; key: string; text: string }> = [];
  private keys = new Map<string, string>();
  writes: string[] = [];
  bulk = true;
  importStatus: BulkImport["status"] = "completed";
  /** Addresses whose next create takes effect but loses its answer. */
  loseCreate = new Set<string>();
  /** Contacts that appear at Resend right before the import reads them (a signup meanwhile). */
  appearing = new Map<string, MemoryContact>();
  private requests = 0;

  add(email: string, contact: Partial<MemoryContact> = {}): void {
    this.contacts.set(email, { unsubscribed: false, properties: {}, segments: new Set(), ...contact });
  }
  async listContacts() {
    return { ok: true as const, value: [] };
  }
  async getContact(email: string): Promise<CallResult<ImportContact | null>> {
    this.requests += 1;
    const appearing = this.appearing.get(email);
    if (appearing) {
      this.contacts.set(email, appearing);
      this.appearing.delete(email);
    }
    const contact = this.contacts.get(email);
    return { ok: true, value: contact ? { unsubscribed: contact.unsubscribed, properties: { ...contact.properties } } : null };
  }
  async ensureProperties() {
    return { ok: true as const, value: [] };
  }
  async runningImports() {
    return { ok: true as const, value: [] };
  }
  async startImport(csv: string): Promise<CallResult<{ id: string }>> {
    this.requests += 1;
    if (!this.bulk)
      return {
        ok: false,
        failure: failure(403, "restricted", "Contact imports are only available to a limited number of users.", "auth"),
      };
    this.writes.push("import");
    const [header, ...rows] = csv.trim().split("\r\n");
    const keys = header!.split(",");
    for (const row of rows) {
      const values = row.split(",");
      if (this.contacts.has(values[0]!)) continue;
      const properties = Object.fromEntries(
        keys
          .slice(1)
          .map((key, i) => [key, values[i + 1]!])
          .filter(([, v]) => v),
      );
      this.add(values[0]!, { properties, segments: new Set([SEGMENT]) });
    }
    return { ok: true, value: { id: "imp-1" } };
  }
  async getImport(id: string): Promise<CallResult<BulkImport>> {
    return { ok: true, value: { id, status: this.importStatus, counts: null } };
  }
  async createContact(input: {
    email: string;
    unsubscribed: boolean;
    properties: Record<string, string>;
    segments?: readonly string[];
  }): Promise<CallResult<{ id: string }>> {
    this.requests += 1;
    this.writes.push(`create ${input.email}`);
    if (this.contacts.has(input.email)) throw new Error(`duplicate create of ${input.email}`);
    this.add(input.email, {
      unsubscribed: input.unsubscribed,
      properties: { ...input.properties },
      segments: new Set(input.segments ?? []),
    });
    if (this.loseCreate.delete(input.email))
      return { ok: false, failure: failure(null, "application_error", "socket hang up", "network") };
    return { ok: true, value: { id: input.email } };
  }
  async setProperties(email: string, properties: Record<string, string>): Promise<CallResult<{ id: string }>> {
    this.requests += 1;
    this.writes.push(`set ${email} ${Object.keys(properties).join(",")}`);
    Object.assign(this.contacts.get(email)!.properties, properties);
    return { ok: true, value: { id: email } };
  }
  async addToSegment(email: string, segmentId: string): Promise<CallResult<null>> {
    this.contacts.get(email)!.segments.add(segmentId);
    return { ok: true, value: null };
  }
  async sendEmail(email: { to: string; text: string }, key: string): Promise<CallResult<{ id: string }>> {
    this.requests += 1;
    const body = JSON.stringify(email);
    const seen = this.keys.get(key);
    if (seen !== undefined && seen !== body)
      return {
        ok: false,
        failure: failure(
          409,
          "invalid_idempotent_request",
          "Same idempotency key used with a different request payload.",
          "conflict",
        ),
      };
    if (seen === undefined) {
      this.keys.set(key, body);
      this.mails.push({ to: email.to, key, text: email.text });
    }
    return { ok: true, value: { id: key } };
  }
  /** Marks `key` as used for a mail whose body is unknown here (sent by an earlier run). */
  sentBefore(email: string, body = "earlier"): void {
    this.keys.set(reconfirmIdempotencyKey(email), body);
  }
  requestCount(): number {
    return this.requests;
  }
}

let row = 1;
function candidate(email: string, proven: boolean): ImportCandidate {
  row += 1;
  return {
    email,
    status: "subscribed",
    proof: proven
      ? { confirmedAt: "2021-01-01T00:05:00.000Z", optinAt: "2021-01-01T00:00:00.000Z", confirmIp: "198.51.100.1", optinIp: null }
      : null,
    unproven: proven ? null : "kein Zeitpunkt der Bestätigung (CONFIRM_TIME)",
    fileIndex: 0,
    file: "export.zip: subscribed_members_export_1.csv",
    row,
  };
}

function plan(byCategory: Partial<Record<Category, ImportCandidate[]>>): ImportPlan {
  const all = Object.fromEntries(CATEGORIES.map((c) => [c, byCategory[c] ?? []])) as Record<Category, ImportCandidate[]>;
  const candidates = Object.values(all).flat();
  return {
    scan: {
      rows: candidates.length,
      candidates,
      bad: [],
      badCount: 0,
      ignoredFiles: [],
      duplicates: 0,
      invalid: 0,
      sha256: ORIGIN.sha256,
      files: [],
    },
    checkedAtResend: true,
    byCategory: all,
  };
}

function reconfirmSettings(version = "2026-11-28"): ReconfirmSettings {
  const config = {
    secret: "import-test-secret-0123456789-abcdefghijkl",
    confirmUrl: "https://blog.example.de/api/confirm",
    siteTitle: "Blog",
    siteUrl: "https://blog.example.de",
    from: "Blog <news@example.de>",
    replyTo: null,
    imprint: { name: "Beispiel", address: ["Straße 1", "10115 Berlin"], email: "kontakt@example.de" },
  } as unknown as SubscribeConfig;
  // The project's own consent text, under another version name when a test needs the wording to have changed.
  const current = loadConsentSet(join(import.meta.dirname, "../../../consent"), "de").current;
  const consent = { ...current, version };
  return { config, consent };
}

async function run(port: MemoryResend, importPlan: ImportPlan, extra: Partial<ApplyOptions> = {}) {
  const lines: string[] = [];
  let now = NOW;
  const result = await applyImport({
    plan: importPlan,
    port,
    segmentId: SEGMENT,
    origin: ORIGIN,
    reconfirm: null,
    reporter: { line: (text) => lines.push(text), progress: () => undefined, finishProgress: () => undefined },
    now: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
    },
    ...extra,
  });
  return { result, lines };
}

describe("new proven addresses without Resend's bulk import", () => {
  it("creates each one subscribed in the segment with its proof, leaves existing contacts alone and never creates twice", async () => {
    const port = new MemoryResend();
    port.bulk = false;
    const [a, b, c] = [candidate("a@example.de", true), candidate("b@example.de", true), candidate("c@example.de", true)];
    // b signed up after the plan was made; c's create takes effect but its answer is lost.
    port.appearing.set("b@example.de", { unsubscribed: true, properties: { consent_at: "x" }, segments: new Set() });
    port.loseCreate.add("c@example.de");
    const { result, lines } = await run(port, plan({ "new-proven": [a, b, c] }));
    expect(result.failure).toBeNull();
    expect(result.createdVia).toBe("single");
    expect(result.created).toBe(2);
    expect(result.skippedByResend).toBe(1);
    expect(lines.join("\n")).toContain(
      "Neue Adressen einzeln angelegt: Resend lehnt den Sammelimport ab (POST /contacts/imports: 403",
    );
    expect(lines.join("\n")).toContain("Beta");
    const created = port.contacts.get("a@example.de")!;
    expect(created.unsubscribed).toBe(false);
    expect([...created.segments]).toEqual([SEGMENT]);
    expect(created.properties).toMatchObject({
      consent_at: "2021-01-01T00:05:00.000Z",
      consent_page: "import:mailchimp",
      consent_import_sha256: ORIGIN.sha256,
    });
    expect(port.contacts.get("b@example.de")).toMatchObject({ unsubscribed: true, properties: { consent_at: "x" } });
    expect(port.writes).toEqual(["create a@example.de", "create c@example.de"]);

    // A rerun finds everything there: no write.
    port.writes.length = 0;
    const again = await run(port, plan({ "new-proven": [a, b, c] }));
    expect(again.result.skippedByResend).toBe(3);
    expect(port.writes).toEqual([]);
  });

  it("gives up waiting for a bulk import that does not finish, with a German note", async () => {
    const port = new MemoryResend();
    port.importStatus = "in_progress";
    const { result } = await run(port, plan({ "new-proven": [candidate("d@example.de", true)] }));
    expect(result.incomplete).toBe(true);
    expect(result.notes.join("\n")).toContain("nach 30 Minuten noch nicht fertig");
  });
});

describe("re-confirmation after a crash", () => {
  it("finishes every interrupted request, also one behind an address another import asked", async () => {
    const port = new MemoryResend();
    const [x, y, z] = [candidate("x@example.de", false), candidate("y@example.de", false), candidate("z@example.de", false)];
    // x: created by the crashed run, its mail never went out. y: asked and marked by an earlier import of another file.
    port.add("x@example.de", {
      unsubscribed: true,
      properties: {
        reconfirm_requested_at: new Date(NOW - 3_600_000).toISOString(),
        reconfirm_source: `import:mailchimp:${ORIGIN.sha256}`,
      },
    });
    port.add("y@example.de", {
      unsubscribed: true,
      properties: {
        reconfirm_requested_at: "2026-11-01T10:00:00.000Z",
        reconfirm_sent_at: "2026-11-01T10:00:01.000Z",
        reconfirm_source: "import:csv:" + "b".repeat(64),
      },
    });
    const { result, lines } = await run(port, plan({ "resend-unsubscribed": [x, y], "new-unproven": [z] }), {
      reconfirm: reconfirmSettings(),
    });
    expect(result.failure).toBeNull();
    expect(result.reconfirmResumed).toBe(1);
    expect(result.reconfirmSent).toBe(1);
    expect(port.mails.map((m) => m.to)).toEqual(["x@example.de", "z@example.de"]);
    expect(port.contacts.get("x@example.de")!.properties.reconfirm_sent_at).toBe(new Date(NOW).toISOString());
    expect(port.contacts.get("z@example.de")!.properties.reconfirm_source).toBe(`import:mailchimp:${ORIGIN.sha256}`);
    expect(lines.some((line) => line.includes("unterbrochene Bitte um Bestätigung abgeschlossen"))).toBe(true);
  });

  it("marks a request unclear instead of aborting when the mail can no longer be the same (409), and goes on", async () => {
    const port = new MemoryResend();
    const [x, z] = [candidate("x@example.de", false), candidate("z@example.de", false)];
    port.add("x@example.de", {
      unsubscribed: true,
      properties: { reconfirm_requested_at: new Date(NOW - 3_600_000).toISOString() },
    });
    // The crashed run sent x its mail with the consent version of then; the version changed since.
    port.sentBefore("x@example.de", "mail of consent version 2026-01-01");
    const { result, lines } = await run(port, plan({ "resend-unsubscribed": [x], "new-unproven": [z] }), {
      reconfirm: reconfirmSettings("2026-11-28"),
    });
    expect(result.failure).toBeNull();
    expect(result.reconfirmUnclear).toBe(1);
    expect(port.contacts.get("x@example.de")!.properties.reconfirm_sent_at).toBe("unklar");
    expect(lines.join("\n")).toMatch(/lässt sich nicht unverändert wiederholen .*; sie wird nicht wiederholt\./);
    expect(port.mails.map((m) => m.to)).toEqual(["z@example.de"]);

    // Once unclear, never asked again.
    const again = await run(port, plan({ "resend-unsubscribed": [x, candidate("z@example.de", false)] }), {
      reconfirm: reconfirmSettings("2026-11-28"),
    });
    expect(again.result.reconfirmUnclear + again.result.reconfirmResumed).toBe(0);
    expect(port.mails).toHaveLength(1);
  });

  it("does not ask an address that reached Resend after the plan was made", async () => {
    const port = new MemoryResend();
    port.appearing.set("late@example.de", { unsubscribed: true, properties: {}, segments: new Set() });
    const { result, lines } = await run(port, plan({ "new-unproven": [candidate("late@example.de", false)] }), {
      reconfirm: reconfirmSettings(),
    });
    expect(result.reconfirmSent).toBe(0);
    expect(result.reconfirmSkipped).toBe(1);
    expect(port.mails).toEqual([]);
    expect(port.writes).toEqual([]);
    expect(lines.join("\n")).toContain("inzwischen bei Resend (abgemeldet); nicht um Bestätigung gebeten");
  });
});
