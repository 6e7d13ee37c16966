/**
 * Progress of a long CLI run on stderr: on a terminal one line redrawn in place (a bar
 * when the total is known), elsewhere (CI logs, pipes) a plain line now and then, so a
 * log stays short and readable.
 */

/** Where progress goes and whether it is a terminal. */
export interface ProgressSink {
  /** Writes raw text (no newline added). */
  write(text: string): void;
  /** True on a terminal: redraw in place. */
  isTTY: boolean;
  /** Terminal width, for the bar. */
  columns?: number | undefined;
}

/** A progress display; `finish` ends the line on a terminal. */
/** The process's stderr, where progress goes so stdout stays the command's output. */
export const stderrProgress: ProgressSink = {
  write: (text) => process.stderr.write(text),
  get isTTY() {
    return process.stderr.isTTY === true;
  },
  get columns() {
    return process.stderr.columns;
  },
};

export interface Progress {
  /** `done` items so far, of `total` when known. */
  update(done: number, total?: number): void;
  finish(): void;
}

/** "[██████░░░░░░░░]": `width` cells filled by done/total. */
export function progressBar(done: number, total: number, width: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}]`;
}

/**
 * A progress display for `label(done, total)` lines, e.g. "… 200 Kontakte gelesen".
 * Plain mode prints when `done` has passed another `every` items, and the last count on
 * finish if it was not printed yet.
 */
export function createProgress(
  sink: ProgressSink,
  label: (done: number, total: number | undefined) => string,
  every = 100,
): Progress {
  let shown = 0;
  let last: { done: number; total: number | undefined } | null = null;
  let drawn = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      last = { done, total };
      if (sink.isTTY) {
        const now = Date.now();
        if (done !== total && now - lastDraw < 100) return;
        lastDraw = now;
        const text = label(done, total);
        const width = Math.max(10, Math.min(30, (sink.columns ?? 80) - text.length - 4));
        const bar = total === undefined ? "" : `${progressBar(done, total, width)} `;
        sink.write(`\r\x1b[2K${bar}${text}`);
        drawn = true;
        return;
      }
      if (Math.floor(done / every) > Math.floor(shown / every)) {
        shown = done;
        sink.write(`${label(done, total)}\n`);
      }
    },
    finish() {
      if (sink.isTTY) {
        if (last)
          sink.write(
            `\r\x1b[2K${last.total === undefined ? "" : `${progressBar(last.done, last.total, 30)} `}${label(last.done, last.total)}`,
          );
        if (drawn || last) sink.write("\n");
        return;
      }
      if (last && last.done !== shown) sink.write(`${label(last.done, last.total)}\n`);
    },
  };
}
