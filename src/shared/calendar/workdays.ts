import { readdirSync, readFileSync } from 'node:fs'

/**
 * China's working-day calendar (pure over its data). Statutory holidays follow
 * 《全国年节及纪念日放假办法》 (国务院令第795号, in force 2025-01-01); the actual days off and the
 * make-up working days (调休) of each year come from the 国务院办公厅 notice 《关于YYYY年部分节假日安排的
 * 通知》, vendored as `holiday-cn/{year}.json` (see its README). Deadlines counted in 工作日
 * (条例 Art. 26 publication, Art. 33 replies) use this calendar.
 *
 * Dates are `YYYY-MM-DD` text, calendar days with no time zone.
 */

export interface CalendarDay {
  date: string
  /** Holiday name, e.g. 国庆节. */
  name: string
  /** true: rest day (holiday); false: adjusted working day (调休上班). */
  isOffDay: boolean
}

export interface DayInfo {
  date: string
  working: boolean
  /** The holiday name when the day is a listed holiday or make-up day. */
  holiday: string | null
  /** An adjusted working day on a weekend (调休上班). */
  makeUp: boolean
}

export interface WorkingDayResult {
  date: string
  /** True when the count crossed a year the calendar has no notice for (weekday rule assumed). */
  estimated: boolean
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

/** Days since 1970-01-01 of a YYYY-MM-DD date; throws on malformed input. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date)
  if (!m) {
    throw new RangeError(`date must be YYYY-MM-DD, got ${date}`)
  }
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const back = new Date(ms).toISOString().slice(0, 10)
  if (back !== date) {
    throw new RangeError(`no such date: ${date}`)
  }
  return ms / DAY_MS
}

/** The YYYY-MM-DD date of a day number. */
export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

/** `date` plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay()
}

/** The calendar date of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

export class WorkCalendar {
  private readonly days = new Map<string, CalendarDay>()
  private readonly covered: Set<number>

  /**
   * @param days listed holidays and make-up days (later entries win on the same date)
   * @param coveredYears years whose notice is included; outside them only the weekday rule applies
   */
  constructor(days: Iterable<CalendarDay>, coveredYears: Iterable<number>) {
    for (const d of days) {
      dayNumber(d.date)
      this.days.set(d.date, d)
    }
    this.covered = new Set(coveredYears)
  }

  /** Years with a published notice in this calendar, ascending. */
  coveredYears(): number[] {
    return [...this.covered].sort((a, b) => a - b)
  }

  /** True when the notice for the date's year is in the calendar. */
  isCovered(date: string): boolean {
    return this.covered.has(Number(date.slice(0, 4)))
  }

  dayInfo(date: string): DayInfo {
    const listed = this.days.get(date)
    const wd = weekday(date)
    const weekend = wd === 0 || wd === 6
    if (listed) {
      return {
        date,
        working: !listed.isOffDay,
        holiday: listed.name,
        makeUp: !listed.isOffDay && weekend,
      }
    }
    return { date, working: !weekend, holiday: null, makeUp: false }
  }

  isWorkingDay(date: string): boolean {
    return this.dayInfo(date).working
  }

  /**
   * The `n`th working day after `date` (the start day itself is not counted, as in 「自…之日起
   * 20个工作日内」). n = 0 gives `date` itself; a negative n counts backwards.
   */
  addWorkingDays(date: string, n: number): WorkingDayResult {
    if (!Number.isInteger(n)) {
      throw new RangeError(`working days must be an integer, got ${n}`)
    }
    let day = dayNumber(date)
    let estimated = !this.isCovered(date)
    const step = n < 0 ? -1 : 1
    let left = Math.abs(n)
    while (left > 0) {
      day += step
      const d = dateOfDayNumber(day)
      if (!this.isCovered(d)) {
        estimated = true
      }
      if (this.isWorkingDay(d)) {
        left -= 1
      }
    }
    return { date: dateOfDayNumber(day), estimated }
  }

  /**
   * Working days in the half-open range (from, to]: 0 when equal, negative when `to` is before
   * `from` (then it counts the working days in (to, from], negated).
   */
  workingDaysBetween(from: string, to: string): number {
    const a = dayNumber(from)
    const b = dayNumber(to)
    if (a === b) {
      return 0
    }
    const lo = Math.min(a, b)
    const hi = Math.max(a, b)
    let count = 0
    for (let d = lo + 1; d <= hi; d++) {
      if (this.isWorkingDay(dateOfDayNumber(d))) {
        count += 1
      }
    }
    return b > a ? count : -count
  }

  /** The first working day on or after `date`. */
  nextWorkingDayOnOrAfter(date: string): string {
    let d = date
    while (!this.isWorkingDay(d)) {
      d = addCalendarDays(d, 1)
    }
    return d
  }
}

interface HolidayFile {
  year: number
  days: CalendarDay[]
}

/** Reads the vendored holiday-cn files into a calendar (every non-empty year counts as covered). */
export function loadHolidayCnCalendar(dir: URL = new URL('./holiday-cn/', import.meta.url)): WorkCalendar {
  const days: CalendarDay[] = []
  const years: number[] = []
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
  for (const f of files) {
    const data = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as HolidayFile
    if (data.days.length > 0) {
      years.push(data.year)
      days.push(...data.days.map((d) => ({ date: d.date, name: d.name, isOffDay: d.isOffDay })))
    }
  }
  return new WorkCalendar(days, years)
}

let cached: WorkCalendar | undefined

/** The installation's calendar (vendored data, loaded once). */
export function chinaCalendar(): WorkCalendar {
  cached ??= loadHolidayCnCalendar()
  return cached
}

/** The `n`th working day after `date` on China's calendar (see WorkCalendar.addWorkingDays). */
export function addWorkingDays(date: string, n: number): string {
  return chinaCalendar().addWorkingDays(date, n).date
}

/** Working days in (from, to] on China's calendar. */
export function workingDaysBetween(from: string, to: string): number {
  return chinaCalendar().workingDaysBetween(from, to)
}

export function isWorkingDay(date: string): boolean {
  return chinaCalendar().isWorkingDay(date)
}
