/**
 * Reads a subscriber export as a stream of CSV records: a plain CSV, or a ZIP of CSVs
 * (Mailchimp's audience export), never loaded whole. The separator (`,` `;` or tab) is
 * taken from each file's header line, a UTF-8 BOM is dropped, quoted fields may hold
 * separators and line breaks (RFC 4180). The SHA-256 of the file as it lies on disk is
 * computed on the way, for the consent record. Bounded: a record over 64 KiB (usually an
 * unclosed quote) and a ZIP unpacking to more than 2 GiB stop the read; bytes that are
 * not UTF-8 (an Excel "CSV" in Windows-1252) are refused instead of read as garbage.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { parse, type Parser } from "csv-parse";
import { Unzip, UnzipInflate } from "fflate";

/** One CSV file of the export: its name (inside the ZIP, or the file's) and header. */
export interface SourceFile {
  /** Position among the export's CSV files, for a stable order. */
  index: number;
  name: string;
  headers: string[];
  /** True for a member of a ZIP archive. */
  inArchive: boolean;
}

/** One data record; `row` is the spreadsheet row (the header is row 1), as Excel or LibreOffice number it. */
export interface SourceRecord {
  file: SourceFile;
  row: number;
  values: string[];
}

/** A record the CSV parser could not read (e.g. an unclosed quote). */
export interface SourceProblem {
  file: string;
  row: number;
  message: string;
}

/** What to do with each record, file and problem; called in file order within each file. */
export interface SourceHandlers {
  onFile?(file: SourceFile): void;
  onRecord(record: SourceRecord): void;
  onProblem(problem: SourceProblem): void;
}

/** A file that is neither a readable CSV nor a ZIP with CSV files; the message is German and names the file. */
export class SourceError extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Longest CSV record: far beyond any subscriber row, short enough that an unclosed quote cannot eat the memory. */
export const MAX_RECORD_BYTES = 64 * 1024;

/** Most a ZIP may unpack to, all members together. */
export const MAX_UNZIPPED_BYTES = 2 * 1024 ** 3;

/** Limits, smaller in tests. */
export interface SourceLimits {
  maxRecordBytes: number;
  maxUnzippedBytes: number;
}

const DEFAULT_LIMITS: SourceLimits = { maxRecordBytes: MAX_RECORD_BYTES, maxUnzippedBytes: MAX_UNZIPPED_BYTES };

/** What Excel users are told when the bytes are not UTF-8. */
export const NOT_UTF8_TEXT = "Die Datei ist nicht UTF-8: in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.";
const SEPARATORS = [";", ",", "\t"] as const;

/** True when the file starts like a ZIP archive. */
export async function isZipFile(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && ZIP_MAGIC.every((byte, i) => head[i] === byte);
  } finally {
    await handle.close();
  }
}

/** The separator of a header line: the one of `;` `,` tab that occurs most often outside quotes (`,` when none). */
export function sniffSeparator(headerLine: string): string {
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ",";
  let most = 0;
  for (const [separator, count] of counts) {
    if (count > most) {
      best = separator;
      most = count;
    }
  }
  return best;
}

/**
 * One CSV file fed chunk by chunk: waits for the header line to pick the separator, then
 * parses records as they come. `done` settles when the last record was handed on.
 */
class CsvFeed {
  private parser: Parser | null = null;
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private rows = 0;
  private file: SourceFile | null = null;
  /** The first problem that makes the whole file unreadable; write() throws it. */
  private fatal: SourceError | null = null;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true });
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  private readonly index: number;
  private readonly name: string;
  private readonly handlers: SourceHandlers;
  private readonly inArchive: boolean;
  private readonly maxRecordBytes: number;

  constructor(index: number, name: string, handlers: SourceHandlers, inArchive: boolean, maxRecordBytes: number) {
    this.index = index;
    this.name = name;
    this.handlers = handlers;
    this.inArchive = inArchive;
    this.maxRecordBytes = maxRecordBytes;
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** Feeds a chunk; throws SourceError once the file turned out unreadable. */
  write(chunk: Uint8Array): void {
    if (this.fatal) throw this.fatal;
    try {
      this.utf8.decode(chunk, { stream: true });
    } catch {
      this.fail(new SourceError(`${this.name}: ${NOT_UTF8_TEXT}`));
    }
    this.feed(chunk);
    if (this.fatal) throw this.fatal;
  }

  private fail(error: SourceError): never {
    this.fatal ??= error;
    this.settle.reject(this.fatal);
    throw this.fatal;
  }

  private feed(chunk: Uint8Array): void {
    if (this.parser) {
      this.parser.write(chunk);
      return;
    }
    this.pending.push(Buffer.from(chunk));
    this.pendingSize += chunk.byteLength;
    const head = Buffer.concat(this.pending);
    // The header line ends at the first line break (header names hold none) or after 64 KiB.
    if (head.includes(0x0a) || head.includes(0x0d) || this.pendingSize > 65_536) this.start(head);
  }

  end(): void {
    if (this.fatal) throw this.fatal;
    try {
      this.utf8.decode();
    } catch {
      this.fail(new SourceError(`${this.name}: ${NOT_UTF8_TEXT}`));
    }
    if (!this.parser) this.start(Buffer.concat(this.pending));
    this.parser!.end();
  }

  private start(head: Buffer): void {
    const text = head.toString("utf8").replace(/^\uFEFF/, "");
    const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? "";
    this.pending = [];
    const parser = parse({
      bom: true,
      delimiter: sniffSeparator(firstLine),
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      max_record_size: this.maxRecordBytes,
    });
    this.parser = parser;
    parser.on("data", (values: string[]) => {
      this.rows += 1;
      if (!this.file) {
        this.file = { index: this.index, name: this.name, headers: values.map((h) => h.trim()), inArchive: this.inArchive };
        this.handlers.onFile?.(this.file);
        return;
      }
      this.handlers.onRecord({ file: this.file, row: this.rows, values });
    });
    parser.on("skip", (error: Error & { code?: string }) => {
      if (error.code === "CSV_MAX_RECORD_SIZE") {
        // Nothing after such a record is trustworthy (the parser loses its place), so the file is refused.
        this.fatal ??= new SourceError(
          `${this.name}, Zeile ${this.rows + 1}: der Datensatz ist länger als ${Math.round(this.maxRecordBytes / 1024)} KiB – ` +
            "meist ein Anführungszeichen, das nicht geschlossen wird. Die Datei wird nicht gelesen; die Zeile in der Tabelle prüfen.",
        );
        this.settle.reject(this.fatal);
        return;
      }
      this.rows += 1;
      this.handlers.onProblem({ file: this.name, row: this.rows, message: csvProblemText(error) });
    });
    parser.on("error", (error) => this.settle.reject(new SourceError(`${this.name}: ${csvProblemText(error)}`)));
    parser.on("end", () => {
      if (this.fatal) this.settle.reject(this.fatal);
      else if (!this.file) this.settle.reject(new SourceError(`${this.name}: die Datei ist leer (keine Kopfzeile).`));
      else this.settle.resolve();
    });
    if (head.byteLength > 0) parser.write(head);
  }
}

