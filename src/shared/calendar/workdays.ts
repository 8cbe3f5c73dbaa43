import { DomainError } from '../errors.js'

/**
 * China's working-day calendar, pure over its data. Statutory holidays follow
 * 《全国年节及纪念日放假办法》 (国务院令第795号, in force 2025-01-01); the actual days off and the
 * make-up working days (调休) of each year come from the 国务院办公厅 notice 《关于YYYY年部分节假日安排的
 * 通知》: packaged (`holiday-cn/`, read by packaged.ts at start-up) or entered by an administrator
 * (modules/calendar). Deadlines counted in 工作日 (statutory-periods.ts) use this calendar.
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

/** Where a listed day comes from: the packaged notice data, or an administrator's entry. */
export type CalendarSource = 'notice' | 'admin'

/** Which source covers a year; 'none': no notice known, only the Monday–Friday rule applies. */
export type YearCoverage = 'notice' | 'admin' | 'both' | 'none'

/** One layer of days: a source, its listed days and the years it covers. */
export interface CalendarLayer {
  source: CalendarSource
  days: readonly CalendarDay[]
  years: readonly number[]
}

export interface DayInfo {
  date: string
  working: boolean
  /** The holiday name when the day is a listed holiday or make-up day. */
  holiday: string | null
  /** An adjusted working day on a weekend (调休上班). */
  makeUp: boolean
}

/** Why a day is or is not a working day. */
export interface DayExplanation {
  date: string
  working: boolean
  /** weekday / weekend by the Monday–Friday rule; holiday / make_up when a notice lists the day. */
  kind: 'weekday' | 'weekend' | 'holiday' | 'make_up'
  /** The holiday's name for a listed day (make-up days carry the holiday they make up for). */
  name: string | null
  /** The source that listed the day; null for an unlisted day. */
  source: CalendarSource | null
  /** False when no notice covers the day's year (the weekday rule is then only an estimate). */
  covered: boolean
}

export interface WorkingDayResult {
  date: string
  /** True when the count crossed a year the calendar has no notice for (weekday rule assumed). */
  estimated: boolean
}

/** Counting options: `strict` throws CalendarNotCoveredError instead of estimating. */
export interface CountOptions {
  strict?: boolean
}

/** A strict count reached a year no notice covers; names the year. */
export class CalendarNotCoveredError extends DomainError {
  readonly year: number

  constructor(year: number) {
    super('CALENDAR_YEAR_NOT_COVERED', `no holiday notice covers ${year}`, {
      userMessage: `尚未录入${year}年的节假日安排（国务院办公厅通知），无法按工作日计算期限。请系统管理员在“节假日安排”页面录入。`,
    })
    this.name = 'CalendarNotCoveredError'
    this.year = year
  }
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

function yearOf(date: string): number {
  return Number(date.slice(0, 4))
}

/** 0 = Sunday … 6 = Saturday, of a day number (1970-01-01 was a Thursday). */
function weekdayOfNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7
}

function yearOfNumber(n: number): number {
  return new Date(n * DAY_MS).getUTCFullYear()
}

export class WorkCalendar {
  private readonly days = new Map<string, CalendarDay & { source: CalendarSource }>()
  /** Listed days by day number: true = working (调休上班), false = rest day (the counting path). */
  private readonly listedWorking = new Map<number, boolean>()
  private readonly sources = new Map<number, Set<CalendarSource>>()

  /**
   * @param layers sources of listed days; a later layer wins on the same date (administrator
   *   entries are given after the packaged notices). A layer covers its `years`; outside every
   *   covered year only the weekday rule applies.
   */
  constructor(...layers: CalendarLayer[]) {
    for (const layer of layers) {
      for (const d of layer.days) {
        this.listedWorking.set(dayNumber(d.date), !d.isOffDay)
        this.days.set(d.date, { date: d.date, name: d.name, isOffDay: d.isOffDay, source: layer.source })
      }
      for (const y of layer.years) {
        const set = this.sources.get(y) ?? new Set<CalendarSource>()
        set.add(layer.source)
        this.sources.set(y, set)
      }
    }
  }

  /**
   * The packaged notices with administrator entries over them; each entry covers its date's year.
   */
  static withEntries(packaged: Omit<CalendarLayer, 'source'>, entries: readonly CalendarDay[]): WorkCalendar {
    return new WorkCalendar(
      { source: 'notice', days: packaged.days, years: packaged.years },
      { source: 'admin', days: entries, years: [...new Set(entries.map((e) => yearOf(e.date)))] },
    )
  }

