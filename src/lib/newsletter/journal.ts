/**
 * The audit trail: every broadcast a run creates, sends or deletes becomes one JSON line
 * in `.newsletter/journal.jsonl` and the same line in the output, so a CI log alone
 * shows what went out when.
 */
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { CampaignKind } from "./manifest.ts";

/**
 * created/sent/deleted: broadcasts; canceled: a scheduled broadcast taken back to draft
 * (to update or withdraw it); updated: its content replaced; test-sent: a `--test` email.
 */
export type JournalEvent = "created" | "sent" | "canceled" | "updated" | "deleted" | "test-sent";

/** One line of the journal. */
export interface JournalEntry {
  /** When the run recorded it (ISO 8601). */
  at: string;
  event: JournalEvent;
  /** post, edition or digest, and its id (the digest's period key). */
  kind: CampaignKind;
  id: string;
  /** Broadcast id, or the email id for test-sent. */
  broadcastId: string;
  broadcastName: string;
  /** sha256 of the email HTML that went into the broadcast; null when none did (a withdrawal). */
  sha256: string | null;
  /** When the content became public (a post's pubDate, an edition's send time); a withdrawal's send time. */
  publishedAt: string;
  /** sent: the send time it waits for (Resend's scheduled_at); absent when sent at once. */
  scheduledAt?: string;
  /** Extra context, e.g. "bestätigt nach verlorener Antwort" or the test address. */
  note?: string;
}

/** The journal's file name inside its folder. */
export const JOURNAL_FILE = "journal.jsonl";

/** A complete entry with its fields in a fixed order, so journal lines read alike. */
export function journalEntry(fields: Omit<JournalEntry, "at">, at: Date): JournalEntry {
  return {
    at: at.toISOString(),
    event: fields.event,
    kind: fields.kind,
    id: fields.id,
    broadcastId: fields.broadcastId,
    broadcastName: fields.broadcastName,
    sha256: fields.sha256,
    publishedAt: fields.publishedAt,
    ...(fields.scheduledAt ? { scheduledAt: fields.scheduledAt } : {}),
    ...(fields.note ? { note: fields.note } : {}),
  };
}

/** One entry as one line of JSON (no trailing newline). */
export function journalLine(entry: JournalEntry): string {
  return JSON.stringify(entry);
}

/** Appends an entry to `<dir>/journal.jsonl`, creating the folder if needed; returns the file path. */
export async function appendJournal(dir: string, entry: JournalEntry): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, JOURNAL_FILE);
  await appendFile(file, `${journalLine(entry)}\n`, "utf8");
  return file;
}
