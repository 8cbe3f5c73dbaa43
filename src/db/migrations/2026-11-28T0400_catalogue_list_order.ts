import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// Public catalogue lists are ordered by (published_date, doc_no): doc_no breaks ties between items
// published on the same day, so pages never overlap or skip. Ending the two list indexes with
// doc_no lets both engines read a page straight off the index (no sort of the day's items, which
// cost a temp B-tree per request at deep offsets). Same number of indexes as before.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex('item_organ_status_date_idx').execute()
  await db.schema.dropIndex('item_status_date_idx').execute()
  await db.schema
    .createIndex('item_organ_status_date_doc_idx')
    .on('item')
    .columns(['organ_id', 'status', 'published_date', 'doc_no'])
    .execute()
  await db.schema
    .createIndex('item_status_date_doc_idx')
    .on('item')
    .columns(['status', 'published_date', 'doc_no'])
    .execute()
}
