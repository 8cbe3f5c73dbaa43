import { describe, expect, it } from 'vitest'
import { afterFailure, checkOutboxMessage, errorText, maskRecipient, retryDelayMs } from './outbox.js'

describe('the retry back-off', () => {
  const policy = { baseMs: 30_000, capMs: 3_600_000 }

  it('doubles after each failed attempt, with jitter between half and all of the wait', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, 1))).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(retryDelayMs(3, policy, 0)).toBe(60_000)
    const jittered = retryDelayMs(3, policy, 0.5)
    expect(jittered).toBeGreaterThan(60_000)
    expect(jittered).toBeLessThan(120_000)
  })

  it('never waits longer than the cap, however many attempts', () => {
    expect(retryDelayMs(8, policy, 1)).toBe(3_600_000)
    expect(retryDelayMs(1_000, policy, 1)).toBe(3_600_000)
  })

  it('makes a message dead on its last allowed attempt only', () => {
    expect(afterFailure(11, 12).status).toBe('failed')
    expect(afterFailure(12, 12).status).toBe('dead')
  })
})

describe('checking an outbox message', () => {
  it('accepts an e-mail with a subject and an SMS to a mobile number', () => {
    expect(
      checkOutboxMessage({ channel: 'email', recipient: 'a@example.cn', subject: '受理', body: '正文' }),
    ).toEqual([])
    expect(checkOutboxMessage({ channel: 'sms', recipient: '+86 138-0013-8000', body: '正文' })).toEqual([])
  })

  it('refuses a bad address, a second recipient smuggled in, a missing or multi-line subject, an empty body', () => {
    const bad = [
      { channel: 'email' as const, recipient: 'not-an-address', subject: 's', body: 'b' },
      { channel: 'email' as const, recipient: 'a@example.cn, b@example.cn', subject: 's', body: 'b' },
      { channel: 'email' as const, recipient: 'a@example.cn', subject: '', body: 'b' },
      { channel: 'email' as const, recipient: 'a@example.cn', subject: 's\r\nBcc: x@y.cn', body: 'b' },
      { channel: 'sms' as const, recipient: '12345', body: 'b' },
      { channel: 'sms' as const, recipient: '13800138000', body: '  ' },
    ]
    for (const m of bad) {
      expect(checkOutboxMessage(m).length, JSON.stringify(m)).toBeGreaterThan(0)
    }
  })
})

describe('recipients in staff lists', () => {
  it('are masked', () => {
    expect(maskRecipient('email', 'zhangsan@example.cn')).toBe('zh***@example.cn')
    expect(maskRecipient('email', 'a@example.cn')).toBe('a***@example.cn')
    expect(maskRecipient('sms', '+8613800138000')).toBe('138****8000')
  })
})

it('stores an error as one line, cut to length', () => {
  expect(errorText(new Error('451 try\r\n later'))).toBe('451 try later')
  expect(errorText('x'.repeat(600))).toHaveLength(500)
})
