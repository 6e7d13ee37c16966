/**
 * Newsletter settings after environment overrides, read the same way by the build and
 * the CLI. The API key is deliberately not part of this: only the send port reads it.
 */
import type { NewsletterSettings } from "../../config.ts";
import { parsePostDate } from "../dates.ts";
import { WEEKDAYS, type DigestSchedule } from "./periods.ts";
import { parseClockTime } from "./send-time.ts";

/** Validated settings; `since` is an instant or null (every published post is a candidate). */
export interface NewsletterConfig {
  since: Date | null;
  maxPerRun: number;
  from: string;
  replyTo: string[];
  segmentId: string | null;
  subscribeUrl: string | null;
  /** "07:30" or undefined: see newsletter.sendTime. */
  sendTime: string | undefined;
  /** newsletter.safetyMarginMinutes in milliseconds. */
  safetyMarginMs: number;
  /** newsletter.digest with its time read; null without digests. */
  digest: (DigestSchedule & { subject?: string | undefined; intro?: string | undefined }) | null;
  /** Whether posts get a campaign each: newsletter.perPost, by default only without a digest. */
  perPost: boolean;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const FROM = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

/** Thrown with one line per bad setting; the CLI prints it and exits 2. */
export class NewsletterConfigError extends Error {}

/** The raw `since` setting: NEWSLETTER_SINCE, else newsletter.since; undefined when neither is set. */
function sinceSetting(settings: NewsletterSettings, env: Record<string, string | undefined>): string | undefined {
  const fromEnv = env.NEWSLETTER_SINCE?.trim();
  return fromEnv ? fromEnv : settings.since;
}

/**
 * From when posts are mailed, for checks that only concern mailed posts (null: every
 * post; also when the setting is unreadable, which resolveNewsletterConfig reports).
 */
export function mailingSince(
  settings: NewsletterSettings,
  env: Record<string, string | undefined>,
  timeZone: string,
): Date | null {
  const raw = sinceSetting(settings, env);
  return raw === undefined ? null : (parsePostDate(raw, timeZone) ?? null);
}

const DIGEST_SETTING = new RegExp(`^(day|week|month)(?:\\s+(${WEEKDAYS.join("|")}))?\\s+([01]\\d|2[0-3]):([0-5]\\d)$`);

/**
 * NEWSLETTER_DIGEST: "week monday 07:30", "day 07:30", "month 07:30", or "off"; null when
 * unset or unreadable (then `problem` says why).
 */
function digestFromEnv(raw: string): { digest: DigestSchedule | null } | { problem: string } {
  if (raw === "off") return { digest: null };
  const match = DIGEST_SETTING.exec(raw);
  if (!match || (match[2] && match[1] !== "week")) {
    return {
      problem: `NEWSLETTER_DIGEST „${raw}“: erwartet „week monday 07:30“, „day 07:30“, „month 07:30“ oder „off“.`,
    };
  }
  const every = match[1] as DigestSchedule["every"];
  return {
    digest: {
      every,
      ...(every === "week" ? { on: (match[2] ?? "monday") as DigestSchedule["on"] } : {}),
      at: { hour: Number(match[3]), minute: Number(match[4]) },
    },
  };
}

/**
 * Merges config and env (NEWSLETTER_SINCE, NEWSLETTER_MAX_PER_RUN, NEWSLETTER_FROM,
 * NEWSLETTER_REPLY_TO, NEWSLETTER_DIGEST, RESEND_SEGMENT_ID).
 */
export function resolveNewsletterConfig(
  settings: NewsletterSettings,
  env: Record<string, string | undefined>,
  timeZone: string,
): NewsletterConfig {
  const problems: string[] = [];
  const pick = (name: string, fallback: string | undefined) => {
    const value = env[name];
    return value !== undefined && value.trim() !== "" ? value.trim() : fallback;
  };

  const sinceRaw = sinceSetting(settings, env);
  let since: Date | null = null;
  if (sinceRaw !== undefined) {
    since = parsePostDate(sinceRaw, timeZone) ?? null;
    if (!since)
      problems.push(`NEWSLETTER_SINCE/newsletter.since „${sinceRaw}“ ist kein Datum (JJJJ-MM-TT oder ISO mit Uhrzeit).`);
  }

  const maxRaw = pick("NEWSLETTER_MAX_PER_RUN", String(settings.maxPerRun));
  const maxPerRun = Number(maxRaw);
  if (!Number.isInteger(maxPerRun) || maxPerRun < 1) {
    problems.push(`NEWSLETTER_MAX_PER_RUN/newsletter.maxPerRun „${maxRaw}“ muss eine ganze Zahl ≥ 1 sein.`);
  }

  const from = pick("NEWSLETTER_FROM", settings.from) ?? "";
  if (!FROM.test(from))
    problems.push(`NEWSLETTER_FROM/newsletter.from „${from}“ muss „Name <adresse@domain.de>“ oder eine E-Mail-Adresse sein.`);

  const replyRaw = pick("NEWSLETTER_REPLY_TO", settings.replyTo);
  const replyTo = replyRaw
    ? replyRaw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  for (const address of replyTo) {
    if (!EMAIL.test(address)) problems.push(`NEWSLETTER_REPLY_TO/newsletter.replyTo „${address}“ ist keine E-Mail-Adresse.`);
  }

  const segmentId = pick("RESEND_SEGMENT_ID", settings.segmentId) ?? null;

  const configured = settings.digest
    ? {
        every: settings.digest.every,
        ...(settings.digest.every === "week" ? { on: settings.digest.on ?? "monday" } : {}),
        // The schema has checked the format.
        at: parseClockTime(settings.digest.at)!,
      }
    : null;
  const digestRaw = pick("NEWSLETTER_DIGEST", undefined);
  const fromEnv = digestRaw === undefined ? { digest: configured } : digestFromEnv(digestRaw);
  if ("problem" in fromEnv) problems.push(fromEnv.problem);
  const schedule = "digest" in fromEnv ? fromEnv.digest : null;

  if (problems.length > 0) throw new NewsletterConfigError(problems.join("\n"));
  return {
    since,
    maxPerRun,
    from,
    replyTo,
    segmentId,
    subscribeUrl: settings.subscribeUrl ?? null,
    sendTime: settings.sendTime,
    safetyMarginMs: settings.safetyMarginMinutes * 60_000,
    digest: schedule ? { ...schedule, subject: settings.digest?.subject, intro: settings.digest?.intro } : null,
    // Digests on in the config or the environment both turn per-post mails off by default, so
    // NEWSLETTER_DIGEST=off on a blog with digests never mails every post since `since` one by one.
    perPost: settings.perPost ?? !(settings.digest || schedule),
  };
}
