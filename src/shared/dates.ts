/**
 * Calendar dates written YYYY-MM-DD (the one strict parser every module uses): `2026-02-30` and
 * `2026-2-3` are not dates. Dates are civil dates in China (Asia/Shanghai); no time zone applies.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The year, month and day of a real calendar date written YYYY-MM-DD, or null. */
export function parseIsoDate(s: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(s)
  if (!m) {
    return null
  }
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null
  }
  return { year, month, day }
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null
}

/** YYYY-MM-DD of a year, month (1–12) and day, or null when there is no such day. */
export function isoDateOf(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || month < 1 || month > 12) {
    return null
  }
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    return null
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}
