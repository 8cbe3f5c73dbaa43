import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../test/db.js'
import { buildUser } from '../../test/factories.js'
import { createTestApp, type TestApp } from '../../test/http.js'
import { redactUrl } from './logging.js'

describe('request log URLs', () => {
  it('replace the values of token, password and key parameters and keep the rest', () => {
    expect(redactUrl('/catalogue?q=%E5%85%AC&page=2')).toBe('/catalogue?q=%E5%85%AC&page=2')
    expect(redactUrl('/console/items/1/attachments?_csrf=s3cr3t&done=1')).toBe(
      '/console/items/1/attachments?_csrf=%5Bredacted%5D&done=1',
    )
    expect(redactUrl('/x?token=a&password=b&api_key=c')).not.toMatch(/=a|=b|=c/)
  })
})

describe.each(TEST_DIALECTS)('the request log (%s)', (dialect) => {
  let t: TestApp
  const lines: string[] = []
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean))
        done()
      },
    })
    t = await createTestApp(dialect, { logger: { level: 'info', stream } })
  })
  afterAll(async () => {
    await t.close()
  })

  const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

  it('writes one JSON line per request with method, path, status and time, and no token, password or cookie', async () => {
    const u = await buildUser(t.db, { roles: [{ role: 'officer' }] })
    const login = await t.app.inject({ method: 'GET', url: '/login' })
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? ''
    const anon = login.cookies.find((c) => c.name === 'gk_csrf')?.value ?? ''
    expect(csrf.length).toBeGreaterThan(10)
    await settle()
    lines.length = 0

    const res = await t.app.inject({
      method: 'POST',
      url: `/login?_csrf=${csrf}`,
      headers: {
        cookie: `gk_csrf=${anon}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': csrf,
        authorization: 'Bearer very-secret-bearer',
      },
      payload: new URLSearchParams({ _csrf: csrf, username: u.username, password: u.password }).toString(),
    })
    expect(res.statusCode).toBe(303)
    const session = res.cookies.find((c) => c.name === 'gk_session')?.value ?? ''
    expect(session.length).toBeGreaterThan(10)
    await t.app.inject({ method: 'GET', url: '/console', headers: { cookie: `gk_session=${session}` } })
    await settle()

    expect(lines).toHaveLength(2)
    const [post, get] = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(post).toMatchObject({
      level: 30,
      msg: expect.stringMatching(/^POST \/login\?_csrf=%5Bredacted%5D 303 [\d.]+ ms$/),
      req: { method: 'POST', url: '/login?_csrf=%5Bredacted%5D', remoteAddress: '127.0.0.1' },
      res: { statusCode: 303 },
    })
    expect(post?.reqId).toBeTruthy()
    expect(get).toMatchObject({ msg: expect.stringMatching(/^GET \/console 200 /) })
    const all = lines.join('\n')
    for (const secret of [csrf, anon, session, u.password, 'very-secret-bearer']) {
      expect(all).not.toContain(secret)
    }
  })
})
