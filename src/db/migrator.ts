import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely'
import type { Db } from './database.js'
import type { DialectName } from './dialect.js'
import { migrations } from './migrations/index.js'

import type { GongkaiMigration } from './migrations/migration.js'

export type { GongkaiMigration }

class DialectMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {}
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = { up: (db) => m.up(db, this.dialect) }
    }
    return Promise.resolve(out)
  }
}

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; on PostgreSQL
  // pin it to the connection's current schema, or a kysely_migration table elsewhere in the same
  // database (another app, a parallel test schema) is mistaken for ours.
  const migrationTableSchema =
    db.dialect === 'postgres'
      ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]?.s
      : undefined
  const migrator = new Migrator({
    db: db.kysely,
    provider: new DialectMigrationProvider(db.dialect),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
  const result: MigrationResultSet = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
      {
        cause: result.error,
      },
    )
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
