import { describe, expect, it } from "vitest";
import { waitUntilLive } from "./live-check.ts";

/** Answers from a script on a clock that only moves when the check sleeps. */
function scripted(answers: Array<number | Error>) {
  let now = 0;
  const seen: string[] = [];
  return {
    seen,
    options: {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
      fetchStatus: async (url: string) => {
        seen.push(url);
        const answer = answers.shift() ?? 404;
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  };
}

describe("waitUntilLive", () => {
  it.each<[string, Array<number | Error>, number, object]>([
    ["live at once", [200], 1000, { live: true, attempts: 1 }],
    ["live after the deploy finishes", [404, 404, 503, 200], 1000, { live: true, attempts: 4 }],
    ["live after a network error", [new Error("ECONNREFUSED"), 200], 1000, { live: true, attempts: 2 }],
    ["never live within the wait", [], 1000, { live: false, attempts: 11, lastStatus: 404, lastError: null }],
    ["a redirect target that is not 200", [301], 0, { live: false, attempts: 1, lastStatus: 301 }],
    [
      "unreachable with no wait",
      [new Error("ENOTFOUND")],
      0,
      { live: false, attempts: 1, lastStatus: null, lastError: "ENOTFOUND" },
    ],
  ])("%s", async (_case, answers, timeoutMs, expected) => {
    const { options } = scripted(answers);
    expect(await waitUntilLive("https://blog.example.de/artikel/x/", { timeoutMs, intervalMs: 100, ...options })).toMatchObject(
      expected,
    );
  });

  it("spaces attempts by a twentieth of the timeout by default", async () => {
    const { options, seen } = scripted([]);
    await waitUntilLive("https://blog.example.de/", { timeoutMs: 10_000, ...options });
    expect(seen).toHaveLength(21);
  });
});
