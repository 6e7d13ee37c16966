import { describe, expect, it } from "vitest";
import {
  HeapLimitError,
  MIN_HEAP_LIMIT_MB,
  chooseHeapLimit,
  heapLimitForPosts,
  nodeOptionsWithHeapLimit,
  ranOutOfHeap,
} from "./build-heap.ts";

describe("heapLimitForPosts", () => {
  it("keeps the floor for small and mid-sized blogs and grows with the archive beyond", () => {
    expect(heapLimitForPosts(0)).toBe(MIN_HEAP_LIMIT_MB);
    expect(heapLimitForPosts(2000)).toBe(MIN_HEAP_LIMIT_MB);
    expect(heapLimitForPosts(10_000)).toBe(256 + 3334);
    expect(heapLimitForPosts(10_003)).toBeGreaterThan(heapLimitForPosts(10_000));
  });
});

describe("chooseHeapLimit", () => {
  it("sizes the limit to the posts by default", () => {
    expect(chooseHeapLimit({}, 5000)).toEqual({ limitMb: 256 + 1667, reason: "posts" });
  });

  it("leaves a limit the user set in NODE_OPTIONS alone", () => {
    for (const NODE_OPTIONS of ["--enable-source-maps --max-old-space-size=6000", "--max_old_space_size=6000"])
      expect(chooseHeapLimit({ NODE_OPTIONS }, 10)).toEqual({ limitMb: null, reason: "node-options" });
  });

  it("takes RUNDBRIEF_BUILD_HEAP_MB, and 0 as no limit", () => {
    expect(chooseHeapLimit({ RUNDBRIEF_BUILD_HEAP_MB: " 3072 " }, 10)).toEqual({ limitMb: 3072, reason: "variable" });
    expect(chooseHeapLimit({ RUNDBRIEF_BUILD_HEAP_MB: "0" }, 10)).toEqual({ limitMb: null, reason: "variable" });
    expect(chooseHeapLimit({ RUNDBRIEF_BUILD_HEAP_MB: "" }, 10)).toEqual({ limitMb: MIN_HEAP_LIMIT_MB, reason: "posts" });
  });

  it("rejects anything but whole MiB, naming the variable and the value", () => {
    for (const bad of ["2GB", "1.5", "-1", "viel"]) {
      expect(() => chooseHeapLimit({ RUNDBRIEF_BUILD_HEAP_MB: bad }, 10)).toThrow(HeapLimitError);
      expect(() => chooseHeapLimit({ RUNDBRIEF_BUILD_HEAP_MB: bad }, 10)).toThrow(`RUNDBRIEF_BUILD_HEAP_MB „${bad}“`);
    }
  });
});

describe("nodeOptionsWithHeapLimit", () => {
  it("adds the flag and keeps the user's options", () => {
    expect(nodeOptionsWithHeapLimit(undefined, 1024)).toBe("--max-old-space-size=1024");
    expect(nodeOptionsWithHeapLimit(" --enable-source-maps ", 2048)).toBe("--enable-source-maps --max-old-space-size=2048");
  });
});

describe("ranOutOfHeap", () => {
  it("recognises V8's out-of-heap report and nothing else", () => {
    expect(
      ranOutOfHeap("FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory"),
    ).toBe(true);
    expect(ranOutOfHeap("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory")).toBe(true);
    expect(ranOutOfHeap("[InvalidContentEntryDataError] posts → a data does not match collection schema.")).toBe(false);
  });
});
