/**
 * Editions and digests against the fake Resend with the real CLI: each is created a day
 * before its send time at the latest, scheduled for it, kept in line with the build until
 * shortly before, never sent late, and survives the same faults as a per-post campaign
 * (killed mid-run, 500s after the effect, dropped connections, 429 storms, two runs at
 * once) with exactly one delivered broadcast per name, at the right time, current content.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FixturePost } from "./fixtures/manifest/builders.ts";
import { SECRET_KEY, everythingWritten, newsletterScenario, type CliRun, type Scenario } from "./fake-resend/scenario.ts";
import type { FakeResendOptions } from "./fake-resend/server.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Monday 7 December 2026, 03:00 in Berlin: a CI run hours before the week's mail.
const START = Date.parse("2026-12-07T02:00:00Z");
const SEND_AT = Date.parse("2026-12-07T06:30:00Z");

const scenarios: Scenario[] = [];
afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.cleanup();
});

async function setup(campaigns: FixturePost[], fake: FakeResendOptions = {}) {
  let clock = START;
  const s = await newsletterScenario({
    posts: campaigns,
    since: new Date(START - 30 * 24 * HOUR),
    fake: { now: () => clock, ...fake },
  });
  s.fake.addContact("leserin@example.org", { segments: [s.env.RESEND_SEGMENT_ID!] });
  scenarios.push(s);
  return {
    s,
    at(ms: number) {
      clock = ms;
    },
    env: () => ({ BUILD_NOW: new Date(clock).toISOString() }),
    run(args: string[] = ["--send"]): Promise<CliRun> {
      return s.run(args, { BUILD_NOW: new Date(clock).toISOString() });
    },
    rebuild(next: FixturePost[]): void {
      s.rebuild(next, new Date(clock));
    },
  };
}

const KINDS = [
  {
    kind: "edition" as const,
    id: "woche-50",
    name: "edition:woche-50",
    title: "Woche 50: Änderungswünsche freundlich begrenzen",
  },
  { kind: "digest" as const, id: "2026-W49", name: "digest:2026-W49", title: "Neue Artikel – Woche 49/2026" },
];
type Kind = (typeof KINDS)[number];

const campaign = (k: Kind, overrides: Partial<FixturePost> = {}): FixturePost => ({
  kind: k.kind,
  id: k.id,
  title: k.title,
  publishedAt: new Date(k.kind === "edition" ? SEND_AT : Date.parse("2026-12-06T23:00:00Z")),
  sendAt: new Date(SEND_AT),
  ...overrides,
});
const resendTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "+00");
const broadcasts = (s: Scenario, k: Kind) => s.fake.broadcastsNamed(k.name);

/** Exactly one broadcast of this name, waiting for (or sent at) `at`, with `subject`; and a delivery to the reader once it is due. */
function expectOne(s: Scenario, k: Kind, subject: string, at = SEND_AT): void {
  const list = broadcasts(s, k);
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ status: "scheduled", scheduled_at: resendTime(at), subject });
}

