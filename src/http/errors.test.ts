import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../test/db.js'
import { createTestApp, type TestApp } from '../../test/http.js'

describe.each(TEST_DIALECTS)('malformed URLs (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => {
    await t.close()
  })

  it('answers broken percent-encoding in a path with the site’s Chinese 400 page, not framework JSON', async () => {
    for (const url of ['/items/%E4%B8', '/%', '/organs/%zz/catalogue']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(400)
      expect(res.headers['content-type'], url).toContain('text/html')
      expect(res.body, url).toContain('网址有误')
      expect(res.body, url).toContain('<html lang="zh-CN"')
      expect(res.body, url).not.toContain('FST_ERR_BAD_URL')
      // Through the usual pipeline: security headers and a request id like any other page.
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'")
      expect(res.headers['x-request-id'], url).toBeTruthy()
    }
  })

  it('answers the API with JSON and a stable code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/items/%E4%B8' })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/json')
    expect(JSON.parse(res.body)).toMatchObject({
      error: { code: 'URL_INVALID', message: expect.any(String) },
    })
  })
})
