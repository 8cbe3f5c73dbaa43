import { ART26_PUBLICATION_WORKING_DAYS } from '../../../shared/calendar/statutory-periods.js'
import type { WorkCalendar } from '../../../shared/calendar/workdays.js'

export { chinaDate } from '../../../shared/calendar/workdays.js'

/** Where an item stands against the Art. 26 publication deadline. */
export interface Art26Clock {
  /** The date the information was formed or changed (the clock start). */
  formedDate: string
  /** The last day it may be published on: 20 working days after `formedDate`. */
  dueDate: string
  /** True when the count crossed a year without a published holiday notice. */
  estimated: boolean
  /** Working days left until the due date, counted from `today` (negative: overdue); null once published. */
  remaining: number | null
  /** Not yet published and past due, or published after the due date. */
  late: boolean
  /** For a late publication: working days it was late by. */
  lateBy: number | null
}

/**
 * The Art. 26 clock of an item (ART26_PUBLICATION_WORKING_DAYS, statutory-periods.ts): null when no formed date is recorded.
 * `today` is the current date in China (see chinaDate). A count crossing a year no holiday
 * notice covers is not refused: it is flagged `estimated` (the page says so).
 */
export function art26Clock(
  input: { formedDate: string | null; publishedDate: string | null; today: string },
  calendar: WorkCalendar,
): Art26Clock | null {
  if (!input.formedDate) {
    return null
  }
  const due = calendar.addWorkingDays(input.formedDate, ART26_PUBLICATION_WORKING_DAYS)
  if (input.publishedDate) {
    const late = input.publishedDate > due.date
    return {
      formedDate: input.formedDate,
      dueDate: due.date,
      estimated: due.estimated,
      remaining: null,
      late,
      lateBy: late ? calendar.workingDaysBetween(due.date, input.publishedDate) : null,
    }
  }
  const remaining = calendar.workingDaysBetween(input.today, due.date)
  const late = input.today > due.date
  return {
    formedDate: input.formedDate,
    dueDate: due.date,
    estimated: due.estimated,
    remaining,
    late,
    lateBy: late ? -remaining : null,
  }
}
