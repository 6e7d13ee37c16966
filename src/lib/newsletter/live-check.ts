/**
 * "Live before sent": a newsletter links to its post, so the post's public URL must answer
 * 200 before the campaign goes out. The deploy may still be running, hence the wait.
 */

/** Outcome of waiting for a URL. */
export type LiveCheckResult =
  { live: true; attempts: number } | { live: false; attempts: number; lastStatus: number | null; lastError: string | null };

/** Waiting budget and injectable I/O (tests pass a fake clock and fetch). */
export interface LiveCheckOptions {
  /** Total time to wait (default 10 minutes); 0 means one attempt. */
  timeoutMs: number;
  /** Pause between attempts; default a twentieth of the timeout, between 0.1 and 10 s. */
  intervalMs?: number;
  fetchStatus?: (url: string, signal: AbortSignal) => Promise<number>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Default wait for a post to go live: deploys usually finish well within it. */
export const DEFAULT_LIVE_TIMEOUT_MS = 10 * 60 * 1000;

async function fetchStatusWithFetch(url: string, signal: AbortSignal): Promise<number> {
  const response = await fetch(url, { signal, redirect: "follow", cache: "no-store", headers: { "cache-control": "no-cache" } });
  await response.body?.cancel();
  return response.status;
}

/** Polls `url` until it answers 200 or the time is up. */
export async function waitUntilLive(url: string, options: LiveCheckOptions): Promise<LiveCheckResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const fetchStatus = options.fetchStatus ?? fetchStatusWithFetch;
  const interval = options.intervalMs ?? Math.min(10_000, Math.max(100, options.timeoutMs / 20));
  const deadline = now() + options.timeoutMs;
  let attempts = 0;
  let lastStatus: number | null;
  let lastError: string | null;
  for (;;) {
    attempts += 1;
    const remaining = Math.max(1000, Math.min(10_000, deadline - now()));
    try {
      lastStatus = await fetchStatus(url, AbortSignal.timeout(remaining));
      lastError = null;
      if (lastStatus === 200) return { live: true, attempts };
    } catch (error) {
      lastStatus = null;
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (now() + interval > deadline) return { live: false, attempts, lastStatus, lastError };
    await sleep(interval);
  }
}
