/**
 * The plan of an import: one pass over the file (streamed; per address only what the
 * import needs is kept), then each address sorted by what Resend already knows. Nothing
 * here writes; apply.ts carries a plan out.
 */
import { readSource, type SourceFile, type SourceLimits } from "./read.ts";
import {
  evaluateRow,
  mergeDuplicate,
  resolveColumns,
  type BadRow,
  type ColumnMap,
  type FileColumns,
  type ImportCandidate,
  type ImportSource,
  type RowRules,
} from "./rows.ts";

/** The file as read: one candidate per address, and every row that is not usable. */
export interface FileScan {
  /** Data rows read (empty rows not counted). */
  rows: number;
  candidates: ImportCandidate[];
  /** Unusable rows (invalid, duplicate, unreadable CSV), in file order; only the first BAD_ROW_STORE are kept. */
  bad: BadRow[];
  /** All unusable rows, also those beyond BAD_ROW_STORE. */
  badCount: number;
  /** Files of a Mailchimp ZIP that were not read, each with the reason (German). */
  ignoredFiles: string[];
  duplicates: number;
  invalid: number;
  sha256: string;
  /** The CSV files read (inside a ZIP, their names). */
  files: string[];
}

/** Unusable rows kept for the plan's listing; beyond this only counted, so a broken file cannot fill the memory. */
export const BAD_ROW_STORE = 10_000;

/** Reads `path` and judges every row. Throws SourceError or ColumnError for a file that cannot be read at all. */
export async function scanFile(
  path: string,
  options: {
    source: ImportSource;
    map: ColumnMap;
    rules: RowRules;
    shownAs: string;
    limits?: SourceLimits;
    badRowStore?: number;
  },
): Promise<FileScan> {
  const byEmail = new Map<string, ImportCandidate>();
  const bad: BadRow[] = [];
  const store = options.badRowStore ?? BAD_ROW_STORE;
  let badCount = 0;
  const addBad = (row: BadRow) => {
    badCount += 1;
    if (bad.length < store) bad.push(row);
  };
  const ignoredFiles: string[] = [];
  const columns = new Map<SourceFile, FileColumns>();
  let rows = 0;
  let duplicates = 0;
  let invalid = 0;
  let columnError: Error | null = null;
  const { sha256, files } = await readSource(
    path,
    {
      onFile(file) {
        try {
          const resolved = resolveColumns(file, options.map, options.source);
          if (resolved.ignored) ignoredFiles.push(resolved.ignored);
          else columns.set(file, resolved);
        } catch (error) {
          columnError ??= error as Error;
        }
      },
      onRecord(record) {
        const fileColumns = columns.get(record.file);
        if (!fileColumns) return;
        const outcome = evaluateRow(record, fileColumns, options.rules);
        if (outcome.kind === "empty") return;
        rows += 1;
        if (outcome.kind === "bad") {
          invalid += 1;
          addBad(outcome.bad);
          return;
        }
        const candidate = outcome.candidate;
        const first = byEmail.get(candidate.email);
        if (!first) {
          byEmail.set(candidate.email, candidate);
          return;
        }
        duplicates += 1;
        const merged = mergeDuplicate(first, candidate);
        byEmail.set(candidate.email, merged.kept);
        addBad(merged.bad);
      },
      onProblem(problem) {
        rows += 1;
        invalid += 1;
        addBad({ file: problem.file, row: problem.row, column: null, reason: problem.message });
      },
    },
    options.shownAs,
    options.limits,
  );
  if (columnError) throw columnError;
  const candidates = [...byEmail.values()].sort(byPosition);
  bad.sort(byPosition);
  return { rows, candidates, bad, badCount, ignoredFiles, duplicates, invalid, sha256, files };
}

function byPosition(
  a: { fileIndex?: number; file: string; row: number },
  b: { fileIndex?: number; file: string; row: number },
): number {
  return (a.fileIndex ?? 0) - (b.fileIndex ?? 0) || a.file.localeCompare(b.file) || a.row - b.row;
}

/** What Resend knows: every contact of the account, and who is in the newsletter's segment. */
export interface ResendState {
  contacts: Map<string, { unsubscribed: boolean }>;
  segment: Set<string>;
}

/** What the import does with an address. */
export type Category =
  /** Not at Resend, proven: created subscribed in the segment with its proof. */
  | "new-proven"
  /** Not at Resend, no proof: never subscribed; with --reconfirm asked once to confirm. */
  | "new-unproven"
  /** Subscribed and in the segment already: unchanged. */
  | "present"
  /** At Resend, subscribed, not in the segment, proven: proof written unless newer, then added to the segment. */
  | "segment-add"
  /** At Resend, subscribed, not in the segment, no proof: unchanged. */
  | "present-unproven"
  /** At Resend and unsubscribed (or asked to re-confirm by an earlier import): unchanged. */
  | "resend-unsubscribed"
  /** Unsubscribed in the export: not imported. */
  | "file-unsubscribed"
  /** Cleaned (bounced) in the export: not imported. */
  | "file-cleaned"
  /** Never opted in (Mailchimp's non-subscribed export): not imported and never asked to confirm. */
  | "file-nonsubscribed";

/** Every category in the order the plan prints them. */
export const CATEGORIES: readonly Category[] = [
  "new-proven",
  "new-unproven",
  "present",
  "segment-add",
  "present-unproven",
  "resend-unsubscribed",
  "file-unsubscribed",
  "file-cleaned",
  "file-nonsubscribed",
];

/** A plan: the file's addresses by category (in file order) and its unusable rows. */
export interface ImportPlan {
  scan: FileScan;
  /** False when Resend was not asked (dry run without RESEND_API_KEY): "new" then means "proven/unproven". */
  checkedAtResend: boolean;
  byCategory: Record<Category, ImportCandidate[]>;
}

/** Sorts the scanned addresses by what Resend knows (or, without `state`, by the file alone). */
export function planImport(scan: FileScan, state: ResendState | null): ImportPlan {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, [] as ImportCandidate[]])) as Record<
    Category,
    ImportCandidate[]
  >;
  for (const candidate of scan.candidates) byCategory[categoryOf(candidate, state)].push(candidate);
  return { scan, checkedAtResend: state !== null, byCategory };
}

function categoryOf(candidate: ImportCandidate, state: ResendState | null): Category {
  if (candidate.status === "unsubscribed") return "file-unsubscribed";
  if (candidate.status === "cleaned") return "file-cleaned";
  if (candidate.status === "nonsubscribed") return "file-nonsubscribed";
  const known = state?.contacts.get(candidate.email);
  if (!known) return candidate.proof ? "new-proven" : "new-unproven";
  if (known.unsubscribed) return "resend-unsubscribed";
  if (state!.segment.has(candidate.email)) return "present";
  return candidate.proof ? "segment-add" : "present-unproven";
}
