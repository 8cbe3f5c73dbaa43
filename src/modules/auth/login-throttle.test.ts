import { describe, expect, it } from 'vitest'
import { accountKey, addressKey, delayAfter, isAlertingFailure, waitText } from './login-throttle.js'

const rule = { freeFailures: 3, maxDelaySeconds: 60 }

describe('log-in throttle rules', () => {
  it('allows the free failures, then waits 1 s, 2 s, 4 s … up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100].map((n) => delayAfter(n, rule))).toEqual([
      0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60,
    ])
  })

  it('alerts when a key starts being throttled and when its delay reaches the cap, not on every failure', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((n) => isAlertingFailure(n, rule))).toEqual([3, 9])
  })

  it('keys accounts without case and IPv6 clients by their /64', () => {
    expect(accountKey('  Admin ')).toBe('account:admin')
    expect(addressKey('::ffff:192.0.2.1')).toBe('address:192.0.2.1')
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe(addressKey('2001:db8:1:2:ffff::1'))
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('address:2001:db8:1:2::/64')
    expect(addressKey(null)).toBeNull()
  })

  it('says the wait in seconds, or minutes from one minute on', () => {
    expect(waitText(4)).toBe('4 秒')
    expect(waitText(900)).toBe('15 分钟')
  })
})
