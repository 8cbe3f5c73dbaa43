import { packagedCalendar } from './packaged.js'
import type { WorkCalendar } from './workdays.js'

/**
 * The installation's working-day calendar as services see it (`AppDeps.calendar`): the packaged
 * notices merged with administrator entries (modules/calendar builds the database-backed one).
 */
export interface CalendarProvider {
  /** The calendar now; a database-backed provider reloads when the entries changed. */
  get(): Promise<WorkCalendar>
  /** Forget the loaded calendar: the next `get` reloads (called after a change in this process). */
  invalidate(): void
}

/** A provider that always gives the same calendar (tests, benchmarks, tools). */
export function fixedCalendar(calendar: WorkCalendar): CalendarProvider {
  return { get: () => Promise.resolve(calendar), invalidate: () => undefined }
}

/** A provider over the packaged notices alone. */
export function packagedCalendarProvider(): CalendarProvider {
  return fixedCalendar(packagedCalendar())
}
