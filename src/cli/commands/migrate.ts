import type { Command } from 'commander'
import { loadConfig } from '../../config.js'
import { createDb } from '../../db/database.js'
import { migrateToLatest } from '../../db/migrator.js'
import { say } from '../context.js'

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema to the latest version')
    .action(async () => {
      const config = loadConfig()
      const db = createDb(config.db)
      try {
        const applied = await migrateToLatest(db)
        say(
          applied.length === 0
            ? '数据库已是最新版本 (schema up to date)'
            : `已执行迁移 (applied): ${applied.join(', ')}`,
        )
      } finally {
        await db.close()
      }
    })
}
