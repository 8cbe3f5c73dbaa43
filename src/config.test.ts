import { describe, expect, it } from 'vitest'
import { isDomainError } from './shared/errors.js'
import { listenUrl, loadConfig, parseTrustProxy } from './config.js'

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

describe('configuration', () => {
  it('derives the public URL from the listening address when PUBLIC_URL is unset', () => {
    expect(loadConfig({ PORT: '8080' })).toMatchObject({
      publicUrl: 'http://localhost:8080',
      publicUrlFromListen: true,
    })
    expect(loadConfig({ HOST: '127.0.0.1', PORT: '4100' }).publicUrl).toBe('http://127.0.0.1:4100')
    expect(listenUrl('::1', 4100)).toBe('http://[::1]:4100')
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://gk.example.gov.cn/' })).toMatchObject({
      publicUrl: 'https://gk.example.gov.cn',
      publicUrlFromListen: false,
    })
  })

  it('refuses a database URL of another engine with CONFIG_INVALID instead of taking it for a file', () => {
    let caught: unknown
    try {
      loadConfig({ DATABASE_URL: 'mysql://root@db/gk' })
    } catch (err) {
      caught = err
    }
    expect(isDomainError(caught) && caught.code).toBe('CONFIG_INVALID')
    expect(String(caught)).toContain('unsupported scheme mysql://')
  })

  it('requires the folder of a SQLite path given in DATABASE_URL, but not of the default one', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/srv/gk/live.db' }).db).toEqual({
      kind: 'sqlite',
      path: '/srv/gk/live.db',
      existingFolder: true,
    })
    expect(loadConfig({}).db).toEqual({ kind: 'sqlite', path: './data/gongkai.db' })
    expect(loadConfig({ DATABASE_URL: ':memory:' }).db).toEqual({ kind: 'sqlite', path: ':memory:' })
  })
})

describe('notification transports', () => {
  it('are unset by default, so messages wait in the outbox', () => {
    expect(loadConfig({ DATABASE_URL: ':memory:' }).notifications).toEqual({
      smtpUrl: undefined,
      mailFrom: undefined,
      smsUrl: undefined,
      smsToken: undefined,
    })
  })

  it('read SMTP_URL, MAIL_FROM, SMS_URL and SMS_TOKEN', () => {
    const c = loadConfig({
      DATABASE_URL: ':memory:',
      SMTP_URL: 'smtp://u:p@mail.example.cn:587',
      MAIL_FROM: '信息公开 <gongkai@example.cn>',
      SMS_URL: 'https://sms.example.cn/send',
      SMS_TOKEN: ' t0k ',
    })
    expect(c.notifications).toEqual({
      smtpUrl: 'smtp://u:p@mail.example.cn:587',
      mailFrom: '信息公开 <gongkai@example.cn>',
      smsUrl: 'https://sms.example.cn/send',
      smsToken: 't0k',
    })
  })

  it.each([
    [{ SMTP_URL: 'mail.example.cn:25', MAIL_FROM: 'a@b.cn' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail.example.cn' }, 'MAIL_FROM'],
    [{ SMS_URL: 'ftp://sms.example.cn' }, 'SMS_URL'],
  ])('refuse %o with CONFIG_INVALID naming %s', (env, name) => {
    let caught: unknown
    try {
      loadConfig({ DATABASE_URL: ':memory:', ...env })
    } catch (err) {
      caught = err
    }
    expect(isDomainError(caught) && caught.code).toBe('CONFIG_INVALID')
    expect(String(caught)).toContain(name)
  })
})
