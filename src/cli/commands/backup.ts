import type { Command } from 'commander'
import { loadConfig } from '../../config.js'
import { createDb } from '../../db/database.js'
import { migrateToLatest } from '../../db/migrator.js'
import { backupDatabase, requireSqlite, restoreDatabase } from '../../modules/backup/index.js'
import { DomainError, isDomainError } from '../../shared/errors.js'
import { say, withDeps } from '../context.js'

/**
 * PostgreSQL gets advice (the pg_dump commands) on stderr; the error itself then goes to cli.ts
 * as one line with a non-zero exit, like any other.
 */
function adviseOnPostgres(err: unknown): never {
  if (isDomainError(err) && err.code === 'BACKUP_UNSUPPORTED') {
    process.stderr.write(`${err.message}\n\n`)
    throw new DomainError('BACKUP_UNSUPPORTED', 'use the PostgreSQL tools shown above')
  }
  throw err
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'write a consistent copy of the SQLite database (safe while serving) and its attachments to <file>',
    )
    .argument('<file>', 'new file to write, e.g. backups/gongkai-2026-11-28.db')
    .action(async (file: string) => {
      try {
        requireSqlite(loadConfig(), 'backup', file)
        const r = await withDeps((deps) => backupDatabase(deps, file))
        say(`已备份数据库 (database backed up): ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB)`)
        say(
          r.filesCopy
            ? `已备份附件 (attachments): ${r.fileCount} files → ${r.filesCopy}`
            : '无附件需要备份 (no attachments to copy)',
        )
      } catch (err) {
        adviseOnPostgres(err)
      }
    })

  program
    .command('restore')
    .description(
      'replace the SQLite database (and attachments) with a backup; stop the server first, the old copy is kept',
    )
    .argument('<file>', 'a file written by `gongkai backup`')
    .action(async (file: string) => {
      const config = loadConfig()
      try {
        const r = restoreDatabase(config, file, new Date())
        if (r.previousDatabase) {
          say(`原数据库已保留 (previous database kept): ${r.previousDatabase}`)
        }
        if (r.previousFilesDir) {
          say(`原附件目录已保留 (previous attachments kept): ${r.previousFilesDir}`)
        }
        const db = createDb(config.db)
        try {
          const applied = await migrateToLatest(db)
          if (applied.length > 0) {
            say(`已升级数据库结构 (migrated): ${applied.join(', ')}`)
          }
        } finally {
          await db.close()
        }
        say(`已恢复 (restored): ${r.database}; ${r.fileCount} attachment files in ${r.filesDir}`)
      } catch (err) {
        adviseOnPostgres(err)
      }
    })
}
