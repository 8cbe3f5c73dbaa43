import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { findItemById } from '../modules/catalogue/items/item.repository.js'
import { createTestDb, TEST_DIALECTS } from '../../test/db.js'
import { buildOrgan } from '../../test/factories.js'
import type { Db } from './database.js'
import { migrations } from './migrations/index.js'

const ITEM_BODY = '2026-12-03T1820_item_body'

describe.each(TEST_DIALECTS)('migration %s', (dialect) => {
  let db: Db
  afterEach(async () => {
    await db.close()
  })

  it('moves existing bodies into item_body and drops them from item, without losing an item', async () => {
    db = await createTestDb(dialect, { migrate: false })
    const names = Object.keys(migrations).sort()
    for (const name of names.slice(0, names.indexOf(ITEM_BODY))) {
      await migrations[name]!.up(db.kysely, dialect)
    }
    const organ = await buildOrgan(db)
    const now = new Date().toISOString()
    for (const [id, docNo, html, text] of [
      ['it-1', 1, '<p>第一条 为了规范</p>', '第一条 为了规范'],
      ['it-2', 2, '', ''],
    ] as const) {
      await sql`INSERT INTO item (id, doc_no, organ_id, title, body_html, body_text, created_at, updated_at)
        VALUES (${id}, ${docNo}, ${organ.id}, ${'标题' + id}, ${html}, ${text}, ${now}, ${now})`.execute(
        db.kysely,
      )
    }

    await migrations[ITEM_BODY]!.up(db.kysely, dialect)

    const bodies = await db.kysely.selectFrom('item_body').selectAll().orderBy('item_id').execute()
    expect(bodies).toEqual([
      { item_id: 'it-1', body_html: '<p>第一条 为了规范</p>', body_text: '第一条 为了规范' },
      { item_id: 'it-2', body_html: '', body_text: '' },
    ])
    const columns =
      dialect === 'sqlite'
        ? (await sql<{ name: string }>`SELECT name FROM pragma_table_info('item')`.execute(db.kysely)).rows
        : (
            await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = 'item'`.execute(db.kysely)
          ).rows
    const columnNames = columns.map((c) => c.name)
    expect(columnNames).toContain('title')
    expect(columnNames).not.toContain('body_html')
    expect(columnNames).not.toContain('body_text')
    const item = await findItemById(db.kysely, 'it-1')
    expect(item?.title).toBe('标题it-1')
    expect(item?.body_text).toBe('第一条 为了规范')

    // Deleting an item deletes its body (the foreign key cascades on both engines).
    await db.kysely.deleteFrom('item').where('id', '=', 'it-2').execute()
    expect(await db.kysely.selectFrom('item_body').select('item_id').execute()).toEqual([{ item_id: 'it-1' }])
  })
})
