/**
 * Send times and the undo window, against the fake Resend with the real CLI: a campaign
 * is scheduled for its send time, and until shortly before it every run brings it in line
 * with the post (new content, new send time, post withdrawn). Inside the safety margin
 * and after the send time nothing is touched. The fake's clock and the CLI's BUILD_NOW
 * move together, so no test waits.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FixturePost } from "./fixtures/manifest/builders.ts";
import { SECRET_KEY, everythingWritten, newsletterScenario, type CliRun, type Scenario } from "./fake-resend/scenario.ts";
import type { FakeResendOptions } from "./fake-resend/server.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse("2026-12-07T02:00:00Z");

const scenarios: Scenario[] = [];
afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.cleanup();
});

/** A scenario whose fake Resend and CLI runs share one clock, set with `at`. */
async function setup(posts: FixturePost[], fake: FakeResendOptions = {}) {
  let clock = START;
  const s = await newsletterScenario({ posts, since: new Date(START - 30 * 24 * HOUR), fake: { now: () => clock, ...fake } });
  s.fake.addContact("leserin@example.org", { segments: [s.env.RESEND_SEGMENT_ID!] });
  scenarios.push(s);
  return {
    s,
    at(ms: number) {
      clock = ms;
    },
    run(args: string[] = ["--send"]): Promise<CliRun> {
      return s.run(args, { BUILD_NOW: new Date(clock).toISOString() });
    },
    /** The next commit's build, made now. */
    rebuild(next: FixturePost[]): void {
      s.rebuild(next, new Date(clock));
    },
  };
}

const sendAt = START + 5 * HOUR;
const post = (overrides: Partial<FixturePost> = {}): FixturePost => ({
  id: "wochenbericht",
  title: "Der Wochenbericht, den Kunden lesen",
  publishedAt: new Date(START - HOUR),
  sendAt: new Date(sendAt),
  ...overrides,
});
const campaigns = (s: Scenario) => s.fake.broadcastsNamed("post:wochenbericht");
const resendTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "+00");

