import { describe, expect, it } from "vitest";
import { codeBlockColors } from "./code-block.ts";

describe("codeBlockColors", () => {
  it.each([
    ["background-color:#24292e;color:#e1e4e8; overflow-x: auto;", { background: "#24292e", color: "#e1e4e8" }],
    ["background: #fff; color: #333", { background: "#fff", color: "#333" }],
    [
      { backgroundColor: "#0d1117", color: "#c9d1d9", overflowX: "auto" },
      { background: "#0d1117", color: "#c9d1d9" },
    ],
    [undefined, { background: "#24292e", color: "#e1e4e8" }],
    ["", { background: "#24292e", color: "#e1e4e8" }],
  ])("%o → %o", (style, expected) => {
    expect(codeBlockColors(style)).toEqual(expected);
  });
});
