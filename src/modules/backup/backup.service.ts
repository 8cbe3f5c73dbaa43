import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { migrations } from '../../db/migrations/index.js'
import { openSqliteFile, type SqliteHandle } from '../../db/sqlite-file.js'
import { DomainError } from '../../shared/errors.js'

/**
 * Backup and restore of an installation: the database plus the attachments folder.
 *
 * A backup of `x.db` is the file `x.db` (a self-contained SQLite file) and, when there are
 * attachments, the folder `x.db.files/` next to it — the same layout the default configuration
 * uses (`FILES_DIR` defaults to `<database>.files`). PostgreSQL installations use pg_dump.
 */

/** Kysely's bookkeeping table; its presence tells a Gongkai database from any SQLite file. */
const MIGRATION_TABLE = 'kysely_migration'

export interface BackupReport {
  file: string
  bytes: number
  /** Where the attachments were copied, or null when there were none. */
  filesCopy: string | null
  fileCount: number
}

export interface RestoreReport {
  database: string
  /** Where the replaced database was moved, or null when there was none. */
  previousDatabase: string | null
  /** Migrations recorded in the backup. */
  migrations: number
  filesDir: string
  previousFilesDir: string | null
  fileCount: number
}

/** The folder that travels with a backup file. */
export function filesCopyPath(backupFile: string): string {
  return `${backupFile}.files`
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) {
    return 0
  }
  let n = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      n += 1
    }
  }
  return n
}

