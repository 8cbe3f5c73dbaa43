import { chinaCalendar, type WorkCalendar } from '../../../shared/calendar/workdays.js'

export {
  addWorkingDays,
  workingDaysBetween,
  isWorkingDay,
  chinaDate,
} from '../../../shared/calendar/workdays.js'

/**
 * 条例 Art. 26: 「属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。」
 * (Laws and regulations with a different period take precedence; none is modelled here.)
 */
export const ART26_WORKING_DAYS = 20

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
 * The Art. 26 clock of an item: null when no formed date is recorded.
 * `today` is the current date in China (see chinaDate).
 */
export function art26Clock(
  input: { formedDate: string | null; publishedDate: string | null; today: string },
  calendar: WorkCalendar = chinaCalendar(),
): Art26Clock | null {
  if (!input.formedDate) {
    return null
  }
  const due = calendar.addWorkingDays(input.formedDate, ART26_WORKING_DAYS)
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
