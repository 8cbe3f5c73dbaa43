import type SqliteDatabase from 'better-sqlite3'
import type { Insertable } from 'kysely'
import type { Database, Db, Trx } from './database.js'

type SqliteHandle = SqliteDatabase.Database
type SqliteStatement = SqliteDatabase.Statement

/** Bound parameters per statement stay well under SQLite's 32,766 (and PostgreSQL's 65,535). */
const MAX_PARAMS = 16_000

function chunksFor<T extends object>(rows: readonly T[]): T[][] {
  const first = rows[0]
  if (!first) {
    return []
  }
  const perRow = Math.max(1, Object.keys(first).length)
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow))
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) {
    out.push(rows.slice(i, i + size))
  }
  return out
}

const statements = new WeakMap<SqliteHandle, Map<string, SqliteStatement>>()

/**
 * Runs one cached prepared INSERT per row on the raw SQLite handle. Only valid inside a Kysely
 * transaction on that same handle (better-sqlite3 has one connection, so the statements join
 * the open transaction and roll back with it).
 */
function insertPrepared(
  sqlite: SqliteHandle,
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
): void {
  const first = rows[0]
  if (!first) {
    return
  }
  const columns = Object.keys(first)
  const sqlText = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
  let cache = statements.get(sqlite)
  if (!cache) {
    cache = new Map()
    statements.set(sqlite, cache)
  }
  let stmt = cache.get(sqlText)
  if (!stmt) {
    stmt = sqlite.prepare(sqlText)
    cache.set(sqlText, stmt)
  }
  for (const row of rows) {
    stmt.run(columns.map((c) => row[c] ?? null))
  }
}

/**
 * Inserts many rows (all with the same columns) inside the caller's transaction `trx` of `db`:
 * on SQLite through cached prepared statements on the one connection (several times faster than
 * compiling multi-row statements), on PostgreSQL in multi-row statements under the parameter limit.
 * Either way the rows commit or roll back with `trx`.
 */
export async function insertRows<T extends keyof Database>(
  db: Db,
  trx: Trx,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
): Promise<void> {
  if (rows.length === 0) {
    return
  }
  if (db.sqlite) {
    insertPrepared(db.sqlite, table, rows)
    return
  }
  for (const chunk of chunksFor(rows)) {
    await trx.insertInto(table).values(chunk).execute()
  }
}
