import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNAL_FILE, appendJournal, type JournalEntry } from "./journal.ts";

const entry = (event: JournalEntry["event"]): JournalEntry => ({
  at: "2026-12-01T12:00:00.000Z",
  event,
  postId: "eins",
  broadcastId: "b1",
  broadcastName: "post:eins",
  sha256: "a".repeat(64),
  publishedAt: "2026-11-30T08:00:00+01:00",
});

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
