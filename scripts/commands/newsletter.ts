/**
 * `rundbrief newsletter`: turns the build's newsletter manifest into exactly one Resend
 * campaign per post, edition and digest, each at its send time. Plans by default (safe:
 * that is what `rundbrief build` runs); `--send` applies the plan, `--test <address>`
 * mails one campaign to one address. The work
 * is `runNewsletter`, in named phases (settings, build output, existing campaigns, plan,
 * apply); the rules live in src/lib/newsletter, the words in scripts/lib.
 */
import { dirname, resolve } from "node:path";
import { applyNewsletterPlan, type ApplyResult } from "../../src/lib/newsletter/apply.ts";
import { newestCreatedAt, type ExistingBroadcast } from "../../src/lib/newsletter/broadcast.ts";
import { NewsletterConfigError, resolveNewsletterConfig, type NewsletterConfig } from "../../src/lib/newsletter/config.ts";
import { appendJournal, journalEntry, type JournalEntry } from "../../src/lib/newsletter/journal.ts";
import { waitUntilLive } from "../../src/lib/newsletter/live-check.ts";
import type { Manifest } from "../../src/lib/newsletter/manifest.ts";
import {
  broadcastsToCheckForRename,
  broadcastsToReconcile,
  effectiveSince,
  isCorrection,
  needsEmail,
  listingCutoff,
  planNewsletter,
  type NewsletterPlan,
  type PlanOptions,
  type PlanSettings,
  type ScheduledContent,
} from "../../src/lib/newsletter/plan.ts";
import { scheduledContentOf } from "../lib/newsletter-files.ts";
import { createResendPort, type ResendPort } from "../../src/lib/newsletter/resend-port.ts";
import type { ResendFailure } from "../../src/lib/resend-call.ts";
import { campaignForTest, testEmailFor, testIdempotencyKey } from "../../src/lib/newsletter/test-email.ts";
import { NEWSLETTER_USAGE, UsageError, parseNewsletterArgs, type NewsletterArgs } from "../lib/newsletter-args.ts";
import { BuildOutputError, loadCampaignEmail, readManifestFile } from "../lib/newsletter-files.ts";
import {
  apiCallsText,
  campaignModeText,
  eventText,
  failureText,
  formatDateTime,
  formatPlanTable,
  journalText,
  outcomeText,
  planSummary,
  previewLines,
  redactSecret,
  refusalText,
  renameWarnings,
  uncheckedRenamesText,
} from "../lib/newsletter-output.ts";
import { RuntimeSettingsError, resolveRuntimeSettings, type RuntimeSettings } from "../lib/newsletter-runtime.ts";
import { loadConfig } from "../lib/load-config.ts";
import { ConfigError, type RundbriefConfig } from "../../src/config.ts";
import { EXIT, type Command, type CommandIo } from "../lib/cli-io.ts";

const EXIT_DONE = EXIT.done;
const EXIT_FAILED = EXIT.failed;
const EXIT_USAGE = EXIT.usage;

interface Console {
  /** Human output: stdout, or stderr when --json owns stdout. */
  say(line: string): void;
  /** Errors and warnings: always stderr. */
  warn(line: string): void;
  /** The one JSON document of --json. */
  json(value: unknown): void;
}

function createConsole(io: CommandIo, secret: string | null, json: boolean): Console {
  return {
    say: (line) => (json ? io.err : io.out)(redactSecret(line, secret)),
    warn: (line) => io.err(redactSecret(line, secret)),
    json: (value) => {
      if (json) io.out(redactSecret(JSON.stringify(value, null, 2), secret));
    },
  };
}

/** Auth and validation problems are configuration: exit 2; everything else failed: exit 1. */
function exitCodeFor(failure: ResendFailure): number {
  return failure.kind === "auth" || failure.kind === "validation" ? EXIT_USAGE : EXIT_FAILED;
}

/**
 * The whole newsletter run for the blog in `cwd`: plan, and with `--send` apply; returns
 * the exit code (0 done, 1 failed, 2 usage or configuration). `rundbrief build` calls it
 * for its dry run.
 */
export async function runNewsletter(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CommandIo,
  cwd = process.cwd(),
): Promise<number> {
  try {
    return await newsletterPhases(argv, env, io, cwd);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(redactSecret(`Unerwarteter Fehler im Newsletter-Lauf:\n${detail}`, env.RESEND_API_KEY?.trim() || null));
    return EXIT_FAILED;
  }
}

