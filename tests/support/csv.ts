/**
 * Reads CSV in the tests: what `rundbrief subscribers export` writes, to compare it with
 * what Resend holds, and the files the fake Resend's bulk import receives.
 */

import { UTF8_BOM } from "../../scripts/lib/subscribers-csv.ts";

/**
 * Parses RFC 4180 CSV: a leading BOM is dropped, rows end with CRLF or LF, quoted fields
 * may hold commas, quotes and line breaks. The formula apostrophe stays, as a spreadsheet
 * would show it.
 */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