  /** Which source covers a year. */
  coverage(year: number): YearCoverage {
    const s = this.sources.get(year)
    if (!s || s.size === 0) {
      return 'none'
    }
    return s.size === 2 ? 'both' : s.has('admin') ? 'admin' : 'notice'
  }

  /** Years with a notice in this calendar, ascending. */
  coveredYears(): number[] {
    return [...this.sources.keys()].sort((a, b) => a - b)
  }

  /** The first year from `fromYear` on that no source covers. */
  nextUncoveredYear(fromYear: number): number {
    let y = fromYear
    while (this.sources.has(y)) {
      y += 1
    }
    return y
  }

  /** True when a notice for the date's year is in the calendar. */
  isCovered(date: string): boolean {
    return this.sources.has(yearOf(date))
  }

  /** Why the day is (not) a working day: weekend, holiday and its name, or make-up working day. */
  explain(date: string): DayExplanation {
    const listed = this.days.get(date)
    const wd = weekday(date)
    const weekend = wd === 0 || wd === 6
    const covered = this.isCovered(date)
    if (listed) {
      return {
        date,
        working: !listed.isOffDay,
        kind: listed.isOffDay ? 'holiday' : weekend ? 'make_up' : 'weekday',
        name: listed.name,
        source: listed.source,
        covered,
      }
    }
    return {
      date,
      working: !weekend,
      kind: weekend ? 'weekend' : 'weekday',
      name: null,
      source: null,
      covered,
    }
  }

  dayInfo(date: string): DayInfo {
    const e = this.explain(date)
    return { date, working: e.working, holiday: e.name, makeUp: e.kind === 'make_up' }
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumber(date))
  }

  private isWorkingDayNumber(n: number): boolean {
    const listed = this.listedWorking.get(n)
    if (listed !== undefined) {
      return listed
    }
    const wd = weekdayOfNumber(n)
    return wd !== 0 && wd !== 6
  }

  /** Whether a year is covered; with `strict`, an uncovered year throws. */
  private checkYear(year: number, options: CountOptions | undefined): boolean {
    if (this.sources.has(year)) {
      return true
    }
    if (options?.strict) {
      throw new CalendarNotCoveredError(year)
    }
    return false
  }

  /**
   * The `n`th working day after `date` (the start day itself is not counted, as in 「自…之日起
   * 20个工作日内」: day 1 is the first working day after it). n = 0 gives `date` itself; a
   * negative n counts backwards. Crossing an uncovered year flags the result as an estimate, or
   * with `strict` throws CalendarNotCoveredError naming the year.
   */
  addWorkingDays(date: string, n: number, options?: CountOptions): WorkingDayResult {
    if (!Number.isInteger(n)) {
      throw new RangeError(`working days must be an integer, got ${n}`)
    }
    let day = dayNumber(date)
    let year = yearOfNumber(day)
    let estimated = !this.checkYear(year, options)
    const step = n < 0 ? -1 : 1
    let left = Math.abs(n)
    while (left > 0) {
      day += step
      const y = yearOfNumber(day)
      if (y !== year) {
        year = y
        if (!this.checkYear(y, options)) {
          estimated = true
        }
      }
      if (this.isWorkingDayNumber(day)) {
        left -= 1
      }
    }
    return { date: dateOfDayNumber(day), estimated }
  }

  /**
   * Working days in the half-open range (from, to]: 0 when equal, negative when `to` is before
   * `from` (then it counts the working days in (to, from], negated). With `strict`, a range
   * reaching an uncovered year throws CalendarNotCoveredError.
   */
  workingDaysBetween(from: string, to: string, options?: CountOptions): number {
    const a = dayNumber(from)
    const b = dayNumber(to)
    if (a === b) {
      return 0
    }
    const lo = Math.min(a, b)
    const hi = Math.max(a, b)
    if (options?.strict) {
      for (let y = yearOfNumber(lo + 1); y <= yearOfNumber(hi); y++) {
        this.checkYear(y, options)
      }
    }
    let count = 0
    for (let d = lo + 1; d <= hi; d++) {
      if (this.isWorkingDayNumber(d)) {
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