async function newsletterPhases(
  argv: string[],
  env: Record<string, string | undefined>,
  stdio: CommandIo,
  cwd: string,
): Promise<number> {
  const secret = env.RESEND_API_KEY?.trim() || null;
  let args: NewsletterArgs;
  try {
    args = parseNewsletterArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const io = createConsole(stdio, secret, false);
    io.warn(error.message);
    io.warn("");
    io.warn(NEWSLETTER_USAGE);
    return EXIT_USAGE;
  }
  const io = createConsole(stdio, secret, args.json);
  if (args.help) {
    io.say(NEWSLETTER_USAGE);
    return EXIT_DONE;
  }

  // Phase 1, settings: the blog's config, the environment and the flags, all checked before any API call.
  let siteConfig: RundbriefConfig;
  try {
    siteConfig = await loadConfig(cwd);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.warn(error.message);
    return EXIT_USAGE;
  }
  const problems: string[] = [];
  let config: NewsletterConfig | null = null;
  let runtime: RuntimeSettings | null = null;
  try {
    config = resolveNewsletterConfig(siteConfig.newsletter, env, siteConfig.timeZone);
  } catch (error) {
    if (!(error instanceof NewsletterConfigError)) throw error;
    problems.push(...error.message.split("\n"));
  }
  try {
    runtime = resolveRuntimeSettings(env, args);
  } catch (error) {
    if (!(error instanceof RuntimeSettingsError)) throw error;
    problems.push(...error.message.split("\n"));
  }
  if ((args.send || args.test) && !secret) {
    problems.push(
      `RESEND_API_KEY fehlt: ohne Schlüssel wird nichts gesendet (${args.send ? "--send" : "--test"}). Ohne diese Option wird nur geplant.`,
    );
  }
  if (args.send && !(env.RESEND_SEGMENT_ID?.trim() || siteConfig.newsletter.segmentId)) {
    problems.push(
      "RESEND_SEGMENT_ID fehlt (oder newsletter.segmentId in rundbrief.config.ts): an welches Resend-Segment soll die Kampagne gehen?",
    );
  }
  if (problems.length > 0 || !config || !runtime) {
    io.warn("Konfiguration unvollständig – es wurde nichts bei Resend angefragt:");
    for (const problem of problems) io.warn(`  - ${problem}`);
    return EXIT_USAGE;
  }

  // Phase 2, build output: the manifest the build wrote (the CLI never reads MDX).
  const manifestPath = resolve(cwd, args.manifest);
  let manifest: Manifest;
  try {
    manifest = readManifestFile(manifestPath, args.manifest);
  } catch (error) {
    if (!(error instanceof BuildOutputError)) throw error;
    io.warn(error.message);
    return EXIT_USAGE;
  }
  if (args.only && !manifest.campaigns.some((entry) => entry.name === args.only)) {
    const known = manifest.campaigns.map((entry) => entry.name).join(", ") || "keine";
    io.warn(
      `„${args.only}“: diese Kampagne gibt es im Manifest ${args.manifest} nicht ` +
        `(Entwurf, vor dem Stichtag, ${manifest.perPost ? "" : "Einzelversand abgeschaltet, "}oder eine Übersicht ohne neue Artikel?). Vorhanden: ${known}.`,
    );
    return EXIT_USAGE;
  }

  const port = secret
    ? createResendPort({
        apiKey: secret,
        ...(runtime.baseUrl ? { baseUrl: runtime.baseUrl } : {}),
        minIntervalMs: runtime.minIntervalMs,
        timeoutMs: runtime.timeoutMs,
      })
    : null;
  const record = async (entry: Omit<JournalEntry, "at">) => {
    const full = journalEntry(entry, new Date());
    await appendJournal(resolve(cwd, runtime.journalDir), full);
    io.say(journalText(full));
  };

  if (args.test && port) return sendTestEmail(args, args.test, manifestPath, manifest, config, port, record, io, runtime.now);

  const since = effectiveSince(config.since, manifest.since);
  const where = { locale: siteConfig.locale, timeZone: siteConfig.timeZone, since, now: runtime.now };
  if (config.since && manifest.since && config.since.getTime() !== Date.parse(manifest.since)) {
    io.warn(
      `Hinweis: Stichtag der Konfiguration (${formatDateTime(config.since, where)}) und des Builds (${formatDateTime(manifest.since, where)}) ` +
        `unterscheiden sich; es gilt der spätere (${formatDateTime(since ?? config.since, where)}).`,
    );
  }
  const settings: PlanSettings = {
    since,
    maxPerRun: config.maxPerRun,
    safetyMarginMs: config.safetyMarginMs,
    segmentId: config.segmentId,
    from: config.from,
    replyTo: config.replyTo,
  };
  const options: PlanOptions = { now: runtime.now, only: args.only, force: args.force };

  // Phase 3, existing campaigns: what Resend already has, newest first, only as far back as needed.
  const started = performance.now();
  const cutoff = listingCutoff(manifest, settings, options);
  let existing: ExistingBroadcast[] = [];
  const scheduled = new Map<string, ScheduledContent>();
  if (port && cutoff) {
    const listed = await port.listBroadcasts(cutoff);
    if (!listed.ok) {
      io.warn(`Die vorhandenen Kampagnen ließen sich nicht abrufen; es wurde nichts gesendet.\n${failureText(listed.failure)}`);
      return exitCodeFor(listed.failure);
    }
    existing = listed.value;
    const renameCheck = broadcastsToCheckForRename(manifest, existing, planNewsletter(manifest, existing, settings, options));
    if (renameCheck.unchecked > 0) io.warn(uncheckedRenamesText(renameCheck.unchecked));
    for (const id of renameCheck.ids) {
      const detail = await port.getBroadcast(id);
      if (!detail.ok) {
        io.warn(`Kampagne ${id} ließ sich nicht abrufen; es wurde nichts gesendet.\n${failureText(detail.failure)}`);
        return exitCodeFor(detail.failure);
      }
      existing = existing.map((b) => (b.id === id ? { ...b, subject: detail.value.subject } : b));
    }
    // Campaigns still waiting for their send time: what they would send, to reconcile them with the content.
    for (const id of broadcastsToReconcile(existing, settings, options)) {
      const detail = await port.getBroadcast(id);
      if (!detail.ok) {
        io.warn(`Kampagne ${id} ließ sich nicht abrufen; es wurde nichts geändert.\n${failureText(detail.failure)}`);
        return exitCodeFor(detail.failure);
      }
      scheduled.set(id, scheduledContentOf(detail.value));
    }
  }
  // Phase 4, plan: one action per post, with its reason.
  const plan = planNewsletter(manifest, existing, settings, options, scheduled);
  const planningMs = Math.round(performance.now() - started);

  const report = (extra: { outcomes?: ApplyResult["outcomes"]; exitCode: number }) =>
    io.json({
      mode: args.send ? "send" : "plan",
      checkedWithResend: port !== null,
      since: since?.toISOString() ?? null,
      maxPerRun: config.maxPerRun,
      force: args.force,
      refusal: plan.refusal,
      items: plan.items,
      apiCalls: port?.requestCount() ?? 0,
      planningMs,
      ...extra,
    });

  if (!port)
    io.say(
      "RESEND_API_KEY ist nicht gesetzt: nur Planung, ohne Abgleich mit Resend („senden“ heißt: würde gesendet, falls es noch keine Kampagne gibt).",
    );
  printPlan(plan, where, { maxPerRun: config.maxPerRun, force: args.force }, io);
  const mode = campaignModeText(manifest);
  if (mode) io.say(mode);
  if (port) io.say(`Planung: ${planningMs} ms, ${apiCallsText(port.requestCount())}.`);

  if (!args.send) {
    if (plan.refusal) for (const line of refusalText(plan.refusal)) io.say(line);
    if (plan.actions === 0) io.say("Nichts zu tun: keine Kampagne wartet auf den Versand.");
    else {
      for (const line of previewLines(plan, manifest, dirname(args.manifest))) io.say(line);
      io.say(port ? "Nur Plan – nichts versendet. Zum Versenden: rundbrief newsletter --send" : "Nur Plan – nichts versendet.");
    }
    report({ exitCode: EXIT_DONE });
    return EXIT_DONE;
  }
  const corrections = plan.items.filter((i) => isCorrection(i.action));
  if (plan.refusal) {
    for (const line of refusalText(plan.refusal)) io.warn(line);
    if (corrections.length === 0 || !port) {
      report({ exitCode: EXIT_USAGE });
      return EXIT_USAGE;
    }
    io.warn("Geplante Kampagnen werden trotzdem angepasst oder zurückgezogen: das verschickt nichts Neues.");
  }
  if (plan.actions === 0 || !port || !config.segmentId) {
    io.say("Nichts zu versenden.");
    report({ exitCode: EXIT_DONE });
    return EXIT_DONE;
  }

  // Phase 5, apply: the emails checked against the manifest, then each campaign created and sent once.
  const emails = new Map<string, { html: string; text: string; sha256: string }>();
  const entryOf = (name: string) => manifest.campaigns.find((c) => c.name === name)!;
  try {
    for (const item of plan.items.filter((i) => needsEmail(i.action))) {
      emails.set(item.name, loadCampaignEmail(manifestPath, entryOf(item.name)));
    }
  } catch (error) {
    if (!(error instanceof BuildOutputError)) throw error;
    io.warn(`${error.message}\nEs wurde nichts gesendet.`);
    report({ exitCode: EXIT_FAILED });
    return EXIT_FAILED;
  }

  const segmentId = config.segmentId;
  const result = await applyNewsletterPlan(plan, {
    port,
    listCutoff: cutoff,
    settleCutoff: newestCreatedAt(existing),
    emailFor: (item) => {
      const entry = entryOf(item.name);
      const email = emails.get(item.name)!;
      return {
        sha256: email.sha256,
        content: {
          name: entry.name,
          segmentId,
          from: config.from,
          replyTo: config.replyTo,
          subject: entry.subject,
          previewText: entry.previewText,
          html: email.html,
          text: email.text,
        },
      };
    },
    checkLive: args.waitLive ? (url) => waitUntilLive(url, { timeoutMs: runtime.liveWaitMs }) : null,
    record,
    onEvent: (event) => io.say(eventText(event)),
    // The run's clock (BUILD_NOW in tests) moved on by the time the run has taken so far.
    now: () => new Date(runtime.now.getTime() + (performance.now() - started)),
    safetyMarginMs: config.safetyMarginMs,
  });

  for (const outcome of result.outcomes) {
    const text = outcomeText(outcome, runtime.liveWaitMs, where, config.safetyMarginMs);
    if (outcome.status === "failed" || outcome.status === "not-live" || outcome.status === "too-late") io.warn(text);
    else io.say(text);
  }
  if (result.stoppedBy) io.warn("Lauf abgebrochen: weitere Kampagnen wurden nicht versucht.");
  io.say(`Insgesamt ${apiCallsText(port.requestCount())}.`);

  // A correction that came too late failed too: the campaign goes out without it, and someone should know.
  const anyFailed = result.outcomes.some((o) => o.status === "failed" || o.status === "not-live" || o.status === "too-late");
  const exitCode = result.stoppedBy
    ? exitCodeFor(result.stoppedBy)
    : plan.refusal
      ? EXIT_USAGE
      : anyFailed
        ? EXIT_FAILED
        : EXIT_DONE;
  report({ outcomes: result.outcomes, exitCode });
  return exitCode;
}

