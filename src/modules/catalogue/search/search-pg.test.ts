import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import { createTestDb, TEST_DIALECTS } from '../../../../test/db.js'
import { buildItem, buildOrgan } from '../../../../test/factories.js'
import { createPgSearchIndex, PG_RANKING_LIMITS } from './search-pg.js'

// PostgreSQL-only details behind the engine contract (search.contract.test.ts covers behaviour).
describe.runIf(TEST_DIALECTS.includes('postgres'))('PostgreSQL search index', () => {
  let db: Db
  beforeAll(async () => {
    db = await createTestDb('postgres')
  })
  afterAll(async () => {
    await db.close()
  })

  it('counts a filtered search over the newest filtered items only, reports a lower bound, and still pages through every hit', async () => {
    const organ = await buildOrgan(db)
    const index = createPgSearchIndex()
    const hits2019: number[] = []
    for (let i = 0; i < 12; i++) {
      // Every third item is from 2019 and holds the term; the 2020 items hold it too.
      const year = i % 3 === 0 ? 2019 : 2020
      const item = await buildItem(db, { organ_id: organ.id, title: `过滤计数${i}`, published_year: year })
      await index.upsert(db.kysely, [{ docNo: item.doc_no, title: item.title, body: '' }])
      if (year === 2019) {
        hits2019.push(item.doc_no)
      }
    }
    // A 2019 item without the term, newest of all: the walk of the 2 newest 2019 items finds 1 hit.
    await buildItem(db, { organ_id: organ.id, title: '毫不相干', published_year: 2019 })
    const limits = { ...PG_RANKING_LIMITS, rankCap: 100, countCap: 100, walkBudget: 2 }
    const q = { q: '过滤计数', filters: { organIds: [organ.id], year: 2019 }, limit: 10, offset: 0 }
    const budgeted = await createPgSearchIndex(limits).search(db.kysely, q)
    expect(budgeted.totalIsLowerBound).toBe(true)
    expect(budgeted.docNos).toEqual([...hits2019].sort((a, b) => b - a))
    expect(budgeted.total).toBe(4)
    // With every filtered item within the walk the count is exact.
    const whole = await createPgSearchIndex({ ...limits, walkBudget: 1000 }).search(db.kysely, q)
    expect(whole.total).toBe(4)
    expect(whole.totalIsLowerBound).toBe(false)
    expect(new Set(whole.docNos)).toEqual(new Set(hits2019))
    // No hit among the newest filtered items: the planner's exact count.
    const rare = await createPgSearchIndex(limits).search(db.kysely, { ...q, q: '过滤计数0' })
    expect(rare).toEqual({ docNos: [hits2019[0]], total: 1, totalIsLowerBound: false })
  })
})
