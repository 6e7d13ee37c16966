/**
 * What the hourly publish run must not miss besides posts and public editions
 * (publish.ts): an edition or digest whose campaign may now be created, a day before its
 * send time. Pure; `rundbrief due` reads the files and asks here.
 */
import { MAX_SEND_DELAY_MS } from "./plan.ts";
import { digestPeriodOf, digestSendAt, type DigestSchedule } from "./periods.ts";

/** One reason for the run to go on, in German, for the log. */
export interface DueReason {
  name: string;
  text: string;
}

/**
 * Editions and digests whose campaign became due for scheduling within `windowMs` before
 * `now`: the day before their send time began.
 */
export function issuesBecameDue(
  input: {
    editions: ReadonlyArray<{ id: string; draft: boolean; sendAt: Date }>;
    /** Mailable posts (published, newsletter on, not before `since`). */
    posts: ReadonlyArray<{ pubDate: Date }>;
    digest: DigestSchedule | null;
    timeZone: string;
  },
  now: Date,
  windowMs: number,
  format: (date: Date) => string,
): DueReason[] {
  const within = (instant: number) => instant <= now.getTime() && instant > now.getTime() - windowMs;
  const reasons: DueReason[] = [];
  for (const edition of input.editions) {
    if (edition.draft) continue;
    const sendAt = edition.sendAt.getTime();
    if (within(sendAt - MAX_SEND_DELAY_MS))
      reasons.push({ name: `edition:${edition.id}`, text: `wird für ${format(edition.sendAt)} geplant` });
  }
  if (input.digest) {
    const seen = new Set<string>();
    for (const post of input.posts) {
      const period = digestPeriodOf(post.pubDate, input.digest.every, input.timeZone);
      if (seen.has(period.name)) continue;
      seen.add(period.name);
      const sendAt = digestSendAt(period, input.digest, input.timeZone);
      if (within(sendAt.getTime() - MAX_SEND_DELAY_MS))
        reasons.push({ name: period.name, text: `wird für ${format(sendAt)} geplant` });
    }
  }
  return reasons;
}