function printPlan(
  plan: NewsletterPlan,
  where: { locale: string; timeZone: string; since: Date | null; now?: Date },
  limit: { maxPerRun: number; force: boolean },
  io: Console,
): void {
  const since = where.since ? formatDateTime(where.since, where) : "nicht gesetzt";
  io.say(
    `Newsletter-Plan – Stichtag: ${since}; höchstens ${limit.maxPerRun} pro Lauf${limit.force ? " (aufgehoben mit --force)" : ""}`,
  );
  for (const line of formatPlanTable(plan, where)) io.say(line);
  io.say(planSummary(plan));
  for (const warning of renameWarnings(plan)) io.warn(warning);
}

async function sendTestEmail(
  args: NewsletterArgs,
  address: string,
  manifestPath: string,
  manifest: Manifest,
  config: NewsletterConfig,
  port: ResendPort,
  record: (entry: Omit<JournalEntry, "at">) => Promise<void>,
  io: Console,
  now: Date,
): Promise<number> {
  const entry = campaignForTest(manifest.campaigns, args.only, now);
  if (!entry) {
    io.warn(
      `Das Manifest ${args.manifest} enthält keine eigene Kampagne eines veröffentlichten Artikels${manifest.perPost ? "" : " (newsletter.perPost ist aus)"}; eine Kampagne mit --post, --edition oder --digest wählen.`,
    );
    return EXIT_USAGE;
  }
  let body: { html: string; text: string; sha256: string };
  try {
    body = loadCampaignEmail(manifestPath, entry);
  } catch (error) {
    if (!(error instanceof BuildOutputError)) throw error;
    io.warn(error.message);
    return EXIT_FAILED;
  }
  const email = testEmailFor(entry, body, config, address, manifest.site);
  const sent = await port.sendEmail(email, testIdempotencyKey(entry, address));
  if (!sent.ok) {
    io.warn(`Testmail an ${address} fehlgeschlagen.\n${failureText(sent.failure)}`);
    return exitCodeFor(sent.failure);
  }
  await record({
    event: "test-sent",
    kind: entry.kind,
    id: entry.id,
    broadcastId: sent.value.id,
    broadcastName: entry.name,
    sha256: body.sha256,
    publishedAt: entry.publishedAt,
    note: `Testmail an ${address}`,
  });
  io.say(
    `Testmail „${email.subject}“ (${entry.name}) an ${address} gesendet (E-Mail ${sent.value.id}). An das Segment ging nichts.`,
  );
  io.json({
    mode: "test",
    campaign: entry.name,
    to: address,
    emailId: sent.value.id,
    apiCalls: port.requestCount(),
    exitCode: EXIT_DONE,
  });
  return EXIT_DONE;
}

/** `rundbrief newsletter`. */
export const newsletterCommand: Command = {
  help: NEWSLETTER_USAGE,
  run: (argv, context) => runNewsletter(argv, context.env, context.io, context.cwd),
};
