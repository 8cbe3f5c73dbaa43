import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import { DomainError } from '../../../shared/errors.js'
import { createTestDb, TEST_DIALECTS } from '../../../../test/db.js'
import { buildItem, buildOrgan } from '../../../../test/factories.js'
import type { ItemRow } from '../catalogue.table.js'
import { createSearchIndex } from './search-engines.js'
import type { SearchFilters, SearchHits, SearchIndex } from '../../../shared/search-index.js'
import { normalizeSearchText } from './search-text.js'

/** A small deterministic PRNG, so the random corpus is the same in every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// The contract every engine meets; the same tests run on SQLite FTS5 and PostgreSQL tsvector.
describe.each(TEST_DIALECTS)('full-text search contract (%s)', (dialect) => {
  let db: Db
  let index: SearchIndex

  beforeAll(async () => {
    db = await createTestDb(dialect)
    index = createSearchIndex(dialect)
  })
  afterAll(async () => {
    await db.close()
  })

  /** Builds a published item in `organId` and indexes its title and body. */
  async function add(
    organId: string,
    title: string,
    body = '',
    over: Partial<ItemRow> = {},
  ): Promise<ItemRow> {
    const item = await buildItem(db, { organ_id: organId, title, body_text: body, ...over })
    await index.upsert(db.kysely, [{ docNo: item.doc_no, title, body }])
    return item
  }

  async function find(q: string, filters: SearchFilters, limit = 100, offset = 0): Promise<SearchHits> {
    return index.search(db.kysely, { q, filters, limit, offset })
  }

  it('matches 2-, 3- and 4-character queries exactly where the title or body contains the substring', async () => {
    const organ = await buildOrgan(db)
    const rnd = prng(42)
    const alphabet = Array.from('广电局政府信息公开年报税务')
    const separators = ['', '', '', '，', '。', ' ', 'A', '2013', '（']
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T
    const text = (n: number) => Array.from({ length: n }, () => pick(alphabet) + pick(separators)).join('')
    const docs: Array<{ docNo: number; hay: string }> = []
    for (let i = 0; i < 40; i++) {
      const title = text(4 + Math.floor(rnd() * 6))
      const body = text(Math.floor(rnd() * 30))
      const item = await add(organ.id, title, body)
      docs.push({ docNo: item.doc_no, hay: `${normalizeSearchText(title)}\n${normalizeSearchText(body)}` })
    }
    const queries = new Set<string>([
      '广电',
      '电局',
      '政府信息',
      '信息公开',
      '公开年报',
      '税务局',
      '广电局政府',
    ])
    for (let i = 0; i < 40; i++) {
      const len = 2 + Math.floor(rnd() * 3)
      queries.add(Array.from({ length: len }, () => pick(alphabet)).join(''))
    }
    for (const q of queries) {
      const expected = docs.filter((d) => d.hay.includes(q)).map((d) => d.docNo)
      const hits = await find(q, { organIds: [organ.id] })
      expect({ q, hits: [...hits.docNos].sort((a, b) => a - b) }).toEqual({
        q,
        hits: expected.sort((a, b) => a - b),
      })
      expect(hits.total).toBe(expected.length)
    }
  })

  it('finds every occurrence of a single character: alone, starting, inside and ending a run', async () => {
    const organ = await buildOrgan(db)
    const alone = await add(organ.id, '关于税的通知')
    const start = await add(organ.id, '税务登记办法')
    const inside = await add(organ.id, '个人所得税法实施条例')
    const end = await add(organ.id, '依法纳税')
    await add(organ.id, '无关的标题')
    const hits = await find('税', { organIds: [organ.id] })
    expect(new Set(hits.docNos)).toEqual(new Set([alone.doc_no, start.doc_no, inside.doc_no, end.doc_no]))
  })

  it('matches ASCII words case-insensitively and full-width like half-width, as whole words', async () => {
    const organ = await buildOrgan(db)
    const pdf = await add(organ.id, '附件PDF格式说明')
    const fullWidth = await add(organ.id, '关于Ｇ２０峰会的报道')
    await add(organ.id, '关于PDFs的说明')
    expect((await find('pdf', { organIds: [organ.id] })).docNos).toEqual([pdf.doc_no])
    expect((await find('ＰＤＦ', { organIds: [organ.id] })).docNos).toEqual([pdf.doc_no])
    expect((await find('pd', { organIds: [organ.id] })).docNos).toEqual([])
    expect((await find('g20峰会', { organIds: [organ.id] })).docNos).toEqual([fullWidth.doc_no])
    expect((await find('G20', { organIds: [organ.id] })).docNos).toEqual([fullWidth.doc_no])
  })

  it('matches terms that mix digits and CJK, like 2013年', async () => {
    const organ = await buildOrgan(db)
    const report = await add(organ.id, '张店区广播电视局2013年度政府信息公开工作年度报告')
    const plan = await add(organ.id, '2013年工作计划')
    await add(organ.id, '2014年工作计划')
    await add(organ.id, '2013工作年')
    expect(new Set((await find('2013年', { organIds: [organ.id] })).docNos)).toEqual(
      new Set([report.doc_no, plan.doc_no]),
    )
    expect((await find('2013年度', { organIds: [organ.id] })).docNos).toEqual([report.doc_no])
    expect((await find('局2013', { organIds: [organ.id] })).docNos).toEqual([report.doc_no])
  })

  it('ANDs whitespace-separated terms', async () => {
    const organ = await buildOrgan(db)
    const both = await add(organ.id, '广电局年报', '本年度政府信息公开情况')
    await add(organ.id, '广电局通知', '无关内容')
    await add(organ.id, '财政局年报', '政府信息公开')
    expect((await find('广电 信息公开', { organIds: [organ.id] })).docNos).toEqual([both.doc_no])
    expect((await find('  广电\u3000年报  ', { organIds: [organ.id] })).docNos).toEqual([both.doc_no])
  })

  it('combines the query with every filter and never returns unpublished items', async () => {
    const a = await buildOrgan(db)
    const b = await buildOrgan(db)
    const base = {
      topic: '财政\\预算',
      genre: '通知',
      published_year: 2021,
      art20_item: 8,
      validity: 'valid' as const,
    }
    const match = await add(a.id, '滤镜测试预算公开', '', base)
    const otherOrgan = await add(b.id, '滤镜测试预算公开', '', base)
    const otherTopic = await add(a.id, '滤镜测试预算公开', '', { ...base, topic: '财政税收\\税收' })
    const otherGenre = await add(a.id, '滤镜测试预算公开', '', { ...base, genre: '公告' })
    const otherYear = await add(a.id, '滤镜测试预算公开', '', { ...base, published_year: 2020 })
    const otherItem = await add(a.id, '滤镜测试预算公开', '', { ...base, art20_item: 9 })
    const expired = await add(a.id, '滤镜测试预算公开', '', { ...base, validity: 'expired' })
    await add(a.id, '滤镜测试预算公开', '', { ...base, status: 'draft' })
    const all = [match, otherOrgan, otherTopic, otherGenre, otherYear, otherItem, expired].map(
      (i) => i.doc_no,
    )
    const q = '滤镜测试'
    expect(new Set((await find(q, {})).docNos)).toEqual(new Set(all))
    expect((await find(q, { organIds: [b.id] })).docNos).toEqual([otherOrgan.doc_no])
    expect((await find(q, { organIds: [] })).docNos).toEqual([])
    expect(new Set((await find(q, { topic: '财政' })).docNos)).toEqual(
      new Set(all.filter((d) => d !== otherTopic.doc_no)),
    )
    const everything = {
      organIds: [a.id],
      topic: '财政\\预算',
      genre: '通知',
      year: 2021,
      art20Item: 8,
      validity: 'valid',
    }
    expect(await find(q, everything)).toEqual({ docNos: [match.doc_no], total: 1, totalIsLowerBound: false })
  })

  it('applies a selective filter to a term common elsewhere (whatever plan the engine picks)', async () => {
    const busy = await buildOrgan(db)
    const small = await buildOrgan(db)
    const docs = []
    for (let i = 0; i < 400; i++) {
      const item = await buildItem(db, { organ_id: busy.id, title: `鹦鹉${i}号` })
      docs.push({ docNo: item.doc_no, title: item.title, body: '' })
    }
    await index.upsert(db.kysely, docs)
    const inTitle = await add(small.id, '关于鹦鹉的说明')
    const inBody1 = await add(small.id, '其他说明', '正文提到鹦鹉')
    const inBody2 = await add(small.id, '另一说明', '鹦鹉在正文')
    await add(small.id, '无关', '无关')
    const hits = await find('鹦鹉', { organIds: [small.id] })
    expect(hits.total).toBe(3)
    expect(hits.totalIsLowerBound).toBe(false)
    expect(hits.docNos[0]).toBe(inTitle.doc_no)
    expect(new Set(hits.docNos.slice(1))).toEqual(new Set([inBody1.doc_no, inBody2.doc_no]))
    const page2 = await find('鹦鹉', { organIds: [small.id] }, 2, 2)
    expect(page2.docNos).toEqual([hits.docNos[2]])
  })

  it('forgets removed (withdrawn) items and replaces a document on upsert', async () => {
    const organ = await buildOrgan(db)
    const gone = await add(organ.id, '撤回测试文件')
    const kept = await add(organ.id, '撤回测试文件二')
    await index.remove(db.kysely, [gone.doc_no])
    expect((await find('撤回测试', { organIds: [organ.id] })).docNos).toEqual([kept.doc_no])
    await index.upsert(db.kysely, [{ docNo: kept.doc_no, title: '修订后的标题', body: '新正文' }])
    expect((await find('撤回测试', { organIds: [organ.id] })).docNos).toEqual([])
    expect((await find('修订后', { organIds: [organ.id] })).docNos).toEqual([kept.doc_no])
    expect((await find('新正文', { organIds: [organ.id] })).docNos).toEqual([kept.doc_no])
  })

  it('keeps every hit findable after optimize', async () => {
    const organ = await buildOrgan(db)
    const items = []
    for (let i = 0; i < 5; i++) {
      items.push(await add(organ.id, `压缩索引测试${i}`, i % 2 === 0 ? '正文含压缩' : ''))
    }
    await index.remove(db.kysely, [items[4]!.doc_no])
    await index.optimize(db.kysely)
    const hits = await find('压缩索引', { organIds: [organ.id] })
    expect(new Set(hits.docNos)).toEqual(new Set(items.slice(0, 4).map((i) => i.doc_no)))
    expect((await find('正文含压缩', { organIds: [organ.id] })).docNos.sort()).toEqual(
      [items[0]!.doc_no, items[2]!.doc_no].sort(),
    )
  })

  it('writes to the index inside the caller’s transaction', async () => {
    const organ = await buildOrgan(db)
    const item = await buildItem(db, { organ_id: organ.id, title: '事务回滚测试' })
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await index.upsert(trx, [{ docNo: item.doc_no, title: '事务回滚测试', body: '' }])
        throw new Error('roll back')
      })
      .catch(() => undefined)
    expect((await find('事务回滚', { organIds: [organ.id] })).docNos).toEqual([])
  })

  it('ranks title hits before body hits, however often the body repeats the term', async () => {
    const organ = await buildOrgan(db)
    const body1 = await add(organ.id, '一般性通知', '排序测试排序测试排序测试排序测试排序测试排序测试')
    const title = await add(organ.id, '关于排序测试的通知', '正文')
    const body2 = await add(organ.id, '另一个通知', '提到排序测试一次')
    const hits = await find('排序测试', { organIds: [organ.id] })
    expect(hits.docNos[0]).toBe(title.doc_no)
    expect(new Set(hits.docNos.slice(1))).toEqual(new Set([body1.doc_no, body2.doc_no]))
    expect(hits.total).toBe(3)
  })

  it('rejects an empty, blank or punctuation-only query with SEARCH_QUERY_INVALID', async () => {
    for (const q of ['', '   ', '\u3000\t', '，。！？…', '《》——', '!!! ???']) {
      const err = await find(q, {}).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect((err as DomainError).code).toBe('SEARCH_QUERY_INVALID')
    }
  })

  it('caps a very long query instead of failing', async () => {
    const organ = await buildOrgan(db)
    const terms = ['超长', '查询', '测试', '文件', '内容', '说明', '附件', '目录']
    const doc = await add(organ.id, terms.join(''))
    // Terms beyond the cap are ignored: the ninth term is absent from the document.
    const manyTerms = `${terms.join(' ')} 不存在的词 ${'另外 '.repeat(500)}`
    expect((await find(manyTerms, { organIds: [organ.id] })).docNos).toEqual([doc.doc_no])
    // One enormous term is cut to its first characters.
    const longTitle = '长'.repeat(80)
    const long = await add(organ.id, longTitle)
    expect((await find('长'.repeat(5000), { organIds: [organ.id] })).docNos).toEqual([long.doc_no])
  })

  describe('with many hits (tiered ranking, counted total)', () => {
    let organId: string
    let titleHits: number[]
    let bodyHits: number[]
    let tiered: SearchIndex

    beforeAll(async () => {
      organId = (await buildOrgan(db)).id
      titleHits = []
      bodyHits = []
      for (let i = 0; i < 9; i++) {
        // Interleave title and body hits so that doc_no order alone would mix them.
        titleHits.push((await add(organId, `分层排序标题${i}`, '正文')).doc_no)
        bodyHits.push((await add(organId, `其他标题${i}`, `正文提到分层排序${i}`)).doc_no)
      }
      await add(organId, '完全无关', '毫无关系')
      tiered = createSearchIndex(dialect, { rankCap: 5, countCap: 10, maxWindow: 16, walkBudget: 5 })
    })

    const run = (limit: number, offset: number) =>
      tiered.search(db.kysely, { q: '分层排序', filters: { organIds: [organId] }, limit, offset })
    const newestFirst = (xs: number[]) => [...xs].sort((a, b) => b - a)

    it('puts title hits first, newest first, then body hits newest first, and reports a lower bound', async () => {
      const hits = await run(20, 0)
      expect(hits.docNos).toEqual([...newestFirst(titleHits), ...newestFirst(bodyHits)].slice(0, 16))
      expect(hits.total).toBe(10)
      expect(hits.totalIsLowerBound).toBe(true)
    })

    it('pages through both tiers without gaps or repeats', async () => {
      const expected = [...newestFirst(titleHits), ...newestFirst(bodyHits)].slice(0, 16)
      const pages: number[] = []
      for (const offset of [0, 4, 8, 12]) {
        pages.push(...(await run(4, offset)).docNos)
      }
      expect(pages).toEqual(expected)
      // Small pages near the newest end (PostgreSQL answers them from its bounded newest walk).
      expect((await run(2, 0)).docNos).toEqual(expected.slice(0, 2))
      expect((await run(2, 9)).docNos).toEqual(expected.slice(9, 11))
      // A page that starts after the title tier ended.
      expect((await run(3, 10)).docNos).toEqual(expected.slice(10, 13))
      // Nothing beyond the result window.
      expect((await run(4, 16)).docNos).toEqual([])
    })

    it('counts exactly below the cap and pages through exactly ranked hits', async () => {
      const one = await tiered.search(db.kysely, {
        q: '分层排序标题1',
        filters: { organIds: [organId] },
        limit: 1,
        offset: 0,
      })
      expect(one).toEqual({ docNos: [titleHits[1]], total: 1, totalIsLowerBound: false })
      const page = (offset: number) =>
        index.search(db.kysely, { q: '分层排序', filters: { organIds: [organId] }, limit: 5, offset })
      const first = await page(0)
      const second = await page(5)
      expect(first.total).toBe(18)
      expect(first.totalIsLowerBound).toBe(false)
      const seen = [...first.docNos, ...second.docNos]
      expect(new Set(seen).size).toBe(10)
      expect([...seen.slice(0, 9)].sort((a, b) => a - b)).toEqual([...titleHits].sort((a, b) => a - b))
      expect(bodyHits).toContain(seen[9])
    })
  })
})
