import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'

describe.each(TEST_DIALECTS)('log-in and sessions (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { loginMaxFailures: 3 } })
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

  it('locks the account after repeated failures, even for the right password', async () => {
    const u = await buildUser(t.db)
    const c = new TestClient(t.app)
    for (let i = 0; i < 3; i++) {
      await c.post('/login', { username: u.username, password: 'wrong' })
    }
    const res = await c.post('/login', { username: u.username, password: u.password })
    expect(res.statusCode).toBe(423)
    expect(res.body).toContain('账号已临时锁定')
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
