import { describe, expect, it } from 'vitest'
import { packagedCalendar } from './packaged.js'
import { CalendarNotCoveredError, chinaDate, dayNumber, WorkCalendar } from './workdays.js'

const chinaCalendar = packagedCalendar
const isWorkingDay = (date: string) => packagedCalendar().isWorkingDay(date)
const addWorkingDays = (date: string, n: number) => packagedCalendar().addWorkingDays(date, n).date
const workingDaysBetween = (from: string, to: string) => packagedCalendar().workingDaysBetween(from, to)

describe('China working-day calendar (holiday-cn data)', () => {
  it('covers 2007–2026 and treats the empty 2027 file as not covered', () => {
    const years = chinaCalendar().coveredYears()
    expect(years[0]).toBe(2007)
    expect(years.at(-1)).toBe(2026)
    expect(years).toHaveLength(20)
    expect(chinaCalendar().isCovered('2027-01-01')).toBe(false)
  })

  it('knows the 2026 National Day week and its make-up Sunday and Saturday', () => {
    for (let d = 1; d <= 7; d++) {
      expect(isWorkingDay(`2026-10-0${d}`), `10-0${d}`).toBe(false)
    }
    expect(isWorkingDay('2026-09-20')).toBe(true) // Sunday, 调休上班
    expect(isWorkingDay('2026-10-10')).toBe(true) // Saturday, 调休上班
    expect(isWorkingDay('2026-10-11')).toBe(false) // ordinary Sunday
    expect(chinaCalendar().dayInfo('2026-10-10')).toEqual({
      date: '2026-10-10',
      working: true,
      holiday: '国庆节',
      makeUp: true,
    })
  })

  it('knows the 2026 Spring Festival (9 days) with its two make-up Saturdays', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true)
    expect(isWorkingDay('2026-02-28')).toBe(true)
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23']) {
      expect(isWorkingDay(d), d).toBe(false)
    }
    expect(isWorkingDay('2026-02-24')).toBe(true)
  })

  it('counts 20 working days across 中秋 and 国庆 as chinese-days does', () => {
    // chinese-days findWorkday(20, '2026-09-25') → 2026-10-29 (the chinese-days npm package, cross-check)
    expect(addWorkingDays('2026-09-25', 20)).toBe('2026-10-29')
    // findWorkday(20, '2024-09-20') → 2024-10-23, counting the 09-29 and 10-12 make-up days
    expect(addWorkingDays('2024-09-20', 20)).toBe('2024-10-23')
  })

  it('counts make-up days of 2013 (the demo year) and skips its National Day week', () => {
    // 2013: 国庆 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 worked.
    expect(isWorkingDay('2013-09-29')).toBe(true)
    expect(isWorkingDay('2013-10-12')).toBe(true)
    expect(addWorkingDays('2013-09-27', 1)).toBe('2013-09-29')
    expect(addWorkingDays('2013-09-30', 1)).toBe('2013-10-08')
  })

  it('reads late-December make-up days from the next year’s notice', () => {
    // 2019.json lists Saturday 2018-12-29 as a working day and 12-30/31 as 元旦 holidays.
    expect(isWorkingDay('2018-12-29')).toBe(true)
    expect(isWorkingDay('2018-12-31')).toBe(false)
  })

  it('counts working days in a half-open range, negative backwards', () => {
    expect(workingDaysBetween('2026-09-25', '2026-10-29')).toBe(20)
    expect(workingDaysBetween('2026-10-29', '2026-09-25')).toBe(-20)
    expect(workingDaysBetween('2026-10-01', '2026-10-07')).toBe(0)
    expect(addWorkingDays('2026-10-29', -20)).toBe('2026-09-24')
    expect(addWorkingDays('2026-10-01', 0)).toBe('2026-10-01')
  })

  it('agrees with a day-by-day walk for every start date of 2025 and 2026', () => {
    const cal = chinaCalendar()
    for (let n = dayNumber('2025-01-01'); n <= dayNumber('2026-11-30'); n++) {
      const start = new Date(n * 86_400_000).toISOString().slice(0, 10)
      const due = addWorkingDays(start, 20)
      expect(cal.workingDaysBetween(start, due)).toBe(20)
      expect(cal.isWorkingDay(due)).toBe(true)
    }
  })

  it('flags a count that runs into a year without a holiday notice as an estimate', () => {
    const r = chinaCalendar().addWorkingDays('2026-12-15', 20)
    expect(r.estimated).toBe(true)
    expect(chinaCalendar().addWorkingDays('2026-11-02', 20).estimated).toBe(false)
  })

  it('lets an operator-supplied calendar override the data', () => {
    const cal = new WorkCalendar({
      source: 'admin',
      days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }],
      years: [2027],
    })
    expect(cal.isWorkingDay('2027-01-01')).toBe(false)
    expect(cal.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', estimated: true })
  })

  it('rejects malformed and impossible dates', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError)
    expect(() => addWorkingDays('2026/02/01', 1)).toThrow(RangeError)
  })

  it('takes the calendar date in China for an instant', () => {
    expect(chinaDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02')
    expect(chinaDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01')
  })
})

