import SqliteDatabase from 'better-sqlite3'
import {
  PostgresDialect,
  SqliteDialect,
  type Dialect,
  type SqliteDatabase as KyselySqliteDatabase,
} from 'kysely'
import { LRUCache } from 'lru-cache'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import pg from 'pg'
import type { DbConfig } from '../config.js'
import { DomainError } from '../shared/errors.js'

/** The two engines Gongkai runs on; passed to migrations and engine-specific adapters. */
export type DialectName = 'sqlite' | 'postgres'

// pg returns int8 (count(*), bigint) as strings; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))

/** Opens a better-sqlite3 handle in WAL mode with a busy timeout, so concurrent requests wait instead of failing. */
export function openSqlite(path: string): SqliteDatabase.Database {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true })
  }
  const handle = new SqliteDatabase(path)
  handle.pragma('journal_mode = WAL')
  handle.pragma('busy_timeout = 5000')
  handle.pragma('foreign_keys = ON')
  handle.pragma('synchronous = NORMAL')
  return handle
}

const STATEMENT_CACHE_SIZE = 500

/**
 * Presents a better-sqlite3 handle to Kysely with a small LRU cache of prepared statements.
 * Kysely prepares every query anew; preparing costs more than running a point query, and the
 * app issues the same few hundred SQL texts over and over. Reusing a statement is safe because
 * Kysely runs one query at a time on its single SQLite connection (streams hold the connection).
 */
export function withStatementCache(
  handle: SqliteDatabase.Database,
  size = STATEMENT_CACHE_SIZE,
): KyselySqliteDatabase {
  const cache = new LRUCache<string, SqliteDatabase.Statement>({ max: size })
  return {
    close: () => handle.close(),
    prepare: (sqlText: string) => {
      let stmt = cache.get(sqlText)
      if (!stmt) {
        stmt = handle.prepare(sqlText)
        cache.set(sqlText, stmt)
      }
      return stmt
    },
  }
}

/** The only place that knows how to reach each engine. */
export function createKyselyDialect(config: DbConfig): {
  dialect: Dialect
  sqlite?: SqliteDatabase.Database
  pool?: pg.Pool
} {
  switch (config.kind) {
    case 'sqlite': {
      if (config.existingFolder && !existsSync(dirname(config.path))) {
        throw new DomainError(
          'CONFIG_INVALID',
          `invalid configuration: DATABASE_URL: the folder ${dirname(config.path)} does not exist (create it first; nothing was created)`,
        )
      }
      const sqlite = openSqlite(config.path)
      return { dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), sqlite }
    }
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: config.url, max: 10 })
      return { dialect: new PostgresDialect({ pool }), pool }
    }
  }
}
