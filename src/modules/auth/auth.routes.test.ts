import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'

describe.each(TEST_DIALECTS)('log-in and sessions (%s)', (dialect) => {
  let t: TestApp
  // The clock moves only when a test moves it.
  let at = Date.now()
  const clock = { now: () => new Date(at) }
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      clock,
      config: { loginFreeFailuresPerAccount: 3, loginFreeFailuresPerAddress: 100, sessionMaxHours: 1 },
    })
  })
  afterAll(async () => {
    await t.close()
  })

  it('logs a staff member in with a HttpOnly SameSite session cookie', async () => {
    const u = await buildUser(t.db, { roles: [{ role: 'officer' }] })
    const c = new TestClient(t.app)
    await c.get('/login')
    const res = await c.post('/login', { username: u.username, password: u.password })
    expect(res.statusCode).toBe(303)
    const cookie = res.cookies.find((x) => x.name === 'gk_session')
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe('Lax')
  })

  it('refuses a wrong password with the same message as an unknown user', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app)
    const wrong = await c.post('/login', { username: u.username, password: 'nope' })
    const unknown = await c.post('/login', { username: 'nobody-here', password: 'nope' })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.body).toContain('用户名或密码错误')
    expect(unknown.body).toContain('用户名或密码错误')
  })

  it('throttles an account after repeated failures: even the right password waits until the delay has passed', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app, { remoteAddress: '192.0.2.11' })
    for (let i = 0; i < 3; i++) {
      expect((await c.post('/login', { username: u.username, password: 'wrong' })).statusCode).toBe(401)
    }
    const refused = await c.post('/login', { username: u.username, password: u.password })
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe('1')
    expect(refused.body).toContain('登录失败次数过多，请 1 秒后再试')
    expect(refused.cookies.find((x) => x.name === 'gk_session')).toBeUndefined()
    at += 500
    expect((await c.post('/login', { username: u.username, password: u.password })).statusCode).toBe(429)
    at += 600
    expect((await c.post('/login', { username: u.username, password: u.password })).statusCode).toBe(303)
  })

  it('doubles the delay with each further failure', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app, { remoteAddress: '192.0.2.12' })
    const waits: string[] = []
    for (let i = 0; i < 6; i++) {
      const res = await c.post('/login', { username: u.username, password: 'wrong' })
      if (res.statusCode === 429) {
        waits.push(String(res.headers['retry-after']))
        at += Number(res.headers['retry-after']) * 1000
        i--
      }
    }
    expect(waits).toEqual(['1', '2', '4'])
  })

  it('ends a session at its absolute lifetime however active it is', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app, { remoteAddress: '192.0.2.13' })
    await c.login(u.username, u.password)
    // Active every 20 minutes (idle timeout 30): alive at 40 and 60 minutes, gone after 60.
    at += 20 * 60_000
    expect((await c.get('/account/password')).statusCode).toBe(200)
    at += 20 * 60_000
    expect((await c.get('/account/password')).statusCode).toBe(200)
    at += 19 * 60_000
    expect((await c.get('/account/password')).statusCode).toBe(200)
    at += 2 * 60_000
    const after = await c.get('/account/password')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toContain('/login')
  })

  it('answers a repeated form field or a JSON number on the password form with 422 and a message, never 500', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app, { remoteAddress: '192.0.2.14' })
    await c.login(u.username, u.password)
    const repeated = await c.post('/account/password', { current: [u.password, u.password], next: 'x' })
    expect(repeated.statusCode).toBe(422)
    expect(repeated.body).toContain('该项只能填写一次')
    const json = await c.postJson(
      '/account/password',
      { current: 12345, next: 'Another-Passw0rd' },
      { accept: 'application/json' },
    )
    expect(json.statusCode).toBe(422)
    const body = json.json<{ error: { code: string; fields: Record<string, string[]> } }>()
    expect(body.error.code).toBe('REQUEST_INVALID')
    expect(body.error.fields.current).toEqual(['格式不正确，应为文本'])
  })

  it('refuses a form post without the CSRF token', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app)
    await c.get('/login')
    const res = await c.post('/login', {
      username: u.username,
      password: u.password,
      _csrf: 'forged-token-xxxxxxxxxxxx',
    })
    expect(res.statusCode).toBe(403)
  })

  it('changes the password under the policy and rejects a weak one with a field message', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    const weak = await c.post('/account/password', { current: u.password, next: 'short' })
    expect(weak.statusCode).toBe(422)
    expect(weak.body).toContain('密码至少 10 位')
    const ok = await c.post('/account/password', { current: u.password, next: 'Another-Passw0rd' })
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toContain('密码已修改')
  })

  it('ends the session on log-out', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    expect((await c.get('/account/password')).statusCode).toBe(200)
    await c.post('/logout')
    const after = await c.get('/account/password')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toContain('/login')
  })
})
