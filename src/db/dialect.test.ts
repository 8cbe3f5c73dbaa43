import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, parseDatabaseUrl } from '../config.js'
import { openSqlite, withStatementCache } from './dialect.js'

describe('DATABASE_URL chooses the database', () => {
  it('reads sqlite:<path>, a plain path, and postgres:// URLs', () => {
    expect(parseDatabaseUrl('sqlite:./data/x.db')).toEqual({ kind: 'sqlite', path: './data/x.db' })
    expect(parseDatabaseUrl('sqlite:///srv/gongkai/x.db')).toEqual({
      kind: 'sqlite',
      path: '/srv/gongkai/x.db',
    })
    expect(parseDatabaseUrl('/srv/gongkai/x.db')).toEqual({ kind: 'sqlite', path: '/srv/gongkai/x.db' })
    expect(parseDatabaseUrl('postgres://u:p@db:5432/gk')).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/gk',
    })
    expect(parseDatabaseUrl('postgresql://db/gk')).toEqual({ kind: 'postgres', url: 'postgresql://db/gk' })
  })

  it('defaults to ./data/gongkai.db with attachments next to it', () => {
    const config = loadConfig({})
    expect(config.db).toEqual({ kind: 'sqlite', path: './data/gongkai.db' })
    expect(config.filesDir).toBe('./data/gongkai.db.files')
    expect(config.port).toBe(3000)
  })

  it('refuses a bad setting with a readable message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/invalid configuration: PORT/)
  })
})

describe('the embedded SQLite database', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-sqlite-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('is created on first open, in WAL mode with a busy timeout and foreign keys on', () => {
    const path = join(dir, 'new', 'folder', 'gongkai.db')
    const handle = openSqlite(path)
    try {
      expect(existsSync(path)).toBe(true)
      expect(handle.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(Number(handle.pragma('busy_timeout', { simple: true }))).toBeGreaterThanOrEqual(1000)
      expect(handle.pragma('foreign_keys', { simple: true })).toBe(1)
    } finally {
      handle.close()
    }
  })

  it('lets three processes write at the same time without "database is locked" errors', async () => {
    const path = join(dir, 'concurrent.db')
    const setup = openSqlite(path)
    setup.exec('CREATE TABLE t (who TEXT NOT NULL, n INTEGER NOT NULL)')
    setup.close()
    const dialect = fileURLToPath(new URL('./dialect.ts', import.meta.url))
    // Each writer: 200 short write transactions, each holding the write lock for a moment.
    const script = `
      const { openSqlite } = await import(${JSON.stringify(dialect)})
      const db = openSqlite(process.argv[1])
      const insert = db.prepare('INSERT INTO t VALUES (?, ?)')
      const tx = db.transaction((who, n) => { for (let i = 0; i < 20; i++) insert.run(who, n) })
      for (let n = 0; n < 200; n++) tx(process.argv[2], n)
      db.close()
    `
    const writer = (who: string) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script, path, who],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        )
        let err = ''
        child.stderr.on('data', (d: Buffer) => (err += d.toString()))
        child.on('exit', (code) => resolve({ code, err }))
      })
    const results = await Promise.all([writer('a'), writer('b'), writer('c')])
    for (const r of results) {
      expect(r.err).not.toMatch(/SQLITE_BUSY|database is locked/)
      expect(r.code).toBe(0)
    }
    const check = openSqlite(path)
    const n = (check.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n
    check.close()
    expect(n).toBe(3 * 200 * 20)
  })
})

describe('the prepared-statement cache in front of SQLite', () => {
  it('reuses one statement per SQL text and still sees schema and data changes', () => {
    const handle = openSqlite(':memory:')
    const db = withStatementCache(handle, 2)
    db.prepare('create table t (a integer)').run([])
    const insert = db.prepare('insert into t (a) values (?)')
    insert.run([1])
    expect(db.prepare('insert into t (a) values (?)')).toBe(insert)
    db.prepare('insert into t (a) values (?)').run([2])
    expect(db.prepare('select sum(a) as s from t').all([])).toEqual([{ s: 3 }])
    db.prepare('alter table t add column b text').run([])
    expect(db.prepare('select * from t order by a').all([])).toEqual([
      { a: 1, b: null },
      { a: 2, b: null },
    ])
    // The cache holds two statements: the oldest was evicted and is prepared anew.
    expect(db.prepare('insert into t (a) values (?)')).not.toBe(insert)
    db.close()
  })
})
