import { describe, expect, it } from 'vitest'
import { chinaDateOf, chinaMinute, chinaSecond } from './china-time.js'

describe('China time on every page', () => {
  it('shows an instant after 16:00 UTC on the next day in China', () => {
    expect(chinaDateOf('2026-10-20T16:30:00.000Z')).toBe('2026-10-21')
    expect(chinaDateOf(new Date('2026-10-20T15:59:59.999Z'))).toBe('2026-10-20')
    expect(chinaMinute('2026-10-20T16:30:00.000Z')).toBe('2026-10-21 00:30')
    expect(chinaSecond('2026-11-28T01:05:03.000Z')).toBe('2026-11-28 09:05:03')
  })

  it('gives back what it cannot read instead of a wrong date', () => {
    expect(chinaMinute('not a time')).toBe('not a time')
  })
})
