import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../test/db.js'
import { buildOrgan, buildUser } from '../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../test/http.js'
import { assertCleanText } from './input.js'

describe('assertCleanText', () => {
  it('refuses NUL and other control characters in strings and keys at any depth', () => {
    expect(() => assertCleanText({ a: [{ b: 'x\u0000y' }] }, 'body', { text: true })).toThrow(
      expect.objectContaining({ code: 'INPUT_CONTROL_CHARACTER' }),
    )
    expect(() => assertCleanText({ 'k\u0001': 'v' }, 'body', { text: true })).toThrow()
    expect(() => assertCleanText('a\u007fb', 'query')).toThrow()
    expect(() => assertCleanText('a\u001bb', 'body', { text: true })).toThrow()
  })

  it('allows tab, CR and LF in text bodies only', () => {
    expect(() => assertCleanText({ body: '第一段\r\n\r\n第二段\t完' }, 'body', { text: true })).not.toThrow()
    expect(() => assertCleanText({ q: 'a\tb' }, 'query')).toThrow()
    expect(() => assertCleanText({ q: 'a\nb' }, 'path')).toThrow()
  })

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = 'x\u0000'
    for (let i = 0; i < 100_000; i++) {
      deep = [deep]
    }
    expect(() => assertCleanText(deep, 'body', { text: true })).toThrow(
      expect.objectContaining({ code: 'INPUT_CONTROL_CHARACTER' }),
    )
  })
})

describe.each(TEST_DIALECTS)('control characters in requests (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => {
    await t.close()
  })

  it.each(['/catalogue?genre=%00', '/search?q=%00', '/items/%00', '/attachments/%00', '/items/abc%01def'])(
    'answers GET %s with the Chinese 400 page, not a 500',
    async (url) => {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toContain('text/html')
      expect(res.body).toContain('控制字符')
      expect(res.body).not.toMatch(/\bat .*\.ts:\d+/)
    },
  )

  it('answers the open-data API with the JSON code INPUT_CONTROL_CHARACTER', async () => {
    for (const url of ['/api/v1/items?q=%00', '/api/v1/items/%00']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(400)
      expect(res.json<{ error: { code: string } }>().error.code).toBe('INPUT_CONTROL_CHARACTER')
    }
  })

  it('refuses a NUL in the log-in name and stores nothing of it', async () => {
    const c = new TestClient(t.app, { remoteAddress: '192.0.2.60' })
    const res = await c.post('/login', { username: 'adm\u0000in', password: 'whatever' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('控制字符')
    const audit = await t.db.kysely.selectFrom('audit_log').select('actor_name').execute()
    expect(audit.some((r) => r.actor_name.includes('adm'))).toBe(false)
    const throttle = await t.db.kysely.selectFrom('login_throttle').select('key').execute()
    expect(throttle).toHaveLength(0)
  })

  it('refuses a NUL in a console form field and in a JSON string, and keeps CR/LF in text', async () => {
    const organ = await buildOrgan(t.db)
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: organ.id }] })
    const c = new TestClient(t.app, { remoteAddress: '192.0.2.61' })
    await c.login(officer.username, officer.password)
    const before = await t.db.kysely.selectFrom('item').select('id').execute()
    const form = await c.post('/console/items/new', {
      organId: organ.id,
      title: '标题\u0000',
      summary: '概述',
      formedDate: '2026-10-09',
    })
    expect(form.statusCode).toBe(400)
    const json = await c.postJson(
      '/account/password',
      { current: officer.password, next: { nested: ['Another-Passw0rd\u0000'] } },
      { accept: 'application/json' },
    )
    expect(json.statusCode).toBe(400)
    expect(json.json<{ error: { code: string } }>().error.code).toBe('INPUT_CONTROL_CHARACTER')
    expect(await t.db.kysely.selectFrom('item').select('id').execute()).toHaveLength(before.length)
    // Line breaks and tabs in a text field pass the guard (the form itself decides what is valid).
    const text = await c.post('/account/password', { current: 'wrong\r\n\tpassword', next: 'x' })
    expect(text.statusCode).toBe(422)
  })
})
