/**
 * CLI-only settings from the environment (the secret, where Resend lives, pacing, the
 * journal folder, the live wait), checked all at once so each problem gets one line
 * before any API call.
 */
import { buildNow } from "../../src/lib/publish.ts";
import { DEFAULT_LIVE_TIMEOUT_MS } from "../../src/lib/newsletter/live-check.ts";
import { DEFAULT_MIN_INTERVAL_MS } from "../../src/lib/newsletter/resend-port.ts";
import type { NewsletterArgs } from "./newsletter-args.ts";

/** Everything the CLI reads from the environment besides the newsletter config. */
export interface RuntimeSettings {
  /** RESEND_API_KEY; null when unset (then the CLI only plans). */
  apiKey: string | null;
  /** RESEND_BASE_URL, e.g. the fake server in tests. */
  baseUrl: string | null;
  minIntervalMs: number;
  timeoutMs: number;
  journalDir: string;
  /** How long to wait for a post URL; 0 with --no-wait-live is handled by the caller. */
  liveWaitMs: number;
  /** BUILD_NOW or the clock. */
  now: Date;
}

/** One line per bad variable. */
export class RuntimeSettingsError extends Error {}

function nonNegativeNumber(env: Record<string, string | undefined>, name: string, fallback: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    problems.push(`${name} „${raw}“ muss eine Zahl ≥ 0 sein.`);
    return fallback;
  }
  return value;
}

/** Where Resend is and how the CLI paces it, from the environment. */
export interface ResendConnection {
  /** RESEND_BASE_URL, e.g. the fake server in tests; null: Resend itself. */
  baseUrl: string | null;
  /** RESEND_MIN_INTERVAL_MS: least time between two request starts. */
  minIntervalMs: number;
  /** RESEND_TIMEOUT_MS: per request. */
  timeoutMs: number;
}

/** RESEND_BASE_URL, RESEND_MIN_INTERVAL_MS and RESEND_TIMEOUT_MS for every CLI command that calls Resend; adds one line per bad variable to `problems`. */
export function resendConnection(env: Record<string, string | undefined>, problems: string[]): ResendConnection {
  const baseUrl = env.RESEND_BASE_URL?.trim().replace(/\/+$/, "") || null;
  if (baseUrl !== null && !URL.canParse(baseUrl))
    problems.push(`RESEND_BASE_URL „${baseUrl}“ ist keine URL (z. B. https://api.resend.com).`);
  return {
    baseUrl,
    minIntervalMs: nonNegativeNumber(env, "RESEND_MIN_INTERVAL_MS", DEFAULT_MIN_INTERVAL_MS, problems),
    timeoutMs: nonNegativeNumber(env, "RESEND_TIMEOUT_MS", 30_000, problems),
  };
}

/** Reads and checks the CLI's environment; throws RuntimeSettingsError listing every problem. */
export function resolveRuntimeSettings(env: Record<string, string | undefined>, args: NewsletterArgs): RuntimeSettings {
  const problems: string[] = [];
  const { baseUrl, minIntervalMs, timeoutMs } = resendConnection(env, problems);
  const liveWaitSeconds =
    args.waitLiveSeconds ?? nonNegativeNumber(env, "NEWSLETTER_LIVE_WAIT_SECONDS", DEFAULT_LIVE_TIMEOUT_MS / 1000, problems);
  let now = new Date();
  try {
    now = buildNow(env);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0) throw new RuntimeSettingsError(problems.join("\n"));
  return {
    apiKey: env.RESEND_API_KEY?.trim() || null,
    baseUrl,
    minIntervalMs,
    timeoutMs,
    journalDir: env.NEWSLETTER_JOURNAL_DIR?.trim() || ".newsletter",
    liveWaitMs: liveWaitSeconds * 1000,
    now,
  };
}
