import SqliteDatabase from 'better-sqlite3'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildOrgan } from '../../../test/factories.js'
import { loadConfig, type Config } from '../../config.js'
import { createDb, type Db } from '../../db/database.js'
import { migrateToLatest } from '../../db/migrator.js'
import { DomainError } from '../../shared/errors.js'
import {
  assertSafeFilesDir,
  backupDatabase,
  inspectBackup,
  requireSqlite,
  restoreDatabase,
} from './backup.service.js'

async function organNames(db: Db): Promise<string[]> {
  const rows = await db.kysely.selectFrom('organ').select('name').orderBy('name').execute()
  return rows.map((r) => r.name)
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`
  }
  return undefined
}

describe('backup and restore of a SQLite installation', () => {
  let dir: string
  let config: Config
  let db: Db

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-backup-'))
    config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'live.db')}` })
    db = createDb(config.db)
    await migrateToLatest(db)
  })

  afterEach(async () => {
    await db.close().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  })

  it('round-trips the database and the attachments folder, keeping the replaced copies', async () => {
    await buildOrgan(db, { name: '张店区广播电视局' })
    mkdirSync(join(config.filesDir, 'ab'), { recursive: true })
    writeFileSync(join(config.filesDir, 'ab', 'blob1'), 'attachment one')
    writeFileSync(join(config.filesDir, 'ab', '.abcd.123456.tmp'), 'half-written upload')

    const backup = await backupDatabase({ config, db }, join(dir, 'backups', 'b1.db'))
    expect(backup.fileCount).toBe(1)
    expect(existsSync(`${backup.file}-wal`)).toBe(false)

    // Changes after the backup must disappear on restore.
    await buildOrgan(db, { name: '后来新增的机关' })
    writeFileSync(join(config.filesDir, 'ab', 'blob2'), 'attachment two')
    await db.close()

    const report = restoreDatabase(config, backup.file, new Date('2026-11-28T01:02:03Z'))
    expect(report.previousDatabase).toMatch(/live\.db\.before-restore-20261128T010203Z$/)
    expect(report.fileCount).toBe(1)

    db = createDb(config.db)
    expect(await organNames(db)).toEqual(['张店区广播电视局'])
    expect(readFileSync(join(config.filesDir, 'ab', 'blob1'), 'utf8')).toBe('attachment one')
    expect(existsSync(join(config.filesDir, 'ab', 'blob2'))).toBe(false)
    expect(existsSync(join(config.filesDir, 'ab', '.abcd.123456.tmp'))).toBe(false)
    // Nothing was lost: the replaced database and folder are still there.
    const previous = createDb({ kind: 'sqlite', path: report.previousDatabase as string })
    expect(await organNames(previous)).toEqual(['后来新增的机关', '张店区广播电视局'])
    await previous.close()
    expect(existsSync(join(report.previousFilesDir as string, 'ab', 'blob2'))).toBe(true)
  })

  it('takes a consistent copy while another connection keeps writing', async () => {
    for (let i = 0; i < 50; i++) {
      await buildOrgan(db, { name: `机关${String(i).padStart(2, '0')}` })
    }
    const writes = (async () => {
      for (let i = 50; i < 100; i++) {
        await buildOrgan(db, { name: `机关${i}` })
      }
    })()
    const backup = await backupDatabase({ config, db }, join(dir, 'during.db'))
    await writes
    const names = inspectBackup(backup.file)
    expect(names.length).toBeGreaterThan(0)
    const copy = new SqliteDatabase(backup.file, { readonly: true })
    const n = (copy.prepare('SELECT count(*) AS n FROM organ').get() as { n: number }).n
    copy.close()
    expect(n).toBeGreaterThanOrEqual(50)
    expect(n).toBeLessThanOrEqual(100)
  })

  it('refuses to overwrite an existing file', async () => {
    const target = join(dir, 'exists.db')
    writeFileSync(target, 'keep me')
    await expect(backupDatabase({ config, db }, target)).rejects.toMatchObject({
      code: 'BACKUP_TARGET_EXISTS',
    })
    expect(readFileSync(target, 'utf8')).toBe('keep me')
  })

  it('refuses to restore while the database is open elsewhere (the server must be stopped)', async () => {
    const backup = await backupDatabase({ config, db }, join(dir, 'b.db'))
    await buildOrgan(db)
    expect(codeOf(() => restoreDatabase(config, backup.file, new Date()))).toBe('RESTORE_DATABASE_IN_USE')
    expect((await organNames(db)).length).toBe(1)
  })

  it('refuses files that are not Gongkai databases, naming why', () => {
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'not a database at all, just some text that is long enough to have a header')
    expect(() => inspectBackup(text)).toThrow(/cannot be read as a database/)

    const foreign = join(dir, 'foreign.db')
    const other = new SqliteDatabase(foreign)
    other.exec('CREATE TABLE t (x)')
    other.close()
    expect(() => inspectBackup(foreign)).toThrow(/not a Gongkai database/)

    const newer = join(dir, 'newer.db')
    const n = new SqliteDatabase(newer)
    n.exec(
      "CREATE TABLE kysely_migration (name TEXT, timestamp TEXT); INSERT INTO kysely_migration VALUES ('2999-01-01T0000_future', 'x')",
    )
    n.close()
    expect(() => inspectBackup(newer)).toThrow(/newer version of Gongkai/)
    expect(codeOf(() => restoreDatabase(config, newer, new Date()))).toBe('RESTORE_SOURCE_INVALID')
    expect(codeOf(() => restoreDatabase(config, join(dir, 'missing.db'), new Date()))).toBe(
      'RESTORE_SOURCE_INVALID',
    )
  })
})

