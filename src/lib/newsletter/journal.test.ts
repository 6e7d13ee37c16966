import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNAL_FILE, appendJournal, journalEntry, journalLine, type JournalEntry } from "./journal.ts";

const fields = (event: JournalEntry["event"]): Omit<JournalEntry, "at"> => ({
  event,
  kind: "post",
  id: "eins",
  broadcastId: "b1",
  broadcastName: "post:eins",
  sha256: "a".repeat(64),
  publishedAt: "2026-11-30T08:00:00+01:00",
});
const entry = (event: JournalEntry["event"]): JournalEntry => journalEntry(fields(event), new Date("2026-12-01T12:00:00Z"));

describe("appendJournal", () => {
  it("creates the folder and appends one JSON line per entry", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "journal-")), "nested", ".newsletter");
    const file = await appendJournal(dir, entry("created"));
    await appendJournal(dir, entry("sent"));
    expect(file).toBe(join(dir, JOURNAL_FILE));
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.map((line) => (JSON.parse(line) as JournalEntry).event)).toEqual(["created", "sent"]);
  });
});

describe("journalEntry", () => {
  it("puts the time first and the fields in a fixed order", () => {
    const line = journalLine(journalEntry({ ...fields("sent"), note: "x" }, new Date("2026-12-01T12:00:00Z")));
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      "at",
      "event",
      "kind",
      "id",
      "broadcastId",
      "broadcastName",
      "sha256",
      "publishedAt",
      "note",
    ]);
  });
});
