import { readdirSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { WorkCalendar, type CalendarDay, type CalendarLayer } from './workdays.js'

/**
 * The packaged 国务院办公厅 notices: `holiday-cn/{year}.json`, vendored from NateScarlet/holiday-cn
 * (see its README). Read from disk by the composition roots at start-up (once, memoised), never
 * at import time.
 */

interface HolidayFile {
  year: number
  days: CalendarDay[]
}

const PACKAGED_DIR = new URL('./holiday-cn/', import.meta.url)

/** Reads holiday-cn files from a folder; every year whose file lists days counts as covered. */
export function readHolidayCnFolder(dir: URL | string = PACKAGED_DIR): CalendarLayer {
  const base = typeof dir === 'string' ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : dir
  const days: CalendarDay[] = []
  const years: number[] = []
  const files = readdirSync(base)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
  for (const f of files) {
    const data = JSON.parse(readFileSync(new URL(f, base), 'utf8')) as HolidayFile
    if (data.days.length > 0) {
      years.push(data.year)
      days.push(...data.days.map((d) => ({ date: d.date, name: d.name, isOffDay: d.isOffDay })))
    }
  }
  return { source: 'notice', days, years }
}

let packaged: CalendarLayer | undefined
let packagedOnly: WorkCalendar | undefined

/** The packaged notice data, read once per process. */
export function packagedCalendarData(): CalendarLayer {
  packaged ??= readHolidayCnFolder()
  return packaged
}

/** A calendar of the packaged notices alone (no administrator entries). */
export function packagedCalendar(): WorkCalendar {
  packagedOnly ??= new WorkCalendar(packagedCalendarData())
  return packagedOnly
}
