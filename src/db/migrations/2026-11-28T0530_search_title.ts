import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// PostgreSQL: the title-only part of item_search.tsv as its own column with its own GIN index.
// A weight-restricted query (`'x':A`) is estimated like an unrestricted one and has to detoast
// every candidate's whole tsvector, so "title hits newest first" for a term common in bodies but
// absent from titles walked the entire table (167 ms at 20k items, seconds at 1M). The generated
// column is small (stored inline) and has statistics of its own. SQLite: nothing to do (FTS5
// column filters read only the title's positions).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') {
    return
  }
  await sql`ALTER TABLE item_search ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (ts_filter(tsv, '{a}')) STORED`.execute(
    db,
  )
  await sql`CREATE INDEX item_search_title_idx ON item_search USING gin (title_tsv)`.execute(db)
}
