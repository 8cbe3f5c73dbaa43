import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
// Log-in throttling state (src/modules/auth/login-throttle.ts) in the database, so that every
// process sees the same counts: one row per `account:<name>` or `address:<ip>` key.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_until', 'text')
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('login_throttle_last_failure_idx')
    .on('login_throttle')
    .column('last_failure_at')
    .execute()
}
