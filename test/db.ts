import { sql } from 'kysely'
import pg from 'pg'
import { createDb, type Db } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrator.js'
import type { DialectName } from '../src/db/dialect.js'

/** The engines this run tests; set by scripts/test.mjs (sqlite always, postgres when reachable). */
export const TEST_DIALECTS: DialectName[] = (process.env.TEST_DIALECTS ?? 'sqlite')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is DialectName => s === 'sqlite' || s === 'postgres')

/** Base URL of the PostgreSQL database that test schemas are created in. */
export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * A fresh, migrated, isolated database: a new in-memory SQLite database, or a new schema in the
 * test PostgreSQL database (dropped again by `dispose`). `migrate: false` leaves it empty (migration tests).
 */
/**
 * The test server's URL with `schema` as the connection's search_path. No parallel query workers:
 * under load a worker intermittently failed to resolve the per-test schema ("schema t_… does not
 * exist", 3F000 from a parallel worker, or a table of another schema). Every test that opens its
 * own schema (CLI processes included) connects through this.
 */
export function pgSchemaUrl(schema: string): string {
  const url = new URL(TEST_PG_URL)
  url.searchParams.set('options', `-c search_path=${schema} -c max_parallel_workers_per_gather=0`)
  return url.toString()
}

export async function createTestDb(dialect: DialectName, opts: { migrate?: boolean } = {}): Promise<Db> {
  const migrate = opts.migrate ?? true
  if (dialect === 'sqlite') {
    const db = createDb({ kind: 'sqlite', path: ':memory:' })
    if (migrate) {
      await migrateToLatest(db)
    }
    return db
  }
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const db = createDb({ kind: 'postgres', url: pgSchemaUrl(schema) })
  const close = () => db.kysely.destroy()
  db.close = async () => {
    await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(db.kysely).catch(() => undefined)
    await close()
  }
  if (migrate) {
    await migrateToLatest(db)
  }
  return db
}
