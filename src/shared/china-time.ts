/**
 * The one time zone of every page, letter and report: China Standard Time (Asia/Shanghai, UTC+8,
 * no daylight saving since 1991). Instants are stored as UTC ISO text; people see them here.
 */

const OFFSET_MS = 8 * 3_600_000

function shifted(at: Date | string): Date | null {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime()
  return Number.isNaN(t) ? null : new Date(t + OFFSET_MS)
}

/** The calendar date (YYYY-MM-DD) of an instant in China. */
export function chinaDateOf(at: Date | string): string {
  return shifted(at)?.toISOString().slice(0, 10) ?? String(at)
}

/** An instant as China time to the minute, e.g. 2026-10-20 10:00 (as given when unparseable). */
export function chinaMinute(at: Date | string): string {
  return shifted(at)?.toISOString().slice(0, 16).replace('T', ' ') ?? String(at)
}

/** An instant as China time to the second, e.g. 2026-11-28 09:05:03 (as given when unparseable). */
export function chinaSecond(at: Date | string): string {
  return shifted(at)?.toISOString().slice(0, 19).replace('T', ' ') ?? String(at)
}
