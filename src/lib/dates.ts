/** Date helpers that know about the site's time zone, with no dependency on the runtime's zone. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached Intl.DateTimeFormat: constructing one costs about 0.1 ms, and a build formats
 * dates for every teaser, page, feed item and email.
 */
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = formatter("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which the given wall-clock time happens in `timeZone`. */
export function zonedTime(
  fields: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0);
  let guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  guess = wall - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Whether a frontmatter value is a date without a time of day: `2026-11-28` as written,
 * or YAML's date, which arrives as UTC midnight.
 */
export function isBareDate(value: unknown): boolean {
  if (value instanceof Date)
    return (
      value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0 && value.getUTCMilliseconds() === 0
    );
  return typeof value === "string" && ISO_DATE.test(value.trim());
}

/**
 * Reads a frontmatter date. A bare date (`2026-11-28`, or YAML's date which arrives as
 * UTC midnight) means midnight in `timeZone`; a date-time without offset is wall-clock
 * time in `timeZone`; an explicit offset is honoured. Returns undefined when unreadable.
 */
export function parsePostDate(value: unknown, timeZone: string): Date | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    if (!isBareDate(value)) return value;
    return zonedTime({ year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() }, timeZone);
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const bare = ISO_DATE.exec(text);
  if (bare) {
    const [year, month, day] = bare.slice(1).map(Number) as [number, number, number];
    return isRealDate(year, month, day) ? zonedTime({ year, month, day }, timeZone) : undefined;
  }
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1).map((v) => Number(v ?? 0)) as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
    return zonedTime({ year, month, day, hour, minute, second }, timeZone);
  }
  if (OFFSET_DATE_TIME.test(text)) {
    const parsed = new Date(text.replace(" ", "T"));
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  return undefined;
}

/** Formats a date for readers, e.g. "28. November 2026". */
export function formatDate(date: Date, locale: string, timeZone: string): string {
  return formatter(locale, { day: "numeric", month: "long", year: "numeric", timeZone }).format(date);
}

/** Date and time for people, e.g. "1. März 2027, 09:00 Uhr" in the site's zone. */
export function formatDateTime(date: Date, locale: string, timeZone: string): string {
  const day = formatDate(date, locale, timeZone);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" }).format(date);
  return locale.startsWith("de") ? `${day}, ${time}\u00a0Uhr` : `${day}, ${time}`;
}

/** The calendar year of `date` in `timeZone` (for the archive). */
export function yearIn(date: Date, timeZone: string): number {
  return Number(formatter("en-US", { year: "numeric", timeZone }).format(date));
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-28T00:00:00+01:00 (manifest, JSON-LD). */
export function toZonedIso(date: Date, timeZone: string): string {
  const offset = zoneOffsetMs(date, timeZone);
  const local = new Date(date.getTime() + offset);
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset) / 60000;
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}
