import type SqliteDatabase from 'better-sqlite3'
import type pg from 'pg'

/**
 * A token that changes whenever data the public pages are made from may have changed, read with
 * one cheap statement; null when this database cannot tell (then nothing may be cached under it).
 * Pages and counts cached under a stamp are exact: a hit is served only while the stamp is the
 * same, on every process that shares the database.
 *
 * - SQLite: `total_changes()` counts every row this process's connection wrote, and
 *   `PRAGMA data_version` changes when another connection (another process) commits. Read
 *   synchronously through a statement prepared once: a few microseconds.
 * - PostgreSQL: the counter row 'public.change_version', which statement-level triggers on the
 *   public tables bump in the writing transaction (migration 2026-12-03T1000). Readers see the new
 *   value when the change commits, in every app process: one primary-key read per request.
 */
export type ChangeStamp = () => Promise<string | null>

const SQLITE_STAMP_SQL = 'SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v'
const PG_COUNTER = 'public.change_version'

export function sqliteChangeStamp(handle: SqliteDatabase.Database): ChangeStamp {
  let stmt: SqliteDatabase.Statement | undefined
  return () => {
    stmt ??= handle.prepare(SQLITE_STAMP_SQL)
    const row = stmt.get() as { c: number; v: number } | undefined
    return Promise.resolve(row ? `${row.v}:${row.c}` : null)
  }
}

export function postgresChangeStamp(pool: pg.Pool): ChangeStamp {
  const query = { text: 'SELECT value FROM counter WHERE name = $1', values: [PG_COUNTER] }
  return async () => {
    const r = await pool.query<{ value: number | string }>(query)
    const row = r.rows[0]
    return row ? `pg:${String(row.value)}` : null
  }
}
