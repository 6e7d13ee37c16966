/**
 * The exactly-once promise of `rundbrief newsletter --send`, proven against the fake
 * Resend with the real CLI as a child process: clean runs, reruns, crashes between
 * create and send, 429 storms, lost answers and two runs at once. Every scenario ends
 * with exactly one sent broadcast per eligible post and none for the others.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  ELIGIBLE,
  NEVER,
  SECRET_KEY,
  everythingWritten,
  newsletterScenario,
  type CliRun,
  type Scenario,
} from "./fake-resend/scenario.ts";

const scenarios: Scenario[] = [];
async function setup(options: Parameters<typeof newsletterScenario>[0] = {}): Promise<Scenario> {
  const scenario = await newsletterScenario(options);
  scenario.fake.addContact("leserin@example.org", { segments: [scenario.env.RESEND_SEGMENT_ID!] });
  scenarios.push(scenario);
  return scenario;
}
afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.cleanup();
});

/** The promise itself: one delivered broadcast per eligible post, no leftover drafts, nothing for the rest. */
function expectExactlyOnce(s: Scenario, runs: CliRun[]): void {
  for (const id of ELIGIBLE) {
    expect(s.delivered(id), `post:${id} delivered`).toHaveLength(1);
    expect(s.drafts(id), `post:${id} drafts`).toHaveLength(0);
  }
  for (const id of NEVER) expect(s.fake.broadcastsNamed(`post:${id}`), `post:${id}`).toHaveLength(0);
  expect(everythingWritten(s, runs)).not.toContain(SECRET_KEY);
}

const posts = ["POST /broadcasts", "POST /broadcasts/:id/send"];

