import { describe, expect, it } from "vitest";
import { createProgress, progressBar } from "./progress.ts";

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, sink: { isTTY, columns: 80, write: (text: string) => written.push(text) } };
}

describe("progress", () => {
  it("prints a plain line per hundred outside a terminal, and the last count at the end", () => {
    const { written, sink: target } = sink(false);
    const progress = createProgress(target, (done) => `… ${done} Kontakte gelesen`);
    for (const done of [100, 200, 250]) progress.update(done);
    progress.finish();
    expect(written).toEqual(["… 100 Kontakte gelesen\n", "… 200 Kontakte gelesen\n", "… 250 Kontakte gelesen\n"]);
  });

  it("does not repeat the last line when it was just printed", () => {
    const { written, sink: target } = sink(false);
    const progress = createProgress(target, (done, total) => `${done}/${total}`);
    progress.update(50, 100);
    progress.update(100, 100);
    progress.finish();
    expect(written).toEqual(["100/100\n"]);
  });

  it("redraws one line with a bar on a terminal and ends it on finish", () => {
    const { written, sink: target } = sink(true);
    const progress = createProgress(target, (done, total) => `${done} von ${total}`);
    progress.update(3, 3);
    progress.finish();
    expect(written[0]?.startsWith("\r\x1b[2K")).toBe(true);
    expect(written[0]).toMatch(/\[█+\] 3 von 3$/);
    expect(written.at(-1)).toBe("\n");
    expect(written.join("")).not.toMatch(/\n.*\n/);
  });

  it("fills the bar by share", () => {
    expect(progressBar(1, 4, 8)).toBe("[██░░░░░░]");
    expect(progressBar(0, 0, 4)).toBe("[████]");
  });
});
