import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'

/** The page without what legitimately differs between two attempts: the name typed in. */
function normalised(body: string, name: string): string {
  return body.split(name).join('NAME')
}

async function auditRows(t: TestApp, action: string) {
  const rows = await t.db.kysely
    .selectFrom('audit_log')
    .select(['action', 'actor_name', 'summary', 'target_id'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({ ...r, summary: JSON.parse(r.summary) as Record<string, unknown> }))
}

describe.each(TEST_DIALECTS)('log-in throttling (%s)', (dialect) => {
  let t: TestApp
  // The clock moves only when a test moves it.
  let at = Date.now()
  const clock = { now: () => new Date(at) }
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      clock,
      config: { loginFreeFailuresPerAddress: 3, loginFreeFailuresPerAccount: 5, loginMaxDelaySeconds: 60 },
    })
  })
  afterAll(async () => {
    await t.close()
  })

  it('gives a known name with a wrong password and an unknown name the same status and page, before and during throttling', async () => {
    const u = await buildUser(t.db)
    const unknown = `ghost_${u.username.slice(-8)}`
    const known = new TestClient(t.app, { remoteAddress: '192.0.2.21' })
    const ghost = new TestClient(t.app, { remoteAddress: '192.0.2.22' })
    await known.get('/login')
    await ghost.get('/login')
    for (let i = 0; i < 4; i++) {
      const a = await known.post('/login', { username: u.username, password: 'wrong' })
      const b = await ghost.post('/login', { username: unknown, password: 'wrong' })
      expect(a.statusCode).toBe(i < 3 ? 401 : 429)
      expect(b.statusCode).toBe(a.statusCode)
      expect(b.headers['retry-after']).toBe(a.headers['retry-after'])
      expect(normalised(b.body.split(ghost.csrf).join('T'), unknown)).toBe(
        normalised(a.body.split(known.csrf).join('T'), u.username),
      )
    }
    // Neither name was ever answered 423 (the old lock that revealed accounts).
    const failed = await auditRows(t, 'auth.login_failed')
    expect(failed.filter((r) => r.actor_name === unknown)).toHaveLength(3)
    expect(failed.filter((r) => r.actor_name === u.username)).toHaveLength(3)
  })

  it('keeps an attacker at one address from locking the administrator out beyond that address', async () => {
    const admin = await buildUser(t.db, { roles: [{ role: 'admin' }] })
    const attacker = new TestClient(t.app, { remoteAddress: '198.51.100.66' })
    const statuses: number[] = []
    for (let i = 0; i < 15; i++) {
      statuses.push(
        (await attacker.post('/login', { username: admin.username, password: `guess-${i}` })).statusCode,
      )
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401])
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true)
    // Refused attempts are not counted: the account stays below its own threshold.
    const row = await t.db.kysely
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', `account:${admin.username.toLowerCase()}`)
      .executeTakeFirstOrThrow()
    expect(Number(row.failures)).toBe(3)
    expect(row.blocked_until).toBeNull()
    const owner = new TestClient(t.app, { remoteAddress: '192.0.2.10' })
    await owner.get('/login')
    const res = await owner.post('/login', { username: admin.username, password: admin.password })
    expect(res.statusCode).toBe(303)
    // The attacker's address is still throttled, for any name and even the right password.
    expect(
      (await attacker.post('/login', { username: admin.username, password: admin.password })).statusCode,
    ).toBe(429)
  })

  it('throttles an account attacked from many addresses, for every address', async () => {
    const u = await buildUser(t.db)
    for (let i = 0; i < 5; i++) {
      const c = new TestClient(t.app, { remoteAddress: `203.0.113.${100 + i}` })
      expect((await c.post('/login', { username: u.username, password: 'wrong' })).statusCode).toBe(401)
    }
    const owner = new TestClient(t.app, { remoteAddress: '203.0.113.200' })
    const refused = await owner.post('/login', { username: u.username, password: u.password })
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe('1')
    at += 1_100
    expect((await owner.post('/login', { username: u.username, password: u.password })).statusCode).toBe(303)
  })

  it('records throttling in the audit and alerts administrators on their dashboard, not other staff', async () => {
    const throttled = await auditRows(t, 'auth.login_throttled')
    expect(
      throttled.some((r) => r.summary.scope === 'address' && r.summary.address === '198.51.100.66'),
    ).toBe(true)
    expect(throttled.some((r) => r.summary.scope === 'account' && r.summary.failures === 5)).toBe(true)
    const admin = await buildUser(t.db, { roles: [{ role: 'admin' }] })
    const a = new TestClient(t.app, { remoteAddress: '192.0.2.30' })
    await a.login(admin.username, admin.password)
    const page = await a.get('/console')
    expect(page.body).toContain('登录安全提醒')
    expect(page.body).toContain('198.51.100.66')
    expect(page.body).toContain('href="/console/audit?action=auth.login_throttled"')
    const officer = await buildUser(t.db, { roles: [{ role: 'officer' }] })
    const o = new TestClient(t.app, { remoteAddress: '192.0.2.31' })
    await o.login(officer.username, officer.password)
    expect((await o.get('/console')).body).not.toContain('登录安全提醒')
  })

  it('shares the counts between processes through the database', async () => {
    const u = await buildUser(t.db)
    const first = new TestClient(t.app, { remoteAddress: '192.0.2.40' })
    for (let i = 0; i < 3; i++) {
      await first.post('/login', { username: u.username, password: 'wrong' })
    }
    const other = await buildApp(t.deps, { logger: false })
    try {
      const second = new TestClient(other, { remoteAddress: '192.0.2.40' })
      const res = await second.post('/login', { username: u.username, password: u.password })
      expect(res.statusCode).toBe(429)
    } finally {
      await other.close()
    }
  })

  it('ignores a rotating forged X-Forwarded-For: the limits still apply and the audit records the real address', async () => {
    const c = new TestClient(t.app, { remoteAddress: '192.0.2.50' })
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) {
      c.headers = { 'x-forwarded-for': `10.9.${i}.${i + 1}` }
      statuses.push((await c.post('/login', { username: `spray_${i}_${at}`, password: 'wrong' })).statusCode)
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(3)
    expect(statuses.filter((s) => s === 429)).toHaveLength(22)
    const failed = (await auditRows(t, 'auth.login_failed')).filter((r) =>
      String(r.actor_name).startsWith('spray_'),
    )
    expect(failed).toHaveLength(3)
    expect(failed.map((r) => r.summary.ip)).toEqual(['192.0.2.50', '192.0.2.50', '192.0.2.50'])
  })
})

describe.each(TEST_DIALECTS)('X-Forwarded-For from a configured proxy (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { trustProxy: ['127.0.0.1'] } })
  })
  afterAll(async () => {
    await t.close()
  })

  it('honours the header from the proxy in TRUST_PROXY and only from it', async () => {
    const viaProxy = new TestClient(t.app, { headers: { 'x-forwarded-for': '203.0.113.7' } })
    expect((await viaProxy.post('/login', { username: 'via_proxy', password: 'wrong' })).statusCode).toBe(401)
    const direct = new TestClient(t.app, {
      remoteAddress: '192.0.2.77',
      headers: { 'x-forwarded-for': '203.0.113.8' },
    })
    expect((await direct.post('/login', { username: 'direct_client', password: 'wrong' })).statusCode).toBe(
      401,
    )
    const rows = await auditRows(t, 'auth.login_failed')
    expect(rows.find((r) => r.actor_name === 'via_proxy')?.summary.ip).toBe('203.0.113.7')
    expect(rows.find((r) => r.actor_name === 'direct_client')?.summary.ip).toBe('192.0.2.77')
  })
})
