import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../../test/db.js'
import { buildItem, buildOrgan } from '../../../../test/factories.js'
import { XSS_PAYLOADS } from '../../../../test/fixtures/xss-payloads.js'
import { createTestApp, type TestApp } from '../../../../test/http.js'
import { liveMarkupProblems } from '../../../../test/markup.js'
import type { OrganRow } from '../../organs/organ.table.js'
import type { ItemRow } from '../catalogue.table.js'

/** The fields a public summary may have, and nothing else (no drafts' reviewers, notes, sources). */
const SUMMARY_KEYS = [
  'art20_item',
  'doc_number',
  'genre',
  'id',
  'index_no',
  'organ',
  'published_date',
  'sample',
  'summary',
  'title',
  'topic',
  'url',
  'validity',
  'written_date',
]
const DETAIL_KEYS = [
  ...SUMMARY_KEYS,
  'art21_item',
  'attachments',
  'body_html',
  'disclosure_mode',
  'doc_number_raw',
  'joint_issuers',
  'key_areas',
  'replaced_by',
  'revision',
  'scope',
  'term',
  'validity_date',
].sort()

describe.each(TEST_DIALECTS)('open-data API (%s)', (dialect) => {
  let t: TestApp
  let organ: OrganRow
  let first: ItemRow
  let draft: ItemRow
  let withdrawn: ItemRow
  beforeAll(async () => {
    t = await createTestApp(dialect)
    organ = await buildOrgan(t.db, { name: '张店区广播电视局' })
    let serial = 0
    const make = (date: string, over: Partial<ItemRow> = {}) => {
      serial += 1
      return buildItem(t.db, {
        organ_id: organ.id,
        index_no: `${organ.org_code}/${date.slice(0, 4)}-${String(serial).padStart(5, '0')}`,
        published_date: date,
        published_year: Number(date.slice(0, 4)),
        ...over,
      })
    }
    first = await make('2013-02-01', {
      title: '2013年第一条',
      body_html: `<p>正文</p>${XSS_PAYLOADS.join('').replaceAll('\u0000', '')}`,
      drafted_by: 'secret-drafter',
      first_reviewer_id: 'secret-reviewer',
      return_reason: '内部退回意见',
      source: 'legacy.csv:12',
      topic: '文化、广电、新闻出版\\广播、电影、电视',
    })
    for (let i = 2; i <= 23; i++) {
      await make(`2013-03-${String(i).padStart(2, '0')}`, { title: `2013年第${i}条` })
    }
    await make('2014-01-05', { title: '2014年的信息' })
    draft = await buildItem(t.db, {
      organ_id: organ.id,
      status: 'draft',
      title: '草稿',
      published_date: null,
    })
    withdrawn = await make('2013-12-01', { status: 'withdrawn', title: '已撤销' })
  })
  afterAll(async () => {
    await t.close()
  })

  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('lists an organ-year with the exact total and pinned public fields', async () => {
    const res = await get(`/api/v1/items?organ=${organ.code}&year=2013`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['access-control-allow-origin']).toBe('*')
    const body = res.json()
    expect(body.total).toBe(23)
    expect(body.page).toBe(1)
    expect(body.per_page).toBe(20)
    expect(body.items).toHaveLength(20)
    for (const item of body.items) {
      expect(Object.keys(item).sort()).toEqual(SUMMARY_KEYS)
    }
    expect(body.items[0].published_date).toBe('2013-03-23')
    expect(body.items[0].organ).toEqual({ code: organ.code, name: '张店区广播电视局' })
    expect(JSON.stringify(body)).not.toContain('草稿')
    expect(JSON.stringify(body)).not.toContain('已撤销')
  })

  it('pages with page and per_page', async () => {
    const res = await get(`/api/v1/items?organ=${organ.code}&year=2013&page=3&per_page=10`)
    const body = res.json()
    expect(body.total).toBe(23)
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(
      ['2013年第一条', '2013年第2条', '2013年第3条'].reverse(),
    )
  })

  it('filters by topic', async () => {
    const res = await get(`/api/v1/items?topic=${encodeURIComponent('文化、广电、新闻出版')}`)
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([first.id])
  })

  it('returns one item by 索引号 or id with the public detail fields only', async () => {
    const byIndex = await get(`/api/v1/items/${encodeURIComponent(first.index_no!)}`)
    expect(byIndex.statusCode).toBe(200)
    const d = byIndex.json()
    expect(Object.keys(d).sort()).toEqual(DETAIL_KEYS)
    expect(d.index_no).toBe(first.index_no)
    expect(d.url).toBe(`http://localhost:3000/items/${encodeURIComponent(first.index_no!)}`)
    expect(JSON.stringify(d)).not.toMatch(/secret-drafter|secret-reviewer|内部退回意见|legacy\.csv/)
    expect(liveMarkupProblems(d.body_html)).toEqual([])
    expect((await get(`/api/v1/items/${first.id}`)).json().id).toBe(first.id)
  })

  it('answers 404 with an error code for drafts, withdrawn items and unknown organs', async () => {
    for (const url of [`/api/v1/items/${draft.id}`, `/api/v1/items/${withdrawn.id}`, '/api/v1/items/nope']) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.json().error.code).toBe('ITEM_NOT_FOUND')
    }
    const organ404 = await get('/api/v1/items?organ=NOSUCHORGAN1')
    expect(organ404.statusCode).toBe(404)
    expect(organ404.headers['content-type']).toContain('application/json')
    expect(organ404.json().error).toMatchObject({ code: 'ORGAN_NOT_FOUND', message: '未找到该机关。' })
  })

  it('refuses bad parameters with 422 and a message per field', async () => {
    const res = await get('/api/v1/items?year=13&per_page=500&page=0&validity=maybe&topic=nope')
    expect(res.statusCode).toBe(422)
    const err = res.json().error
    expect(err.code).toBe('REQUEST_INVALID')
    expect(typeof err.message).toBe('string')
    expect(Object.keys(err.fields).sort()).toEqual(['page', 'per_page', 'topic', 'validity', 'year'])
    expect(err.fields.per_page[0]).toBe('每页条数应为 1 至 100 的整数')
  })

  it('searches with q, combined with the organ filter', async () => {
    const rows = await t.db.kysely
      .selectFrom('item')
      .innerJoin('item_body', 'item_body.item_id', 'item.id')
      .select(['doc_no', 'title', 'body_text'])
      .execute()
    await t.deps.search.upsert(
      t.db.kysely,
      rows.map((r) => ({ docNo: Number(r.doc_no), title: r.title, body: r.body_text })),
    )
    const res = await get(`/api/v1/items?organ=${organ.code}&q=${encodeURIComponent('2014')}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(['2014年的信息'])
    expect(body.total).toBe(1)
    expect(body.total_is_lower_bound).toBe(false)
    const bad = await get(`/api/v1/items?q=${encodeURIComponent('。。。')}`)
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('SEARCH_QUERY_INVALID')
  })

  it('describes itself with an OpenAPI 3.1 document listing the endpoints', async () => {
    const res = await get('/api/v1/openapi.json')
    expect(res.statusCode).toBe(200)
    const doc = JSON.parse(res.body)
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths).sort()).toEqual(['/items', '/items/{ref}', '/openapi.json'])
    expect(doc.servers[0].url).toBe('http://localhost:3000/api/v1')
    const params = doc.paths['/items'].get.parameters.map((p: { name: string }) => p.name)
    expect(params).toEqual(expect.arrayContaining(['organ', 'year', 'q', 'topic', 'page', 'per_page']))
    const summaryProps = Object.keys(doc.components.schemas.ItemSummary.properties).sort()
    expect(summaryProps).toEqual(SUMMARY_KEYS)
    const detailProps = Object.keys(doc.components.schemas.ItemDetail.allOf[1].properties)
    expect([...summaryProps, ...detailProps].sort()).toEqual(DETAIL_KEYS)
    // Every $ref resolves.
    for (const ref of res.body.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) {
      expect(doc.components.schemas[ref[1] as string], ref[1]).toBeDefined()
    }
  })
})