describe('WorkCalendar over packaged notices and administrator entries', () => {
  const notice = {
    days: [
      { date: '2026-10-01', name: '国庆节', isOffDay: true },
      { date: '2026-10-02', name: '国庆节', isOffDay: true },
      { date: '2026-10-10', name: '国庆节', isOffDay: false },
    ],
    years: [2026],
  }
  // A 2027 Spring Festival as an administrator might enter it (dates invented for the test).
  const entries = [
    { date: '2027-02-08', name: '春节', isOffDay: true },
    { date: '2027-02-09', name: '春节', isOffDay: true },
    { date: '2027-02-06', name: '春节', isOffDay: false },
    // An entry over a packaged day wins: 10-02 becomes a working day.
    { date: '2026-10-02', name: '国庆节', isOffDay: false },
  ]
  const cal = WorkCalendar.withEntries(notice, entries)

  it('says which source covers each year', () => {
    expect(cal.coverage(2026)).toBe('both')
    expect(cal.coverage(2027)).toBe('admin')
    expect(cal.coverage(2028)).toBe('none')
    expect(new WorkCalendar({ source: 'notice', ...notice }).coverage(2026)).toBe('notice')
    expect(cal.coveredYears()).toEqual([2026, 2027])
    expect(cal.nextUncoveredYear(2026)).toBe(2028)
    expect(cal.nextUncoveredYear(2030)).toBe(2030)
  })

  it('explains each day: weekday, weekend, holiday with its name, make-up working day, and the source', () => {
    expect(cal.explain('2026-10-01')).toEqual({
      date: '2026-10-01',
      working: false,
      kind: 'holiday',
      name: '国庆节',
      source: 'notice',
      covered: true,
    })
    expect(cal.explain('2026-10-10')).toMatchObject({ working: true, kind: 'make_up', source: 'notice' })
    expect(cal.explain('2027-02-06')).toMatchObject({
      working: true,
      kind: 'make_up',
      name: '春节',
      source: 'admin',
    })
    expect(cal.explain('2026-10-02')).toMatchObject({ working: true, kind: 'weekday', source: 'admin' })
    expect(cal.explain('2026-10-11')).toMatchObject({
      working: false,
      kind: 'weekend',
      name: null,
      source: null,
    })
    expect(cal.explain('2028-03-01')).toMatchObject({ working: true, kind: 'weekday', covered: false })
  })

  it('counts day 1 as the first working day after the start date, skipping entered holidays', () => {
    // Fri 2027-02-05 → Sat 02-06 (make-up) is day 1; Mon 02-08 and Tue 02-09 are off; Wed 02-10 is day 2.
    expect(cal.addWorkingDays('2027-02-05', 1)).toEqual({ date: '2027-02-06', estimated: false })
    expect(cal.addWorkingDays('2027-02-05', 2).date).toBe('2027-02-10')
    expect(cal.workingDaysBetween('2027-02-05', '2027-02-10')).toBe(2)
    // Without the entries the same count is three weekdays later.
    expect(new WorkCalendar({ source: 'notice', ...notice }).addWorkingDays('2027-02-05', 2)).toEqual({
      date: '2027-02-09',
      estimated: true,
    })
  })

  it('flags a count into an uncovered year as an estimate, and in strict mode throws naming the year', () => {
    expect(cal.addWorkingDays('2027-12-20', 20).estimated).toBe(true)
    expect(() => cal.addWorkingDays('2027-12-20', 20, { strict: true })).toThrow(CalendarNotCoveredError)
    try {
      cal.addWorkingDays('2027-12-20', 20, { strict: true })
    } catch (err) {
      expect(err).toBeInstanceOf(CalendarNotCoveredError)
      expect((err as CalendarNotCoveredError).year).toBe(2028)
      expect((err as CalendarNotCoveredError).code).toBe('CALENDAR_YEAR_NOT_COVERED')
      expect((err as CalendarNotCoveredError).userMessage).toContain('2028年')
    }
    expect(() => cal.workingDaysBetween('2027-12-01', '2028-01-10', { strict: true })).toThrow(/2028/)
    expect(cal.addWorkingDays('2027-02-05', 2, { strict: true }).date).toBe('2027-02-10')
    expect(cal.workingDaysBetween('2027-02-05', '2027-02-10', { strict: true })).toBe(2)
  })
})
