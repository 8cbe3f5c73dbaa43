import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packagedCalendar } from '../../shared/calendar/packaged.js'
import { loadDemo } from './demo.service.js'
import { TEST_DIALECTS } from '../../../test/db.js'
import { createTestApp, type TestApp } from '../../../test/http.js'
import { DEMO_2013_COUNT, DEMO_RADIO_ORGAN_NAME, loadCatalogueDemo } from './catalogue.demo.js'
import { ITEM_STATUSES } from '../catalogue/catalogue.table.js'
import { DEMO_ORGANS } from './demo.data.js'
import { art26Clock } from '../catalogue/items/index.js'

describe.each(TEST_DIALECTS)('catalogue demo data (%s)', (dialect) => {
  let t: TestApp
  let radioId: string
  let radioCode: string

  beforeAll(async () => {
    t = await createTestApp(dialect)
    await loadDemo(t.deps)
    const radio = await t.db.kysely
      .selectFrom('organ')
      .selectAll()
      .where('name', '=', DEMO_RADIO_ORGAN_NAME)
      .executeTakeFirstOrThrow()
    radioId = radio.id
    radioCode = radio.code
    const report = await loadCatalogueDemo(t.deps)
    expect(report.samples2013).toBe(DEMO_2013_COUNT)
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('has exactly 90 published 2013 samples for 张店区广播电视局, on working days of every month', async () => {
    const rows = await t.db.kysely
      .selectFrom('item')
      .selectAll()
      .where('organ_id', '=', radioId)
      .where('published_year', '=', 2013)
      .execute()
    expect(rows).toHaveLength(90)
    expect(rows.every((r) => r.status === 'published' && r.sample === 1)).toBe(true)
    expect(rows.every((r) => packagedCalendar().isWorkingDay(r.published_date!))).toBe(true)
    const months = new Set(rows.map((r) => r.published_date!.slice(5, 7)))
    expect(months.size).toBe(12)
    expect(new Set(rows.map((r) => r.topic)).size).toBeGreaterThanOrEqual(8)
    expect(new Set(rows.map((r) => r.genre)).size).toBeGreaterThanOrEqual(12)
    expect(new Set(rows.map((r) => r.title)).size).toBe(90)
    // 索引号 serials 1..90 in order of publication, all published within 20 working days.
    const sorted = [...rows].sort((a, b) => Number(a.index_serial) - Number(b.index_serial))
    expect(sorted.map((r) => Number(r.index_serial))).toEqual(Array.from({ length: 90 }, (_, i) => i + 1))
    expect(sorted.map((r) => r.published_date)).toEqual(rows.map((r) => r.published_date).sort())
    for (const r of rows) {
      expect(r.index_no).toMatch(/^[0-9A-Z]{9}\/2013-\d{5}$/)
      const clock = art26Clock(
        {
          formedDate: r.formed_date,
          publishedDate: r.published_date,
          today: '2026-11-27',
        },
        packagedCalendar(),
      )
      expect(clock?.late, r.title).toBe(false)
    }
  })

  it('reports "total":90 through the JSON API for the organ and 2013', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/items?organ=${radioCode}&year=2013` })
    expect(res.statusCode).toBe(200)
    expect(res.json<{ total: number }>().total).toBe(90)
  })

  it('has 2026 items of the bureau and its sibling departments in every lifecycle state', async () => {
    const rows = await t.db.kysely
      .selectFrom('item')
      .innerJoin('organ', 'organ.id', 'item.organ_id')
      .select([
        'item.status',
        'item.validity',
        'item.revision',
        'item.revision_of_id',
        'organ.name',
        'item.return_reason',
      ])
      .where('item.sample', '=', 0)
      .execute()
    for (const s of ITEM_STATUSES) {
      expect(rows.filter((r) => r.status === s).length, s).toBeGreaterThan(0)
    }
    expect(rows.some((r) => r.validity === 'expired')).toBe(true)
    expect(rows.some((r) => Number(r.revision) === 2 && r.status === 'published')).toBe(true)
    expect(rows.some((r) => r.revision_of_id !== null)).toBe(true)
    expect(rows.some((r) => r.status === 'draft' && r.return_reason)).toBe(true)
    const organs = new Set(rows.map((r) => r.name))
    for (const name of [DEMO_RADIO_ORGAN_NAME, '张店区人民政府办公室', '张店区教育局', '张店区财政局']) {
      expect(organs.has(name), name).toBe(true)
    }
  })

  it('indexes published demo items for search, including the samples', async () => {
    const hits = await t.deps.search.search(t.db.kysely, {
      q: '村村响',
      filters: { organIds: [radioId], year: 2013 },
      limit: 20,
      offset: 0,
    })
    expect(hits.total).toBeGreaterThanOrEqual(3)
    const broad = await t.deps.search.search(t.db.kysely, { q: '广电', filters: {}, limit: 20, offset: 0 })
    expect(broad.total).toBeGreaterThan(0)
  })

  it('issues every demo organ’s 索引号 serials in the order of the items’ 发布日期', async () => {
    const rows = await t.db.kysely
      .selectFrom('item')
      .select(['organ_id', 'index_year', 'index_serial', 'published_date', 'title'])
      .where('index_serial', 'is not', null)
      .orderBy('organ_id')
      .orderBy('index_year')
      .orderBy('index_serial')
      .execute()
    expect(new Set(rows.map((r) => r.organ_id)).size).toBe(DEMO_ORGANS.length)
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!]
      if (a.organ_id === b.organ_id && a.index_year === b.index_year) {
        expect(a.published_date! <= b.published_date!, `${a.title} before ${b.title}`).toBe(true)
        expect(Number(b.index_serial)).toBe(Number(a.index_serial) + 1)
      }
    }
  })

  it('lists the 目录 newest first by 发布日期, same-day items by descending 索引号', async () => {
    const seen: Array<{ indexNo: string; published: string }> = []
    for (let page = 1; page <= 6; page++) {
      const res = await t.app.inject({ url: `/organs/${radioCode}/catalogue-index?page=${page}` })
      expect(res.statusCode).toBe(200)
      for (const m of res.body.matchAll(
        /<td class="index-no" data-label="索引">([^<]+)<\/td>[\s\S]*?<td class="nowrap" data-label="发布日期">([^<]+)<\/td>/g,
      )) {
        seen.push({ indexNo: m[1]!, published: m[2]! })
      }
    }
    expect(seen.length).toBeGreaterThanOrEqual(95)
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!]
      expect(a.published >= b.published, `${a.indexNo} then ${b.indexNo}`).toBe(true)
      if (a.published === b.published) {
        expect(a.indexNo > b.indexNo, `${a.indexNo} then ${b.indexNo}`).toBe(true)
      }
    }
  })

  it('gives every demo organ published 政府信息公开制度 on its rules page', async () => {
    for (const o of DEMO_ORGANS) {
      const res = await t.app.inject({ url: `/organs/${o.code}/rules` })
      expect(res.statusCode, o.name).toBe(200)
      expect(res.body, o.name).not.toContain('本机关尚未在本平台公开政府信息公开工作制度。')
      expect(res.body, o.name).toMatch(new RegExp(`${o.name}[^<]*办法</a>`))
    }
  })

  it('attaches the tables of every budget item as a Word file, through the attachments service', async () => {
    const budgets = await t.db.kysely
      .selectFrom('item')
      .select(['id', 'title'])
      .where('genre', '=', '预决算')
      .execute()
    expect(budgets.length).toBeGreaterThanOrEqual(5)
    const files = await t.db.kysely
      .selectFrom('attachment')
      .select(['item_id', 'filename', 'media_type', 'text'])
      .where(
        'item_id',
        'in',
        budgets.map((b) => b.id),
      )
      .execute()
    expect(files).toHaveLength(budgets.length)
    for (const f of files) {
      expect(f.filename).toMatch(/（附表）\.docx$/)
      expect(f.media_type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      expect(f.text).toContain('“三公”经费')
    }
    const audited = await t.db.kysely
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'attachment.added')
      .execute()
    expect(audited).toHaveLength(budgets.length)
  })

  it('changes nothing when loaded a second time', async () => {
    const count = async (table: 'item' | 'audit_log' | 'item_review' | 'item_revision') =>
      Number(
        (
          await t.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = [
      await count('item'),
      await count('audit_log'),
      await count('item_review'),
      await count('item_revision'),
    ]
    const again = await loadCatalogueDemo(t.deps)
    expect(again.created).toBe(0)
    expect(again.samples2013).toBe(90)
    expect([
      await count('item'),
      await count('audit_log'),
      await count('item_review'),
      await count('item_revision'),
    ]).toEqual(before)
  })
})