describe("newsletter --send: clean run and rerun", () => {
  it("sends each eligible post once to the segment, journals it, and a rerun makes one API call", async () => {
    const s = await setup();
    const first = await s.run(["--send"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/✓ post:vertraege-mit-aenderungsrunden: gesendet/);
    expect(first.stdout).toMatch(/✓ post:statusbericht-in-fuenf-minuten: gesendet/);
    expect(first.stdout).toContain("Protokoll: {");
    const journal = s.journal();
    expect(journal.map((e) => [e.event, e.id])).toEqual([
      ["created", ELIGIBLE[0]],
      ["sent", ELIGIBLE[0]],
      ["created", ELIGIBLE[1]],
      ["sent", ELIGIBLE[1]],
    ]);
    expect(journal[1]).toMatchObject({ broadcastName: `post:${ELIGIBLE[0]}`, sha256: expect.stringMatching(/^[a-f0-9]{64}$/) });
    const sent = s.delivered(ELIGIBLE[0]!)[0]!;
    expect(sent).toMatchObject({
      from: "Rundbrief <brief@example.de>",
      reply_to: ["kontakt@example.de"],
      subject: "Änderungsrunden im Vertrag begrenzen",
    });
    expect(sent.html).toContain("{{{RESEND_UNSUBSCRIBE_URL}}}");
    expect(sent.recipients).toEqual(["leserin@example.org"]);

    s.fake.resetCalls();
    const rerun = await s.run(["--send"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain("Nichts zu versenden.");
    expect(rerun.stdout).toMatch(/vertraege-mit-aenderungsrunden .* überspringen +bereits versendet am/);
    expect(s.fake.callsByRoute()).toEqual({ "GET /broadcasts": 1 });
    expect(s.journal()).toHaveLength(4);
    expectExactlyOnce(s, [first, rerun]);
  });
});

describe("newsletter --send: killed mid-run, then run again", () => {
  it.each([
    ["right after the create", "POST /broadcasts", /fortsetzen +Entwurf .* eines abgebrochenen Laufs/],
    ["right after the send", "POST /broadcasts/:id/send", /überspringen +(bereits versendet|wird gerade versendet)/],
  ])("SIGKILL %s: the rerun sends exactly once", async (_case, route, rerunPlan) => {
    const s = await setup();
    s.fake.fault({ route, kind: "hang", effect: "after" });
    const running = s.start(["--send"]);
    s.fake.once("fault", () => running.child.kill("SIGKILL"));
    const killed = await running.done;
    expect(killed.signal).toBe("SIGKILL");
    expect(s.fake.broadcastsNamed(`post:${ELIGIBLE[0]}`)).toHaveLength(1);

    const rerun = await s.run(["--send"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(rerunPlan);
    expectExactlyOnce(s, [killed, rerun]);
  });
});

describe("newsletter --send: faults", () => {
  it("rides out a 429 storm on every route, waiting as retry-after says", async () => {
    const s = await setup();
    for (const route of ["GET /broadcasts", ...posts])
      s.fake.fault({ route, kind: "status", status: 429, retryAfterSeconds: 0.05, times: 6 });
    const run = await s.run(["--send"]);
    expect(run.code, run.stderr).toBe(0);
    expect(s.fake.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(18);
    expectExactlyOnce(s, [run]);
  });

  it("stays exactly-once when it ignores its own pacing and hits the real rate limit", async () => {
    const s = await setup({ fake: { rateLimit: { requests: 2, windowMs: 200 } } });
    const run = await s.run(["--send"], { RESEND_MIN_INTERVAL_MS: "0" });
    expect(run.code, run.stderr).toBe(0);
    expect(s.fake.requests.some((r) => r.status === 429)).toBe(true);
    expectExactlyOnce(s, [run]);
  });

  it.each([
    ["500 on create without effect: creates again", { route: "POST /broadcasts", kind: "status", status: 500 }, 3],
    [
      "500 on create with effect: finds its draft",
      { route: "POST /broadcasts", kind: "status", status: 500, effect: "after" },
      2,
    ],
    ["dropped connection on create after the effect", { route: "POST /broadcasts", kind: "drop", effect: "after" }, 2],
  ] as const)("%s", async (_case, fault, creates) => {
    const s = await setup();
    s.fake.fault({ ...fault });
    const run = await s.run(["--send"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Antwort auf POST /broadcasts ging verloren");
    expect(s.fake.acceptedCalls("POST /broadcasts")).toBe(creates);
    expectExactlyOnce(s, [run]);
  });

  it.each([
    ["before the effect: looks, then sends again", "before", 3],
    ["after the effect: looks and confirms", "after", 2],
  ] as const)("dropped connection on send %s", async (_case, effect, sends) => {
    const s = await setup();
    s.fake.fault({ route: "POST /broadcasts/:id/send", kind: "drop", effect });
    const run = await s.run(["--send"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Antwort auf POST /broadcasts/{id}/send ging verloren");
    expect(s.fake.acceptedCalls("POST /broadcasts/:id/send")).toBe(sends);
    expect(s.fake.acceptedCalls("GET /broadcasts/:id")).toBe(1);
    if (effect === "after") expect(run.stdout).toContain("bestätigt nach verlorener Antwort");
    expectExactlyOnce(s, [run]);
  });

  it("retries reads on 5xx and fails cleanly (exit 1, nothing sent) when Resend stays down", async () => {
    const s = await setup();
    s.fake.fault({ route: "GET /broadcasts", kind: "status", status: 503, times: 2 });
    const recovered = await s.run(["--send"]);
    expect(recovered.code, recovered.stderr).toBe(0);
    expectExactlyOnce(s, [recovered]);

    const down = await setup();
    down.fake.fault({ route: "GET /broadcasts", kind: "status", status: 500, times: 100 });
    const failed = await down.run(["--send"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Erneut ausführen ist sicher");
    expect(down.fake.acceptedCalls("GET /broadcasts")).toBe(5);
    expect(down.fake.calls("POST /broadcasts")).toBe(0);
  });
});

describe("newsletter --send: two runs at once", () => {
  it("sends each post once when both plan before either creates; the newer draft loses and is deleted", async () => {
    const s = await setup({ fake: { rateLimit: { requests: 4, windowMs: 40 } } });
    const hourAgo = Date.now() - 3_600_000;
    s.fake.seedBroadcasts(
      Array.from({ length: 250 }, (_, i) => ({ name: `Ausgabe ${i}`, createdAt: new Date(hourAgo - i * 60_000) })),
    );
    s.fake.fault({ route: "POST /broadcasts", kind: "gate", times: 2 });
    const a = s.start(["--send"]);
    const b = s.start(["--send"]);
    const runs = await Promise.all([a.done, b.done]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const said = runs.map((r) => r.stdout).join("\n");
    expect(said).toMatch(/gleichzeitiger Lauf war schneller|durch einen anderen Lauf/);
    expect(s.journal().filter((e) => e.event === "deleted").length).toBeGreaterThan(0);
    const pageRequests = s.fake.requests.filter((r) => r.route === "GET /broadcasts" && !r.rateLimited);
    expect(pageRequests.filter((r) => r.path === "/broadcasts?limit=100").length).toBe(2 + 4);
    expect(pageRequests.filter((r) => r.path.includes("after=")).length).toBe(2 * 2);
    expectExactlyOnce(s, runs);
  });
});
