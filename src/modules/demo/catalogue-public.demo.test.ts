import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { createTestApp, type TestApp } from '../../../test/http.js'
import { liveMarkupProblems, parseCsv, parseXmlStrict } from '../../../test/markup.js'
import { loadDemo } from './demo.service.js'
import { DEMO_2013_COUNT, DEMO_RADIO_ORGAN_NAME, loadCatalogueDemo } from './catalogue.demo.js'

/** The "Done when" of issue #3 on the demo data, through the public pages and the open-data API. */
describe.each(TEST_DIALECTS)('public catalogue over the demo data (%s)', (dialect) => {
  let t: TestApp
  let code: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    await loadDemo(t.deps)
    await loadCatalogueDemo(t.deps, { only2013: true })
    const radio = await t.db.kysely
      .selectFrom('organ')
      .select('code')
      .where('name', '=', DEMO_RADIO_ORGAN_NAME)
      .executeTakeFirstOrThrow()
    code = radio.code
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('reports "total":90 for 张店区广播电视局 in 2013 on /api/v1/items', async () => {
    const res = await get(`/api/v1/items?organ=${code}&year=2013`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`"total":${DEMO_2013_COUNT}`)
    expect(res.json().items.every((i: { sample: boolean }) => i.sample)).toBe(true)
  })

  it('shows the 90 items on the organ catalogue, marked as samples, over 5 pages and in the CSV', async () => {
    const page = await get(`/organs/${code}/catalogue?year=2013`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('共 90 条')
    expect(page.body).toContain('第 1 页，共 5 页')
    expect(page.body).toContain('示例数据')
    expect(liveMarkupProblems(page.body)).toEqual([])
    const csv = await get(`/organs/${code}/catalogue?year=2013&format=csv`)
    expect(parseCsv(csv.body.replace(/^\uFEFF/, ''))).toHaveLength(91)
  })

  it('renders every demo item page and lists them in the feed', async () => {
    const list = (await get(`/api/v1/items?organ=${code}&year=2013&per_page=100`)).json()
    for (const item of list.items as Array<{ url: string; title: string }>) {
      const res = await get(item.url.replace('http://localhost:3000', ''))
      expect(res.statusCode, item.url).toBe(200)
      expect(res.body).toContain('<th scope="row">索引号</th>')
      expect(liveMarkupProblems(res.body), item.url).toEqual([])
    }
    const rss = parseXmlStrict((await get(`/organs/${code}/feed.rss`)).body)
    expect(rss.filter((e) => e.name === 'item')).toHaveLength(50)
  })

  it('finds demo items with a 2-character search', async () => {
    const res = await get(`/search?q=${encodeURIComponent('广电')}&organ=${code}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatch(/(共|约) \d+ 条/)
    expect(res.body).toContain('<mark>广电</mark>')
  })
})