function csvProblemText(error: Error & { code?: string }): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "ein Anführungszeichen wird nicht geschlossen; die Zeile ist nicht lesbar.";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "nach einem schließenden Anführungszeichen folgt kein Trennzeichen; die Zeile ist nicht lesbar.";
    default:
      return `die Zeile ist kein gültiges CSV (${error.message}).`;
  }
}

/** A CSV member of a ZIP worth reading: not a folder, not macOS metadata. */
function isCsvEntry(name: string): boolean {
  return /\.csv$/i.test(name) && !name.startsWith("__MACOSX/") && !/(^|\/)\._/.test(name);
}

/**
 * Streams every record of `path` (a CSV or a ZIP of CSVs) to `handlers` and returns the
 * file's SHA-256 (hex) and the CSV files read. `shownAs` is how messages name the file.
 */
export async function readSource(
  path: string,
  handlers: SourceHandlers,
  shownAs = path,
  limits: SourceLimits = DEFAULT_LIMITS,
): Promise<{ sha256: string; files: string[]; bytes: number }> {
  const zip = await isZipFile(path);
  const hash = createHash("sha256");
  const feeds: CsvFeed[] = [];
  const files: string[] = [];
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });

  if (!zip) {
    const feed = new CsvFeed(0, shownAs, handlers, false, limits.maxRecordBytes);
    feed.done.catch(() => undefined);
    feeds.push(feed);
    files.push(shownAs);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      feed.write(chunk);
      await drained(feed);
    }
    feed.end();
    await feed.done;
    return { sha256: hash.digest("hex"), files, bytes };
  }

  let zipError: Error | null = null;
  let unzipped = 0;
  const unzip = new Unzip((entry) => {
    if (!isCsvEntry(entry.name)) return;
    const name = `${shownAs}: ${entry.name}`;
    const feed = new CsvFeed(feeds.length, name, handlers, true, limits.maxRecordBytes);
    feeds.push(feed);
    files.push(entry.name);
    feed.done.catch(() => undefined);
    entry.ondata = (error, data, final) => {
      if (zipError) return;
      if (error) {
        zipError = new SourceError(`${name}: nicht entpackbar (${error.message}).`);
        return;
      }
      unzipped += data.byteLength;
      if (unzipped > limits.maxUnzippedBytes) {
        zipError = new SourceError(
          `${shownAs}: entpackt größer als ${formatBytes(limits.maxUnzippedBytes)}; so groß ist kein Abonnenten-Export. Die Datei wird nicht weiter gelesen.`,
        );
        return;
      }
      try {
        if (data.byteLength > 0) feed.write(data);
        if (final) feed.end();
      } catch (failure) {
        zipError = failure instanceof SourceError ? failure : new SourceError(`${name}: ${(failure as Error).message}`);
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      unzip.push(chunk);
      if (zipError) throw zipError;
      await Promise.resolve();
    }
    unzip.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`${shownAs}: kein lesbares ZIP-Archiv (${(error as Error).message}).`);
  }
  if (zipError) throw zipError;
  if (feeds.length === 0) throw new SourceError(`${shownAs}: das ZIP-Archiv enthält keine CSV-Datei.`);
  await Promise.all(feeds.map((feed) => feed.done));
  return { sha256: hash.digest("hex"), files, bytes };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toLocaleString("de-DE")} GiB`
    : `${(bytes / 1024 ** 2).toLocaleString("de-DE")} MiB`;
}

/** Lets the parser hand on what it has before the next chunk, so records never pile up. */
function drained(feed: CsvFeed): Promise<void> {
  void feed;
  return new Promise((resolve) => setImmediate(resolve));
}
