/**
 * An account with 5000 existing broadcasts: the no-op rerun must stay cheap (listing
 * stops once broadcasts are older than any candidate), and even the worst case, where all
 * of them are recent and every page must be read, still sends exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { daysAgo } from "./fixtures/manifest/builders.ts";
import { ELIGIBLE, NEVER, newsletterScenario, type Scenario } from "./fake-resend/scenario.ts";

const scenarios: Scenario[] = [];
afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.cleanup();
});

async function withBroadcasts(
  count: number,
  newestDaysAgo: number,
  spanDays: number,
  name: (i: number) => string,
): Promise<Scenario> {
  const scenario = await newsletterScenario();
  scenarios.push(scenario);
  const step = (spanDays * 24 * 60 * 60 * 1000) / count;
  const newest = daysAgo(newestDaysAgo).getTime();
  scenario.fake.seedBroadcasts(
    Array.from({ length: count }, (_, i) => ({ name: name(i), createdAt: new Date(newest - i * step) })),
  );
  return scenario;
}

function expectExactlyOnce(s: Scenario): void {
  for (const id of ELIGIBLE)
    expect(s.fake.broadcastsNamed(`post:${id}`).map((b) => b.status)).toEqual([expect.not.stringMatching(/^draft$/)]);
  for (const id of NEVER) expect(s.fake.broadcastsNamed(`post:${id}`)).toHaveLength(0);
}

function planningLine(stdout: string): { ms: number; calls: number } {
  const match = /Planung: (\d+) ms, (\d+) Resend-API-Aufruf/.exec(stdout);
  if (!match) throw new Error(`keine Planungszeile in:\n${stdout}`);
  return { ms: Number(match[1]), calls: Number(match[2]) };
}

describe("newsletter with 5000 existing broadcasts", () => {
  it("sends the new posts, then a no-op rerun reads a single page", async () => {
    const s = await withBroadcasts(5000, 45, 3650, (i) => (i % 3 === 0 ? `Ausgabe ${i}` : `post:altes-thema-${i}`));
    const first = await s.run(["--send", "--no-wait-live"]);
    expect(first.code, first.stderr).toBe(0);
    expect(planningLine(first.stdout).calls).toBe(1);
    expectExactlyOnce(s);

    s.fake.resetCalls();
    const rerun = await s.run(["--send"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(s.fake.callsByRoute()).toEqual({ "GET /broadcasts": 1 });
    expect(s.fake.requests[0]!.path).toBe("/broadcasts?limit=100");
    expect(planningLine(rerun.stdout)).toEqual({ ms: expect.any(Number), calls: 1 });
    expectExactlyOnce(s);
  });

  it("reads all 50 pages when every broadcast is recent, settles each create with one page, and sends exactly once", async () => {
    const s = await withBroadcasts(5000, 0.01, 2, (i) => `Ausgabe ${i}`);
    const first = await s.run(["--send", "--no-wait-live"]);
    expect(first.code, first.stderr).toBe(0);
    expect(s.fake.acceptedCalls("GET /broadcasts")).toBe(50 + 2);
    expectExactlyOnce(s);

    s.fake.resetCalls();
    const rerun = await s.run(["--send"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(s.fake.acceptedCalls("GET /broadcasts")).toBe(51);
    expect(Object.keys(s.fake.callsByRoute())).toEqual(["GET /broadcasts"]);
    expectExactlyOnce(s);
  });

  it("looks up at most 25 subjects for renamed posts, newest first, and says so", async () => {
    const s = await withBroadcasts(300, 0.01, 2, (i) => `post:geloescht-${i}`);
    const run = await s.run(["--no-wait-live"]);
    expect(run.code, run.stderr).toBe(0);
    expect(s.fake.acceptedCalls("GET /broadcasts/:id")).toBe(25);
    expect(run.stderr).toContain("Hinweis: 275 weitere Kampagnen „post:…“");
  });
});
