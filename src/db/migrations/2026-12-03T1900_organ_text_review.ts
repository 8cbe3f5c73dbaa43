import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
// The disclosure guide and the rules page texts go through the same two-stage review as items:
// `body` stays the published text; the working copy and its review state sit beside it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of [
    ['pending_body', 'text'],
    ['pending_stage', 'text'],
    ['pending_submitted_by', 'text'],
    ['pending_first_reviewer_id', 'text'],
    ['pending_return_reason', 'text'],
    ['pending_updated_at', 'text'],
  ] as const) {
    await db.schema.alterTable('organ_text').addColumn(name, type).execute()
  }
  await db.schema
    .alterTable('organ_text')
    .addColumn('pending_editors', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
}
