import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// Review workflow details of disclosure items:
// - submitted_by: who sent the current round to review (separation of duties covers them too);
// - revision_of_id: a working copy that revises a published item (published into that item, under
//   its 索引号, when approved; the published version stays public meanwhile);
// - revised_date: the date the current revision of a published item was published (null for rev. 1).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('item').addColumn('submitted_by', 'text').execute()
  await db.schema.alterTable('item').addColumn('revision_of_id', 'text').execute()
  await db.schema.alterTable('item').addColumn('revised_date', 'text').execute()
  await db.schema.createIndex('item_revision_of_idx').on('item').column('revision_of_id').execute()
  await db.schema
    .createIndex('item_organ_updated_idx')
    .on('item')
    .columns(['organ_id', 'updated_at'])
    .execute()
}
