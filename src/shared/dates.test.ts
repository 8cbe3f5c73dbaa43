import { describe, expect, it } from 'vitest'
import { isIsoDate, isoDateOf, parseIsoDate } from './dates.js'

describe('parseIsoDate', () => {
  it('accepts real calendar dates, leap days included', () => {
    expect(parseIsoDate('2026-12-03')).toEqual({ year: 2026, month: 12, day: 3 })
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2000-02-29')).toBe(true)
  })

  it('refuses days a month does not have', () => {
    for (const s of [
      '2026-02-30',
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
    ]) {
      expect(isIsoDate(s), s).toBe(false)
    }
  })

  it('refuses other spellings', () => {
    for (const s of ['2026-2-3', '2026/02/03', ' 2026-02-03', '2026-02-03T00:00', '', '20260203']) {
      expect(isIsoDate(s), s).toBe(false)
    }
  })

  it('builds a date only when the day exists', () => {
    expect(isoDateOf(2026, 2, 28)).toBe('2026-02-28')
    expect(isoDateOf(2026, 2, 30)).toBeNull()
  })
})
