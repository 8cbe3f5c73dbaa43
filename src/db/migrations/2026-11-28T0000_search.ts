import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// Full-text search over published items (see modules/catalogue/search-index.ts). Both engines
// receive pre-tokenised text (character bigrams + words, built in search-text.ts), so neither
// engine's own word splitting is involved.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    // Contentless (the text lives in `item`), deletable (withdrawn items), rowid = item.doc_no.
    // The `ascii` tokenizer splits only on ASCII spaces/punctuation: every non-ASCII character
    // is a token character, so our space-separated bigrams reach the index unchanged whatever
    // Unicode version the tokenizer's tables know.
    await sql`CREATE VIRTUAL TABLE item_fts USING fts5(title, body, content='', contentless_delete=1, tokenize='ascii')`.execute(
      db,
    )
  } else {
    // Weights: A = title, B = body (set in the tsvector literal built by the application).
    await db.schema
      .createTable('item_search')
      .addColumn('doc_no', 'bigint', (c) => c.primaryKey())
      .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
      .execute()
    await sql`CREATE INDEX item_search_tsv_idx ON item_search USING gin (tsv)`.execute(db)
  }
  // Covering index for the hit → item join: status and every search filter without reading the
  // (large) item row. Most of the cost of a search with many hits is this lookup.
  await db.schema
    .createIndex('item_search_filter_idx')
    .on('item')
    .columns(['doc_no', 'status', 'organ_id', 'published_year', 'art20_item', 'validity', 'genre', 'topic'])
    .execute()
}