describe.each(KINDS)("newsletter --send: a $kind", (k) => {
  it("is created no earlier than a day before its send time, scheduled for it, and delivered once", async () => {
    const world = await setup([campaign(k, { sendAt: new Date(SEND_AT + 48 * HOUR) })]);
    const early = await world.run();
    expect(early.code, early.stderr).toBe(0);
    expect(early.stdout).toMatch(
      new RegExp(
        `${k.name} .* überspringen +geht am 09\\.12\\.2026, 07:30 raus; die Kampagne wird ab 08\\.12\\.2026, 07:30 angelegt`,
      ),
    );
    expect(broadcasts(world.s, k)).toEqual([]);

    world.rebuild([campaign(k)]);
    const due = await world.run();
    expect(due.code, due.stderr).toBe(0);
    expect(due.stdout).toMatch(new RegExp(`✓ ${k.name}: geplant für 07\\.12\\.2026, 07:30`));
    expectOne(world.s, k, k.title);
    expect(world.s.journal().at(-1)).toMatchObject({
      event: "sent",
      kind: k.kind,
      id: k.id,
      scheduledAt: new Date(SEND_AT).toISOString(),
    });

    world.s.fake.resetCalls();
    const idle = await world.run();
    expect(idle.stdout).toContain("Nichts zu versenden.");
    expect(world.s.fake.callsByRoute()).toEqual({ "GET /broadcasts": 1, "GET /broadcasts/:id": 1 });

    world.at(SEND_AT + HOUR);
    const [sent] = broadcasts(world.s, k);
    expect(sent).toMatchObject({ status: "sent", recipients: ["leserin@example.org"] });
    const after = await world.run();
    expect(after.stdout).toMatch(new RegExp(`${k.name} .* überspringen +bereits versendet`));
    expect(broadcasts(world.s, k)).toHaveLength(1);
  });

  it("is never sent more than a day late: CI was down", async () => {
    const world = await setup([campaign(k)]);
    world.at(SEND_AT + 25 * HOUR);
    const late = await world.run();
    expect(late.code, late.stderr).toBe(0);
    expect(late.stdout).toMatch(
      new RegExp(`${k.name} .* überspringen +Versandzeit 07\\.12\\.2026, 07:30 liegt mehr als 24 Stunden zurück`),
    );
    expect(world.s.fake.calls("POST /broadcasts")).toBe(0);
  });

  it("follows a changed subject and a moved send time, and is withdrawn when the build drops it", async () => {
    const world = await setup([campaign(k)]);
    await world.run();
    world.at(START + HOUR);
    world.rebuild([campaign(k, { title: `${k.title} (korrigiert)`, sendAt: new Date(SEND_AT + HOUR) })]);
    const edited = await world.run();
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toMatch(new RegExp(`${k.name} .* aktualisieren +Betreff und Inhalt geändert; Versandzeit`));
    expectOne(world.s, k, `${k.title} (korrigiert)`, SEND_AT + HOUR);

    world.rebuild([]);
    const withdrawn = await world.run();
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(withdrawn.stdout).toMatch(new RegExp(`✓ ${k.name}: Kampagne .* zurückgezogen und gelöscht`));
    expect(broadcasts(world.s, k)).toEqual([]);
  });

  it.each([
    ["killed right after the create", { route: "POST /broadcasts", kind: "hang" as const, effect: "after" as const }],
    ["killed right after the send", { route: "POST /broadcasts/:id/send", kind: "hang" as const, effect: "after" as const }],
  ])("%s: the rerun leaves exactly one", async (_name, fault) => {
    const world = await setup([campaign(k)]);
    world.s.fake.fault(fault);
    const running = world.s.start(["--send"], world.env());
    world.s.fake.once("fault", () => running.child.kill("SIGKILL"));
    const killed = await running.done;
    expect(killed.signal).toBe("SIGKILL");
    world.s.fake.clearFaults();
    const rerun = await world.run();
    expect(rerun.code, rerun.stderr).toBe(0);
    expectOne(world.s, k, k.title);
    expect(everythingWritten(world.s, [killed, rerun])).not.toContain(SECRET_KEY);
  });

  it("killed between cancel and re-schedule: the rerun schedules the current content", async () => {
    const world = await setup([campaign(k)]);
    await world.run();
    world.at(START + HOUR);
    world.rebuild([campaign(k, { title: "Neuer Betreff" })]);
    world.s.fake.fault({ route: "POST /broadcasts/:id/cancel", kind: "hang", effect: "after" });
    const running = world.s.start(["--send"], world.env());
    world.s.fake.once("fault", () => running.child.kill("SIGKILL"));
    expect((await running.done).signal).toBe("SIGKILL");
    expect(broadcasts(world.s, k)).toEqual([expect.objectContaining({ status: "draft" })]);
    world.s.fake.clearFaults();
    const rerun = await world.run();
    expect(rerun.code, rerun.stderr).toBe(0);
    expectOne(world.s, k, "Neuer Betreff");
  });

  it.each([
    [
      "a 500 after the create took effect",
      { route: "POST /broadcasts", kind: "status" as const, status: 500, effect: "after" as const },
    ],
    [
      "a 500 after the send took effect",
      { route: "POST /broadcasts/:id/send", kind: "status" as const, status: 500, effect: "after" as const },
    ],
    [
      "a dropped connection after the send",
      { route: "POST /broadcasts/:id/send", kind: "drop" as const, effect: "after" as const },
    ],
  ])("%s: one run, exactly one", async (_name, fault) => {
    const world = await setup([campaign(k)]);
    world.s.fake.fault(fault);
    const run = await world.run();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("ging verloren");
    expectOne(world.s, k, k.title);
  });

  it("rides out a 429 storm on every route it takes", async () => {
    const world = await setup([campaign(k)]);
    for (const route of ["GET /broadcasts", "POST /broadcasts", "POST /broadcasts/:id/send"])
      world.s.fake.fault({ route, kind: "status", status: 429, retryAfterSeconds: 0.05, times: 3 });
    const run = await world.run();
    expect(run.code, run.stderr).toBe(0);
    expect(world.s.fake.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(9);
    expectOne(world.s, k, k.title);
  });

  it("two runs at once leave exactly one", async () => {
    const world = await setup([campaign(k)], { rateLimit: { requests: 8, windowMs: 40 } });
    world.s.fake.fault({ route: "POST /broadcasts", kind: "gate", times: 2 });
    const runs = await Promise.all([world.s.start(["--send"], world.env()).done, world.s.start(["--send"], world.env()).done]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expectOne(world.s, k, k.title);
  });
});

describe("newsletter --send: campaigns of every kind in one run", () => {
  it("keeps a post, an edition and a digest with the same send time apart, one broadcast each", async () => {
    const world = await setup([
      {
        id: "woche-50",
        title: "Ein Artikel mit demselben Namen",
        publishedAt: new Date(START - HOUR),
        sendAt: new Date(SEND_AT),
      },
      campaign(KINDS[0]!),
      campaign(KINDS[1]!),
    ]);
    const run = await world.run();
    expect(run.code, run.stderr).toBe(0);
    expect(world.s.fake.broadcastsNamed("post:woche-50")).toHaveLength(1);
    expectOne(world.s, KINDS[0]!, KINDS[0]!.title);
    expectOne(world.s, KINDS[1]!, KINDS[1]!.title);
    const test = await world.run(["--test", "autorin@example.org", "--edition", "woche-50"]);
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toContain("Testmail „[Test] Woche 50: Änderungswünsche freundlich begrenzen“ (edition:woche-50)");
  });
});
