import SqliteDatabase from 'better-sqlite3'

/**
 * SQLite database files opened directly (backup copies, restore checks), outside the app's Kysely
 * instance: the driver stays inside src/db, and the backup module uses these handles.
 */
export type SqliteHandle = SqliteDatabase.Database

export function openSqliteFile(path: string, options?: SqliteDatabase.Options): SqliteHandle {
  return new SqliteDatabase(path, options)
}
