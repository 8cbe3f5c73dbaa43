import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// Administrator-entered days of the working-day calendar (modules/calendar): holidays and make-up
// working days from a 国务院办公厅 notice, one per date, merged over the packaged notice data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('calendar_day')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('date', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('notice_number', 'text', (c) => c.notNull())
    .addColumn('notice_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
    .execute()
}
