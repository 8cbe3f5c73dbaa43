import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/database.js'
import { up as titleFtsMigration } from '../../db/migrations/2026-11-28T0600_search_title_fts.js'
import { createTestDb } from '../../../test/db.js'
import { buildItem, buildOrgan } from '../../../test/factories.js'
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

  it('backfills the title index of published items when the title table is added to an existing database', async () => {
    const organ = await buildOrgan(db)
    const titles = ['广电局2013年度报告（ＰＤＦ）', '依法纳税', '税', 'G20峰会𠀀字']
    const index = createFts5SearchIndex({ rankCap: 1, countCap: 1, maxWindow: 100 })
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
    const titleRows = await sql<{ n: number }>`SELECT count(*) AS n FROM item_title_fts`.execute(db.kysely)
    expect(Number(titleRows.rows[0]?.n)).toBe(4)
  })
})
