import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
// Every editor of an item's working copy (separation of duties covers all who wrote its content,
// not only the drafter). Existing drafts start with their drafter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('item')
    .addColumn('editors', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db
    .updateTable('item')
    .set({ editors: sql`'["' || drafted_by || '"]'` })
    .where('drafted_by', 'is not', null)
    .execute()
}
