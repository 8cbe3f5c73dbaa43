import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { packagedCalendar, packagedCalendarData, readHolidayCnFolder } from './packaged.js'
import { dateOfDayNumber, dayNumber } from './workdays.js'
import { sharedDataPath } from '../../../test/shared-data.js'

// An independent copy of holiday-cn in the shared real-world data, which the packaged files must agree with.
const SHARED_DIR = sharedDataPath('holiday-cn/')
const sharedPresent = existsSync(SHARED_DIR)
if (!sharedPresent) {
  console.warn(`skipping the holiday-cn cross-check: ${SHARED_DIR} is absent (set GONGKAI_SHARED_DATA)`)
}

describe('packaged 国务院办公厅 notice data', () => {
  it('is read once per process and covers 2007–2026', () => {
    expect(packagedCalendarData()).toBe(packagedCalendarData())
    const cal = packagedCalendar()
    expect(cal.coverage(2007)).toBe('notice')
    expect(cal.coverage(2026)).toBe('notice')
    expect(cal.coverage(2027)).toBe('none')
  })

  it.skipIf(!sharedPresent)(
    'agrees day by day with ../shared/data/holiday-cn for every year present in both',
    () => {
      const packaged = packagedCalendar()
      const shared = readHolidayCnFolder(SHARED_DIR)
      const sharedYears = new Set(
        readdirSync(SHARED_DIR)
          .filter((f) => /^\d{4}\.json$/.test(f))
          .map((f) => Number(f.slice(0, 4))),
      )
      const packagedFiles = new URL('./holiday-cn/', import.meta.url)
      const common = readdirSync(packagedFiles)
        .filter((f) => /^\d{4}\.json$/.test(f))
        .map((f) => Number(f.slice(0, 4)))
        .filter((y) => sharedYears.has(y))
      expect(common.length).toBeGreaterThanOrEqual(20)
      const sharedDays = new Map(shared.days.map((d) => [d.date, d]))
      const packagedDays = new Map(packagedCalendarData().days.map((d) => [d.date, d]))
      let compared = 0
      for (const year of common) {
        // Both copies list the same days for the year's notice (with names) …
        const ofYear = (f: string) => (JSON.parse(readFileSync(f, 'utf8')) as { days: unknown[] }).days
        expect(ofYear(fileURLToPath(new URL(`${year}.json`, packagedFiles))), `${year}.json`).toEqual(
          ofYear(`${SHARED_DIR}${year}.json`),
        )
        // … and give every calendar day of the year the same status.
        for (let n = dayNumber(`${year}-01-01`); n <= dayNumber(`${year}-12-31`); n++) {
          const date = dateOfDayNumber(n)
          const s = sharedDays.get(date)
          const p = packagedDays.get(date)
          expect(p?.isOffDay, date).toBe(s?.isOffDay)
          expect(p?.name, date).toBe(s?.name)
          expect(packaged.coverage(year), String(year)).toBe(shared.years.includes(year) ? 'notice' : 'none')
          compared += 1
        }
      }
      expect(compared).toBeGreaterThan(7000)
    },
  )
})
