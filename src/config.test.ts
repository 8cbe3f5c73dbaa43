import { describe, expect, it } from 'vitest'
import { isDomainError } from './shared/errors.js'
import { listenUrl, loadConfig } from './config.js'

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
