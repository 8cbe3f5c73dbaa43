import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// Bodies move out of `item` into `item_body` (one row per item). With the bodies inline, SQLite
// rows were ≈ 3.7 KB: every column stored after body_html/body_text (most list columns) walked the
// row's overflow pages, and OFFSET paging decoded each skipped row in full. Lists now read small
// rows; the item page reads one more row by primary key. The search indexes are unaffected: both
// are written by the application (search-fts5.ts / search-pg.ts), no trigger reads body_text.
// PostgreSQL: DROP COLUMN only marks the columns dropped; existing rows keep their bytes until
// they are rewritten (`VACUUM FULL item` reclaims them at once).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('item_body')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('item.id').onDelete('cascade'))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await sql`INSERT INTO item_body (item_id, body_html, body_text)
    SELECT id, body_html, body_text FROM item`.execute(db)
  await db.schema.alterTable('item').dropColumn('body_html').execute()
  await db.schema.alterTable('item').dropColumn('body_text').execute()
  if (dialect === 'postgres') {
    // The public pages' change version (migration 2026-12-03T1000) must move with body edits too.
    await sql`CREATE TRIGGER item_body_public_change_version
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON item_body
      FOR EACH STATEMENT EXECUTE FUNCTION gk_bump_public_change_version()`.execute(db)
  }
}
