import { describe, expect, it } from 'vitest'
import { packagedCalendar } from '../../../shared/calendar/packaged.js'
import { art26Clock } from './publication-deadline.js'

const cal = packagedCalendar()

describe('Art. 26 clock (20 working days from formation)', () => {
  it('is absent without a formed date', () => {
    expect(art26Clock({ formedDate: null, publishedDate: null, today: '2026-10-01' }, cal)).toBeNull()
  })

  it('shows the due date and the working days left on a draft', () => {
    const c = art26Clock({ formedDate: '2026-09-25', publishedDate: null, today: '2026-09-30' }, cal)
    expect(c).toMatchObject({ dueDate: '2026-10-29', remaining: 17, late: false, lateBy: null })
  })

  it('does not count the National Day week against the drafter', () => {
    // formed 09-25 (中秋, a rest day); 09-28..09-30 are working days; 10-01..10-07 are not.
    const during = art26Clock({ formedDate: '2026-09-25', publishedDate: null, today: '2026-10-07' }, cal)
    expect(during?.remaining).toBe(17)
  })

  it('flags a draft past its due date as late', () => {
    const c = art26Clock({ formedDate: '2026-09-25', publishedDate: null, today: '2026-10-30' }, cal)
    expect(c).toMatchObject({ late: true, remaining: -1, lateBy: 1 })
  })

  it('flags an item published after its due date, and not one published on it', () => {
    const onTime = art26Clock(
      { formedDate: '2026-09-25', publishedDate: '2026-10-29', today: '2026-11-20' },
      cal,
    )
    expect(onTime).toMatchObject({ late: false, remaining: null })
    const late = art26Clock(
      { formedDate: '2026-09-25', publishedDate: '2026-11-02', today: '2026-11-20' },
      cal,
    )
    expect(late).toMatchObject({ late: true, lateBy: 2 })
  })

  it('counts the make-up Saturday 2026-10-10 as a working day', () => {
    const c = art26Clock({ formedDate: '2026-10-09', publishedDate: null, today: '2026-10-09' }, cal)
    // 10-10 (Sat, 调休) is the first working day after 10-09
    expect(c?.dueDate).toBe('2026-11-05')
  })
})
