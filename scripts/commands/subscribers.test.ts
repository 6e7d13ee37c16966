/**
 * `rundbrief subscribers` around an in-memory Resend: what only a terminal shows (the
 * question before a delete, the progress bar) and the checks before any request.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CallResult, ResendFailure } from "../../src/lib/resend-call.ts";
import type { ProgressSink } from "../lib/progress.ts";
import type { SubscriberContact, SubscribersPort } from "../lib/subscribers-resend.ts";
import { runSubscribers, type SubscribersTerminal } from "./subscribers.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const KEY = "re_Unit_S3cret_abcdef";
const SEGMENT = "seg-newsletter";

function contact(email: string, overrides: Partial<SubscriberContact> = {}): SubscriberContact {
  return {
    id: `id-${email}`,
    email,
    unsubscribed: false,
    createdAt: "2026-12-01T08:00:00.000Z",
    firstName: null,
    lastName: null,
    properties: { consent_at: "2026-12-01T08:15:30.000Z", consent_form_version: "2026-11-28" },
    ...overrides,
  };
}

const notFound = (operation: string): ResendFailure => ({
  kind: "not-found",
  statusCode: 404,
  name: "not_found",
  message: "Not found",
  field: null,
  effect: "not-applied",
  operation,
});

/** An in-memory segment; `deleted` records what was removed. */
function memoryPort(contacts: SubscriberContact[], failWith?: ResendFailure) {
  const store = new Map(contacts.map((c) => [c.id, c]));
  const deleted: string[] = [];
  const ok = <T>(value: T): CallResult<T> => ({ ok: true, value });
  const port: SubscribersPort = {
    getSegment: async (id) =>
      failWith
        ? { ok: false, failure: failWith }
        : id === SEGMENT
          ? ok({ id, name: "Newsletter" })
          : { ok: false, failure: notFound("GET /segments/{id}") },
    getContact: async (key) => ok([...store.values()].find((c) => c.id === key || c.email === key) ?? null),
    contactSegments: async () => ok([SEGMENT]),
    listSegmentContacts: async (_id, onPage) => {
      onPage?.(store.size);
      return ok([...store.values()].map((c) => ({ ...c, properties: null })));
    },
    removeContact: async (id) => {
      deleted.push(id);
      return ok(store.delete(id) ? ("removed" as const) : ("gone" as const));
    },
    requestCount: () => 0,
  };
  return { port, deleted };
}

async function run(
  argv: string[],
  options: { port?: SubscribersPort; interactive?: boolean; answer?: string; env?: Record<string, string>; tty?: boolean } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const raw: string[] = [];
  const progress: string[] = [];
  const asked: string[] = [];
  let created = 0;
  const sink: ProgressSink = { isTTY: options.tty ?? false, columns: 80, write: (text) => progress.push(text) };
  const terminal: SubscribersTerminal = {
    stdout: (text) => raw.push(text),
    progress: sink,
    interactive: options.interactive ?? false,
    ask: async (question) => {
      asked.push(question);
      return options.answer ?? "";
    },
  };
  const code = await runSubscribers(
    argv,
    {
      cwd: ROOT,
      env: { RESEND_API_KEY: KEY, RESEND_SEGMENT_ID: SEGMENT, ...options.env },
      io: { out: (text) => out.push(text), err: (text) => err.push(text) },
    },
    {
      terminal,
      createPort: () => {
        created += 1;
        return options.port ?? memoryPort([]).port;
      },
      now: () => new Date("2026-12-05T12:00:00.000Z"),
    },
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), raw: raw.join(""), progress: progress.join(""), asked, created };
}

describe("subscribers delete on a terminal", () => {
  it("shows what goes, asks, and deletes nothing on „nein“", async () => {
    const { port, deleted } = memoryPort([contact("anna@example.de")]);
    const result = await run(["delete", "anna@example.de"], { port, interactive: true, answer: "nein" });
    expect(result.asked).toEqual(["Wirklich löschen? (ja/nein) "]);
    expect(result.stderr).toContain("Dieser Kontakt wird bei Resend gelöscht");
    expect(result.stderr).toContain("E-Mail-Adresse:        anna@example.de");
    expect(result.stderr).toContain("Abgebrochen – nichts gelöscht.");
    expect(result.code).toBe(1);
    expect(deleted).toEqual([]);
  });

  it.each(["ja", "JA", " j "])("deletes on „%s“ and prints what was removed", async (answer) => {
    const { port, deleted } = memoryPort([contact("anna@example.de")]);
    const result = await run(["delete", "anna@example.de"], { port, interactive: true, answer });
    expect(result.code).toBe(0);
    expect(deleted).toEqual(["id-anna@example.de"]);
    expect(result.stdout).toMatch(/^Bei Resend gelöscht:\n {2}E-Mail-Adresse: +anna@example.de/);
    expect(result.stdout).toContain("Rundbrief hat nichts davon gespeichert.");
  });

  it("asks nothing with --yes", async () => {
    const { port, deleted } = memoryPort([contact("anna@example.de")]);
    const result = await run(["delete", "anna@example.de", "--yes"], { port, interactive: true });
    expect(result.asked).toEqual([]);
    expect(deleted).toHaveLength(1);
  });
});

describe("subscribers export on a terminal", () => {
  it("draws a progress bar on stderr and writes the CSV to stdout", async () => {
    const { port } = memoryPort([contact("anna@example.de"), contact("bernd@example.de", { unsubscribed: true })]);
    const result = await run(["export"], { port, tty: true });
    expect(result.code).toBe(0);
    expect(result.progress).toContain("\r\x1b[2K[");
    expect(result.progress).toMatch(/\[█+\] … Einwilligungsdaten von 2 von 2 Kontakten gelesen/);
    expect(result.raw.split("\r\n")[0]).toMatch(/^email,id,status,/);
    expect(result.raw.startsWith("\uFEFF")).toBe(false);
    expect(result.stderr).toContain("2 Kontakte des Segments „Newsletter“ (1 angemeldet, 1 abgemeldet) ausgegeben.");
  });
});

describe("subscribers: checks before any request", () => {
  it("names the missing key and segment, and makes no port", async () => {
    const result = await run(["export"], { env: { RESEND_API_KEY: "", RESEND_SEGMENT_ID: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Konfiguration unvollständig – es wurde nichts bei Resend angefragt:");
    expect(result.stderr).toContain("RESEND_API_KEY ist nicht gesetzt");
    expect(result.stderr).toContain("RESEND_SEGMENT_ID ist nicht gesetzt");
    expect(result.created).toBe(0);
  });

  it("refuses a delete nobody can confirm before asking Resend", async () => {
    const result = await run(["delete", "anna@example.de"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("rundbrief subscribers delete anna@example.de --yes");
    expect(result.created).toBe(0);
  });

  it("says when the segment does not exist at Resend", async () => {
    const result = await run(["show", "anna@example.de"], { env: { RESEND_SEGMENT_ID: "seg-falsch" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Das Segment seg-falsch gibt es bei Resend nicht.");
  });

  it("never prints the key, even where Resend's message repeats it", async () => {
    const { port } = memoryPort([], {
      kind: "auth",
      statusCode: 403,
      name: "invalid_api_key",
      message: `API key ${KEY} is invalid`,
      field: null,
      effect: "not-applied",
      operation: "GET /segments/{id}",
    });
    const result = await run(["export"], { port });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("RESEND_API_KEY wird abgelehnt");
    expect(result.stderr).not.toContain(KEY);
  });
});