/** A database URL fit for printing: the password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) {
      u.password = '***'
    }
    return u.toString()
  } catch {
    return '<DATABASE_URL>'
  }
}

/** True when `a` is `b` or one of the folders above it. */
function isSameOrAncestor(a: string, b: string): boolean {
  const rel = relative(a, b)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * The attachments folder is copied on backup and moved aside on restore, so it must be a folder of
 * its own: never the working directory, the folder holding the database or the backup, or any folder
 * above them (an empty FILES_DIR would otherwise mean "the current directory").
 * @throws DomainError FILES_DIR_UNSAFE
 */
export function assertSafeFilesDir(filesDir: string, ...keep: string[]): string {
  const dir = resolve(filesDir)
  const protectedPaths = [process.cwd(), homedir(), ...keep.map((p) => dirname(resolve(p)))]
  if (
    filesDir.trim() === '' ||
    dir === resolve('/') ||
    protectedPaths.some((p) => isSameOrAncestor(dir, p))
  ) {
    throw new DomainError(
      'FILES_DIR_UNSAFE',
      `attachments folder ${dir} (FILES_DIR) is, or contains, the working directory, the database or the backup; set FILES_DIR to a folder of its own`,
    )
  }
  return dir
}

/** What to do instead on PostgreSQL: the exact pg_dump / pg_restore commands. */
export function postgresBackupAdvice(config: Config, mode: 'backup' | 'restore', file?: string): string {
  const url = config.db.kind === 'postgres' ? redactUrl(config.db.url) : '<DATABASE_URL>'
  const dump = file ?? 'gongkai.dump'
  const lines = [
    `gongkai ${mode} copies SQLite databases only. This installation runs on PostgreSQL (${url});`,
    'use the PostgreSQL tools, which take a consistent snapshot while Gongkai keeps running:',
    '',
    '  # back up',
    `  pg_dump --format=custom --no-owner --file=${dump} "$DATABASE_URL"`,
    `  tar -czf ${dump}.files.tgz -C ${config.filesDir} .      # the attachments folder (FILES_DIR)`,
    '',
    '  # restore (stop Gongkai first) into a new, empty UTF-8 database',
    '  createdb -h HOST -U USER --encoding=UTF8 --locale=C.UTF-8 --template=template0 NEWDB',
    `  pg_restore --no-owner --exit-on-error --dbname="postgres://USER@HOST:5432/NEWDB" ${dump}`,
    `  mkdir -p ${config.filesDir} && tar -xzf ${dump}.files.tgz -C ${config.filesDir}`,
    '  # then point DATABASE_URL at NEWDB and start Gongkai',
  ]
  return lines.join('\n')
}

/**
 * Backup and restore by this tool need SQLite; on PostgreSQL it explains pg_dump instead.
 * @throws DomainError BACKUP_UNSUPPORTED carrying the advice as its message
 */
export function requireSqlite(
  config: Config,
  mode: 'backup' | 'restore',
  file?: string,
): asserts config is Config & { db: { kind: 'sqlite'; path: string } } {
  if (config.db.kind !== 'sqlite' || config.db.path === ':memory:') {
    throw new DomainError('BACKUP_UNSUPPORTED', postgresBackupAdvice(config, mode, file))
  }
}

/**
 * Writes a consistent copy of the running SQLite database to `target` with SQLite's online backup
 * API (safe while the server runs in WAL mode), then copies the attachments folder next to it.
 * @throws DomainError BACKUP_UNSUPPORTED on PostgreSQL, BACKUP_TARGET_EXISTS
 */
export async function backupDatabase(
  deps: { config: Config; db: Db },
  target: string,
): Promise<BackupReport> {
  const { config, db } = deps
  requireSqlite(config, 'backup', target)
  if (!db.sqlite) {
    throw new DomainError('BACKUP_UNSUPPORTED', 'the open database has no SQLite handle')
  }
  const file = resolve(target)
  const filesCopy = filesCopyPath(file)
  if (config.db.kind === 'sqlite' && resolve(config.db.path) === file) {
    throw new DomainError('BACKUP_TARGET_EXISTS', `${file} is the live database itself`)
  }
  if (existsSync(file) || existsSync(filesCopy)) {
    throw new DomainError('BACKUP_TARGET_EXISTS', `${file} already exists; choose a new file name`)
  }
  const filesDir = assertSafeFilesDir(config.filesDir, config.db.path, file)
  mkdirSync(dirname(file), { recursive: true })
  await db.sqlite.backup(file)
  // Leave one self-contained file behind (no -wal/-shm companions).
  const copy = openSqliteFile(file)
  try {
    copy.pragma('journal_mode = DELETE')
  } finally {
    copy.close()
  }
  // Attachments are written before the row that names them commits, so copying the folder after
  // the database snapshot gives every backed-up row its file (later files are merely extra).
  let fileCount = 0
  let copied: string | null = null
  if (existsSync(filesDir) && countFiles(filesDir) > 0) {
    cpSync(filesDir, filesCopy, {
      recursive: true,
      preserveTimestamps: true,
      // Skip the file store's half-written temporaries (`.<sha256>.<random>.tmp`).
      filter: (src) => !/\/\.[^/]*\.tmp$/.test(src),
    })
    fileCount = countFiles(filesCopy)
    copied = filesCopy
  }
  return { file, bytes: statSync(file).size, filesCopy: copied, fileCount }
}

/**
 * Checks that `file` is an intact Gongkai SQLite database this version understands.
 * @returns the names of the migrations it records
 * @throws DomainError RESTORE_SOURCE_INVALID naming the reason
 */
export function inspectBackup(file: string): string[] {
  if (!existsSync(file)) {
    throw new DomainError('RESTORE_SOURCE_INVALID', `${file} does not exist`)
  }
  let handle: SqliteHandle | undefined
  try {
    handle = openSqliteFile(file, { readonly: true, fileMustExist: true })
    const integrity = handle.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') {
      throw new DomainError(
        'RESTORE_SOURCE_INVALID',
        `${file} fails SQLite's integrity check: ${String(integrity)}`,
      )
    }
    const table = handle
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(MIGRATION_TABLE)
    if (!table) {
      throw new DomainError('RESTORE_SOURCE_INVALID', `${file} is an SQLite file but not a Gongkai database`)
    }
    const names = (
      handle.prepare(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`).all() as Array<{ name: string }>
    ).map((r) => r.name)
    if (names.length === 0) {
      throw new DomainError('RESTORE_SOURCE_INVALID', `${file} has an empty schema history`)
    }
    const unknown = names.filter((n) => !(n in migrations))
    if (unknown.length > 0) {
      throw new DomainError(
        'RESTORE_SOURCE_INVALID',
        `${file} was made by a newer version of Gongkai (unknown migration ${unknown[0]}); upgrade first`,
      )
    }
    return names
  } catch (err) {
    if (err instanceof DomainError) {
      throw err
    }
    const reason = err instanceof Error ? err.message : String(err)
    throw new DomainError('RESTORE_SOURCE_INVALID', `${file} cannot be read as a database: ${reason}`, {
      cause: err,
    })
  } finally {
    handle?.close()
  }
}

/**
 * Proves that no other process has the database open (the server keeps a shared lock on a WAL
 * database while it runs), then folds the WAL into the main file so it can be moved alone.
 * @throws DomainError RESTORE_DATABASE_IN_USE
 */
function takeOverDatabase(path: string): void {
  const handle = openSqliteFile(path, { fileMustExist: true, timeout: 0 })
  try {
    handle.pragma('locking_mode = EXCLUSIVE')
    handle.exec('BEGIN EXCLUSIVE')
    handle.exec('COMMIT')
    handle.pragma('wal_checkpoint(TRUNCATE)')
    handle.pragma('journal_mode = DELETE')
  } catch (err) {
    const code = (err as { code?: string }).code ?? ''
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new DomainError(
        'RESTORE_DATABASE_IN_USE',
        `${path} is open in another process; stop the server`,
        {
          cause: err,
        },
      )
    }
    throw err
  } finally {
    handle.close()
  }
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

/**
 * Replaces the configured SQLite database (and attachments folder) with a backup. The server must
 * be stopped; the replaced database and folder are kept next to the originals as
 * `*.before-restore-<time>` so nothing is lost by mistake. Run migrations afterwards.
 * @throws DomainError BACKUP_UNSUPPORTED on PostgreSQL, RESTORE_SOURCE_INVALID, RESTORE_DATABASE_IN_USE
 */
export function restoreDatabase(config: Config, source: string, now: Date): RestoreReport {
  requireSqlite(config, 'restore', source)
  const from = resolve(source)
  const database = resolve(config.db.path)
  if (from === database) {
    throw new DomainError('RESTORE_SOURCE_INVALID', `${from} is the live database itself`)
  }
  const filesDir = assertSafeFilesDir(config.filesDir, database, from)
  const recorded = inspectBackup(from)
  const suffix = `.before-restore-${stamp(now)}`

  // Stage a private, verified copy next to the target so the final step is a rename.
  mkdirSync(dirname(database), { recursive: true })
  const staged = join(dirname(database), `.${basename(database)}.restoring`)
  rmSync(staged, { force: true })
  const src = openSqliteFile(from, { readonly: true, fileMustExist: true })
  try {
    src.prepare('SELECT 1').get()
    // better-sqlite3's backup() is asynchronous; run it synchronously through VACUUM INTO instead,
    // which writes a compact, consistent copy.
    src.prepare('VACUUM INTO ?').run(staged)
  } finally {
    src.close()
  }
  inspectBackup(staged)

  let previousDatabase: string | null = null
  if (existsSync(database)) {
    takeOverDatabase(database)
    previousDatabase = `${database}${suffix}`
    renameSync(database, previousDatabase)
    for (const side of ['-wal', '-shm']) {
      rmSync(`${database}${side}`, { force: true })
    }
  }
  renameSync(staged, database)

  let previousFilesDir: string | null = null
  if (existsSync(filesDir)) {
    previousFilesDir = `${filesDir}${suffix}`
    renameSync(filesDir, previousFilesDir)
  }
  const filesCopy = filesCopyPath(from)
  if (existsSync(filesCopy)) {
    cpSync(filesCopy, filesDir, { recursive: true, preserveTimestamps: true })
  }
  return {
    database,
    previousDatabase,
    migrations: recorded.length,
    filesDir,
    previousFilesDir,
    fileCount: countFiles(filesDir),
  }
}
