import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

/** A migration that may branch on the engine (FTS5 vs tsvector); frozen in time, takes `Kysely<any>`. */
export interface GongkaiMigration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: DialectName): Promise<void>
}
