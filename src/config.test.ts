import { describe, expect, it } from 'vitest'
import { loadConfig, parseTrustProxy } from './config.js'

describe('TRUST_PROXY', () => {
  it('trusts nobody by default', () => {
    expect(loadConfig({ DATABASE_URL: ':memory:' }).trustProxy).toBe(false)
    expect(parseTrustProxy('none')).toBe(false)
    expect(parseTrustProxy(' ')).toBe(false)
  })

  it('takes a hop count or a list of addresses, CIDR ranges and proxy-addr names', () => {
    expect(loadConfig({ DATABASE_URL: ':memory:', TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(
      loadConfig({ DATABASE_URL: ':memory:', TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1,fd00::/8,loopback' })
        .trustProxy,
    ).toEqual(['10.0.0.1', '172.16.0.0/12', '::1', 'fd00::/8', 'loopback'])
  })

  it.each(['10.0.0.0/33', 'proxy.example.org', '10.0.0.1,,10.0.0.2', '999.1.1.1', '100'])(
    'refuses %s with CONFIG_INVALID naming the setting',
    (value) => {
      expect(() => loadConfig({ DATABASE_URL: ':memory:', TRUST_PROXY: value })).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('TRUST_PROXY') }),
      )
    },
  )
})

describe('log-in and session settings', () => {
  it('defaults to 10 free failures per address, 30 per account, delays capped at 15 minutes, 12-hour sessions', () => {
    const c = loadConfig({ DATABASE_URL: ':memory:' })
    expect(c).toMatchObject({
      loginFreeFailuresPerAddress: 10,
      loginFreeFailuresPerAccount: 30,
      loginMaxDelaySeconds: 900,
      sessionMaxHours: 12,
      sessionIdleMinutes: 30,
    })
  })
})
