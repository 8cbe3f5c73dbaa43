import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { TEST_DIALECTS } from '../../test/db.js'
import { buildUser } from '../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../test/http.js'

const KEY = 'ab'.repeat(32)

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: unknown): Map<string, string> {
  return new Map(
    String(csp)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/)
        return [name, values.join(' ')]
      }),
  )
}

describe.each(TEST_DIALECTS)('security headers (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => {
    await t.close()
  })

  it('gives public pages the CSP, nosniff, frame and referrer policies, no HSTS in development, and lets them be cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(200)
    const csp = directives(res.headers['content-security-policy'])
    expect(csp.get('default-src')).toBe("'self'")
    expect(csp.get('base-uri')).toBe("'self'")
    expect(csp.get('form-action')).toBe("'self'")
    expect(csp.get('object-src')).toBe("'none'")
    expect(csp.get('frame-ancestors')).toBe("'self'")
    expect(csp.get('script-src')).toBe("'self'")
    expect(csp.has('upgrade-insecure-requests')).toBe(false)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['referrer-policy']).toBe('same-origin')
    expect(res.headers['strict-transport-security']).toBeUndefined()
    expect(String(res.headers['cache-control'] ?? '')).not.toContain('no-store')
  })

  it('marks the log-in page, every console and account page, and pages shown to a signed-in member no-store', async () => {
    const login = await t.app.inject({ method: 'GET', url: '/login' })
    expect(login.headers['cache-control']).toBe('no-store')
    const u = await buildUser(t.db, { roles: [{ role: 'officer' }] })
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    for (const url of ['/console', '/console/items', '/account/password', '/']) {
      const res = await c.get(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['cache-control'], url).toBe('no-store')
      expect(directives(res.headers['content-security-policy']).get('form-action'), url).toBe("'self'")
    }
    const css = await c.get('/static/site.css')
    expect(css.headers['cache-control']).not.toContain('no-store')
  })

  it('sends HSTS when configured, as production does by default', async () => {
    expect(loadConfig({ NODE_ENV: 'production', AUDIT_KEY: KEY }).hsts).toBe(true)
    expect(loadConfig({ NODE_ENV: 'production', AUDIT_KEY: KEY, HSTS: '0' }).hsts).toBe(false)
    expect(loadConfig({}).hsts).toBe(false)
    const prod = await createTestApp(dialect, { config: { hsts: true, production: true } })
    try {
      const res = await prod.app.inject({ method: 'GET', url: '/' })
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000')
    } finally {
      await prod.close()
    }
  })
})
