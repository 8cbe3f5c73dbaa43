import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import { up as titleFtsMigration } from '../../../db/migrations/2026-11-28T0600_search_title_fts.js'
import { createTestDb } from '../../../../test/db.js'
import { buildItem, buildOrgan } from '../../../../test/factories.js'
import { createFts5SearchIndex } from './search-fts5.js'

// SQLite-only details behind the engine contract (search.contract.test.ts covers behaviour).
describe('SQLite FTS5 search index', () => {
  let db: Db
  beforeAll(async () => {
    db = await createTestDb('sqlite')
  })
  afterAll(async () => {
    await db.close()
  })

  it('stops counting after the walk budget, reports a lower bound, and still pages through every hit', async () => {
    const organ = await buildOrgan(db)
    const hits2019: number[] = []
    for (let i = 0; i < 12; i++) {
      // Every third item is from 2019; the newest ones are mostly 2020.
      const year = i % 3 === 0 ? 2019 : 2020
      const item = await buildItem(db, { organ_id: organ.id, title: `预算走查${i}`, published_year: year })
      await createFts5SearchIndex().upsert(db.kysely, [{ docNo: item.doc_no, title: item.title, body: '' }])
      if (year === 2019) {
        hits2019.push(item.doc_no)
      }
    }
    const limits = { rankCap: 100, countCap: 100, maxWindow: 100, walkBudget: 5 }
    const budgeted = createFts5SearchIndex(limits)
    const q = { q: '预算走查', filters: { year: 2019 }, limit: 10, offset: 0 }
    const result = await budgeted.search(db.kysely, q)
    // The 5 newest hits hold 2 of 2019: "at least 2", but the page walks on and finds all 4.
    expect(result.totalIsLowerBound).toBe(true)
    expect(result.docNos).toEqual([...hits2019].sort((a, b) => b - a))
    expect(result.total).toBe(4)
    const unbudgeted = await createFts5SearchIndex({ ...limits, walkBudget: 1000 }).search(db.kysely, q)
    expect(unbudgeted.total).toBe(4)
    expect(unbudgeted.totalIsLowerBound).toBe(false)
    expect(new Set(unbudgeted.docNos)).toEqual(new Set(hits2019))
  })

  it('backfills the title index of published items when the title table is added to an existing database', async () => {
    const organ = await buildOrgan(db)
    const titles = ['广电局2013年度报告（ＰＤＦ）', '依法纳税', '税', 'G20峰会𠀀字']
    const index = createFts5SearchIndex({ rankCap: 1, countCap: 1, maxWindow: 100, walkBudget: 1000 })
    const items = []
    for (const title of titles) {
      const item = await buildItem(db, { organ_id: organ.id, title })
      items.push(item)
      await index.upsert(db.kysely, [{ docNo: item.doc_no, title, body: '' }])
    }
    await buildItem(db, { organ_id: organ.id, title: '草稿里的税', status: 'draft' })
    // As if the database predated the title table: drop it, run the migration again.
    await sql`DROP TABLE item_title_fts`.execute(db.kysely)
    await db.kysely.transaction().execute((trx) => titleFtsMigration(trx, 'sqlite'))
    // rankCap 1 forces the tiered order, whose title tier reads item_title_fts only.
    const tier = async (q: string) =>
      (await index.search(db.kysely, { q, filters: { organIds: [organ.id] }, limit: 10, offset: 0 })).docNos
    const [report, tax, taxAlone, g20] = items.map((i) => i.doc_no)
    expect(await tier('2013年度')).toEqual([report])
    expect(await tier('pdf')).toEqual([report])
    expect(new Set(await tier('税'))).toEqual(new Set([tax, taxAlone]))
    expect(await tier('g20峰会')).toEqual([g20])
    expect(await tier('𠀀字')).toEqual([g20])
    // Exactly the published items (the draft is left out).
    const count = async (q: ReturnType<typeof sql<{ n: number }>>) =>
      Number((await q.execute(db.kysely)).rows[0]?.n)
    expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM item_title_fts`)).toBe(
      await count(sql<{ n: number }>`SELECT count(*) AS n FROM item WHERE status = 'published'`),
    )
  })
})
