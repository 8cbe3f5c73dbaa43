import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { createTestApp, type TestApp } from '../../../test/http.js'
import { OPERATOR_ACTOR } from '../../shared/actor.js'
import { packagedCalendarData } from '../../shared/calendar/packaged.js'
import { fixedClock } from '../../shared/clock.js'
import { addCalendarDay, createCalendarProvider, removeCalendarDay } from './calendar.service.js'

const NOTICE = { noticeNumber: '国办发明电〔2026〕9号', noticeDate: '2026-11-20' }

describe.each(TEST_DIALECTS)('calendar provider across processes (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: fixedClock('2026-12-03T02:00:00Z') })
  })
  afterAll(async () => {
    await t.close()
  })

  it('shows another process’s entry after its change-version check, and its removal too', async () => {
    // A second process: its own provider over the same database, with a hand-moved clock.
    let now = 1_000_000
    const other = createCalendarProvider(t.db.kysely, packagedCalendarData(), {
      checkEveryMs: 5_000,
      nowMs: () => now,
    })
    expect((await other.get()).coverage(2027)).toBe('none')

    const row = await addCalendarDay(t.deps, OPERATOR_ACTOR, {
      date: '2027-01-01',
      kind: 'holiday',
      name: '元旦',
      ...NOTICE,
    })
    // This process sees it at once; the other within its check interval.
    expect((await t.deps.calendar.get()).isWorkingDay('2027-01-01')).toBe(false)
    now += 4_000
    expect((await other.get()).isWorkingDay('2027-01-01')).toBe(true)
    now += 1_000
    const seen = await other.get()
    expect(seen.isWorkingDay('2027-01-01')).toBe(false)
    expect(seen.coverage(2027)).toBe('admin')
    // Nothing changed: the next check keeps the loaded calendar.
    now += 5_000
    expect(await other.get()).toBe(seen)

    await removeCalendarDay(t.deps, OPERATOR_ACTOR, row.id)
    now += 5_000
    expect((await other.get()).coverage(2027)).toBe('none')
  })

  it('refuses to remove an entry that is not there', async () => {
    await expect(removeCalendarDay(t.deps, OPERATOR_ACTOR, 'nope')).rejects.toMatchObject({
      code: 'CALENDAR_DAY_NOT_FOUND',
    })
  })
})