describe("newsletter --send: a campaign waits for its send time", () => {
  it("schedules it, follows the post's changes until shortly before, then leaves it alone", async () => {
    const { s, at, run, rebuild } = await setup([post()]);

    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/wochenbericht .* senden +neu: .*; Versand am 07\.12\.2026, 08:00/);
    expect(first.stdout).toMatch(
      /✓ post:wochenbericht: geplant für 07\.12\.2026, 08:00; die Kampagne lässt sich bis 10 Minuten vorher/,
    );
    expect(campaigns(s)).toEqual([expect.objectContaining({ status: "scheduled", scheduled_at: resendTime(sendAt) })]);
    expect(s.journal().at(-1)).toMatchObject({ event: "sent", scheduledAt: new Date(sendAt).toISOString() });

    // Nothing changed: one list and one look at the waiting campaign.
    s.fake.resetCalls();
    const idle = await run();
    expect(idle.stdout).toContain("Nichts zu versenden.");
    expect(s.fake.callsByRoute()).toEqual({ "GET /broadcasts": 1, "GET /broadcasts/:id": 1 });

    // The author fixes the title: the waiting campaign is taken back, updated and scheduled again.
    at(START + HOUR);
    rebuild([post({ title: "Der Wochenbericht, den Kunden wirklich lesen" })]);
    const edited = await run();
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toMatch(/wochenbericht .* aktualisieren +Betreff und Inhalt geändert: geplante Kampagne/);
    expect(campaigns(s)).toEqual([
      expect.objectContaining({
        status: "scheduled",
        scheduled_at: resendTime(sendAt),
        subject: "Der Wochenbericht, den Kunden wirklich lesen",
        html: expect.stringContaining("wirklich lesen"),
      }),
    ]);
    expect(
      s
        .journal()
        .slice(-3)
        .map((e) => e.event),
    ).toEqual(["canceled", "updated", "sent"]);

    // The send time moves an hour later.
    rebuild([post({ title: "Der Wochenbericht, den Kunden wirklich lesen", sendAt: new Date(sendAt + HOUR) })]);
    const moved = await run();
    expect(moved.stdout).toMatch(/verschieben +Versandzeit 07\.12\.2026, 08:00 → 07\.12\.2026, 09:00/);
    expect(campaigns(s)).toEqual([expect.objectContaining({ status: "scheduled", scheduled_at: resendTime(sendAt + HOUR) })]);

    // Inside the safety margin a change no longer reaches Resend.
    at(sendAt + HOUR - 5 * MINUTE);
    rebuild([post({ title: "Noch ein neuer Titel", sendAt: new Date(sendAt + HOUR) })]);
    s.fake.resetCalls();
    const late = await run();
    expect(late.code, late.stderr).toBe(0);
    expect(late.stdout).toMatch(
      /überspringen +geplant für 07\.12\.2026, 09:00 .*so kurz vor dem Versand wird nichts mehr geändert/,
    );
    expect(s.fake.callsByRoute()).toEqual({ "GET /broadcasts": 1 });

    // At its send time Resend is sending it (queued): the run leaves it alone, never cancels it.
    at(sendAt + HOUR + 5);
    expect(campaigns(s).map((b) => b.status)).toEqual(["queued"]);
    s.fake.resetCalls();
    const sending = await run();
    expect(sending.code, sending.stderr).toBe(0);
    expect(s.fake.callsByRoute()).toEqual({ "GET /broadcasts": 1 });

    // After the send time it is delivered once, with the content of its last update.
    at(sendAt + 2 * HOUR);
    s.fake.resetCalls();
    const after = await run();
    expect(after.code, after.stderr).toBe(0);
    // Sent, or still queued: never cancelled, which would stop a send halfway.
    expect(s.fake.calls("POST /broadcasts/:id/cancel")).toBe(0);
    const [delivered] = campaigns(s);
    expect(campaigns(s)).toHaveLength(1);
    expect(delivered).toMatchObject({ status: "sent", subject: "Der Wochenbericht, den Kunden wirklich lesen" });
    expect(delivered!.recipients).toEqual(["leserin@example.org"]);
    expect(everythingWritten(s, [first, idle, edited, moved, late, sending, after])).not.toContain(SECRET_KEY);
  });

  it("withdraws the campaign when the post is taken back before its send time, and sends nothing", async () => {
    const { s, run, rebuild } = await setup([post()]);
    await run();
    expect(campaigns(s)).toHaveLength(1);

    // The post becomes a draft again: the build leaves it out of the manifest.
    rebuild([]);
    const withdrawn = await run();
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(withdrawn.stdout).toMatch(/wochenbericht .* zurückziehen +Artikel wird nicht mehr versendet/);
    expect(withdrawn.stdout).toMatch(/✓ post:wochenbericht: Kampagne .* zurückgezogen und gelöscht/);
    expect(campaigns(s)).toEqual([]);
    expect(
      s
        .journal()
        .slice(-2)
        .map((e) => [e.event, e.note]),
    ).toEqual([
      ["canceled", undefined],
      ["deleted", "zurückgezogen"],
    ]);
  });

  it.each([
    ["killed right after the cancel", { kind: "hang" as const, effect: "after" as const }],
    ["a 500 after the cancel took effect", { kind: "status" as const, status: 500, effect: "after" as const }],
    ["the connection dropped after the cancel", { kind: "drop" as const, effect: "after" as const }],
  ])("%s: ends with one campaign, current content, right time", async (name, fault) => {
    const { s, at, run, rebuild } = await setup([post()]);
    await run();
    at(START + HOUR);
    rebuild([post({ title: "Neuer Titel", sendAt: new Date(sendAt + HOUR) })]);
    s.fake.fault({ route: "POST /broadcasts/:id/cancel", ...fault });
    let interrupted: CliRun;
    if (fault.kind === "hang") {
      const running = s.start(["--send"], { BUILD_NOW: new Date(START + HOUR).toISOString() });
      s.fake.once("fault", () => running.child.kill("SIGKILL"));
      interrupted = await running.done;
      expect(interrupted.signal).toBe("SIGKILL");
      expect(campaigns(s)).toEqual([expect.objectContaining({ status: "draft" })]);
    } else {
      // The run itself looks after the lost answer, finds the draft and carries on.
      interrupted = await run();
      expect(interrupted.code, interrupted.stderr).toBe(0);
      expect(interrupted.stdout).toContain("prüfe bei Resend nach");
      expect(
        s
          .journal()
          .slice(-3)
          .map((e) => e.event),
      ).toEqual(["canceled", "updated", "sent"]);
    }
    s.fake.clearFaults();
    const again = await run();
    expect(again.code, `${name}\n${again.stderr}`).toBe(0);
    expect(campaigns(s)).toEqual([
      expect.objectContaining({ status: "scheduled", scheduled_at: resendTime(sendAt + HOUR), subject: "Neuer Titel" }),
    ]);
    at(sendAt + 2 * HOUR);
    expect(campaigns(s).map((b) => b.status)).toEqual(["sent"]);
    expect(everythingWritten(s, [interrupted, again])).not.toContain(SECRET_KEY);
  });
});

describe("newsletter --send: reconciling under load", () => {
  const edit = async (fake: FakeResendOptions = {}) => {
    const world = await setup([post()], fake);
    await world.run();
    world.at(START + HOUR);
    world.rebuild([post({ title: "Neuer Titel", sendAt: new Date(sendAt + HOUR) })]);
    return world;
  };
  const expectOneCurrent = (s: Scenario) =>
    expect(campaigns(s)).toEqual([
      expect.objectContaining({ status: "scheduled", scheduled_at: resendTime(sendAt + HOUR), subject: "Neuer Titel" }),
    ]);

  it("two runs updating the same campaign at once end with one campaign, current content, right time", async () => {
    // Room for two runs in the rate limit: the point here is the race, not 429s.
    const { s } = await edit({ rateLimit: { requests: 8, windowMs: 40 } });
    // Both runs reach their cancel before either is answered.
    s.fake.fault({ route: "POST /broadcasts/:id/cancel", kind: "gate", times: 2 });
    const env = { BUILD_NOW: new Date(START + HOUR).toISOString() };
    const runs = await Promise.all([s.start(["--send"], env).done, s.start(["--send"], env).done]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(s.fake.acceptedCalls("POST /broadcasts/:id/cancel")).toBe(2);
    expectOneCurrent(s);
    expect(everythingWritten(s, runs)).not.toContain(SECRET_KEY);
  });

  it("rides out a 429 storm on every route the update takes", async () => {
    const { s, run } = await edit();
    for (const route of [
      "GET /broadcasts",
      "GET /broadcasts/:id",
      "POST /broadcasts/:id/cancel",
      "PATCH /broadcasts/:id",
      "POST /broadcasts/:id/send",
    ])
      s.fake.fault({ route, kind: "status", status: 429, retryAfterSeconds: 0.05, times: 3 });
    const stormy = await run();
    expect(stormy.code, stormy.stderr).toBe(0);
    expect(s.fake.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(15);
    expectOneCurrent(s);
  });
});