describe('backup on PostgreSQL', () => {
  it('explains pg_dump and pg_restore instead, without printing the password', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://gk:s3cret@db.example:5432/gongkai' })
    let err: unknown
    try {
      requireSqlite(config, 'backup', 'nightly.dump')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DomainError)
    const message = (err as DomainError).message
    expect((err as DomainError).code).toBe('BACKUP_UNSUPPORTED')
    expect(message).toContain('pg_dump --format=custom --no-owner --file=nightly.dump "$DATABASE_URL"')
    expect(message).toContain('pg_restore')
    expect(message).not.toContain('s3cret')
  })
})

describe('the attachments folder guard', () => {
  it('refuses a FILES_DIR that is, or contains, the working directory, the database or the backup', () => {
    const db = join(tmpdir(), 'gk-guard', 'live.db')
    const backup = join(tmpdir(), 'gk-guard-backups', 'b.db')
    for (const bad of [
      '',
      '.',
      process.cwd(),
      join(process.cwd(), '..'),
      '/',
      tmpdir(),
      join(tmpdir(), 'gk-guard'),
    ]) {
      expect(() => assertSafeFilesDir(bad, db, backup), `FILES_DIR=${JSON.stringify(bad)}`).toThrow(
        expect.objectContaining({ code: 'FILES_DIR_UNSAFE' }),
      )
    }
    expect(assertSafeFilesDir(`${db}.files`, db, backup)).toBe(`${db}.files`)
  })

  it('treats an empty FILES_DIR as unset: attachments next to the database', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/srv/gk/live.db', FILES_DIR: '' }).filesDir).toBe(
      '/srv/gk/live.db.files',
    )
  })

  it('refuses to restore with an unsafe FILES_DIR before touching anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-guard-'))
    try {
      const config = { ...loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'live.db')}` }), filesDir: dir }
      const db = createDb(config.db)
      await migrateToLatest(db)
      const b = await backupDatabase(
        { config: { ...config, filesDir: join(dir, 'f') }, db },
        join(dir, 'b', 'b.db'),
      )
      await db.close()
      expect(codeOf(() => restoreDatabase(config, b.file, new Date()))).toBe('FILES_DIR_UNSAFE')
      expect(existsSync(join(dir, 'live.db'))).toBe(true)
      await expect(backupDatabase({ config, db }, join(dir, 'c.db'))).rejects.toMatchObject({
        code: 'FILES_DIR_UNSAFE',
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
