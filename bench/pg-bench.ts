/**
 * The search benchmark on PostgreSQL: the first N items of the SQLite corpus (same generator, same
 * text) copied into the database `gongkai_bench` (real migrations), the item_search tsvectors
 * built by the production literal builder, the GIN index built after the load, then the same
 * queries and measurements as on SQLite.
 */
import { sql } from 'kysely'
import pg from 'pg'
import Database from 'better-sqlite3'
import { createDb, type Db } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrator.js'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { PG_MAX_BODY_CHARS } from '../src/modules/catalogue/search/index.js'
import { toPgTsVectorLiteral } from '../src/modules/catalogue/search/index.js'
import { GENERATOR_VERSION } from './corpus.js'
import { benchSearch, type BenchQuery, type SearchReport } from './search-bench.js'

export interface PgReport {
  items: number
  reused: boolean
  loadSeconds: number | null
  ginSeconds: number | null
  sizes: Record<string, string>
  settings: Record<string, string>
  report: SearchReport
}

const ITEM_COLUMNS: Array<[string, string]> = [
  ['id', 'text'],
  ['doc_no', 'bigint'],
  ['organ_id', 'text'],
  ['index_no', 'text'],
  ['index_year', 'int'],
  ['index_serial', 'int'],
  ['title', 'text'],
  ['doc_number_raw', 'text'],
  ['written_date', 'text'],
  ['published_date', 'text'],
  ['published_year', 'int'],
  ['published_at', 'text'],
  ['topic', 'text'],
  ['genre', 'text'],
  ['art20_item', 'int'],
  ['disclosure_mode', 'text'],
  ['scope', 'text'],
  ['term', 'text'],
  ['validity', 'text'],
  ['status', 'text'],
  ['sample', 'int'],
  ['revision', 'int'],
  ['version', 'int'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
]

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url)
  const name = u.pathname.slice(1)
  u.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: u.toString() })
  await admin.connect()
  const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
  if (r.rowCount === 0) {
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    )
  }
  await admin.end()
}

async function meta(db: Db, key: string): Promise<string | undefined> {
  const r = await sql<{ value: string }>`SELECT value FROM bench_meta WHERE key = ${key}`.execute(db.kysely)
  return r.rows[0]?.value
}

async function load(
  db: Db,
  sqlitePath: string,
  items: number,
  log: (s: string) => void,
): Promise<[number, number]> {
  const pool = db.pool!
  await pool.query('DROP INDEX IF EXISTS item_search_tsv_idx')
  await pool.query('TRUNCATE item_search, item_revision, item_review, attachment, item_body, item CASCADE')
  await pool.query("DELETE FROM bench_meta WHERE key = 'complete'")
  const src = new Database(sqlitePath, { readonly: true })
  const organs = src.prepare('SELECT * FROM organ').all() as Array<Record<string, unknown>>
  await pool.query('DELETE FROM organ')
  for (const o of organs) {
    const cols = Object.keys(o)
    await pool.query(
      `INSERT INTO organ (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => o[c]),
    )
  }
  const t0 = performance.now()
  const cols = ITEM_COLUMNS.map(([c]) => c)
  const insertItems = `INSERT INTO item (${cols.join(', ')}) SELECT * FROM unnest(${ITEM_COLUMNS.map(
    ([, t], i) => `$${i + 1}::${t}[]`,
  ).join(', ')})`
  const insertBodies =
    'INSERT INTO item_body (item_id, body_html, body_text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])'
  const rows = src
    .prepare(
      `SELECT ${cols.map((c) => `item.${c}`).join(', ')}, item_body.body_html, item_body.body_text
       FROM item JOIN item_body ON item_body.item_id = item.id WHERE doc_no <= ? ORDER BY doc_no`,
    )
    .iterate(items)
  let batch: Array<Record<string, unknown>> = []
  let done = 0
  let last = performance.now()
  const flush = async () => {
    if (batch.length === 0) {
      return
    }
    await pool.query(
      insertItems,
      cols.map((c) => batch.map((r) => r[c] ?? null)),
    )
    await pool.query(insertBodies, [
      batch.map((r) => r.id),
      batch.map((r) => r.body_html),
      batch.map((r) => r.body_text),
    ])
    await pool.query(
      'INSERT INTO item_search (doc_no, tsv) SELECT * FROM unnest($1::bigint[], $2::tsvector[])',
      [
        batch.map((r) => r.doc_no),
        batch.map((r) =>
          toPgTsVectorLiteral(String(r.title), String(r.body_text).slice(0, PG_MAX_BODY_CHARS)),
        ),
      ],
    )
    done += batch.length
    batch = []
    if (performance.now() - last > 30_000) {
      last = performance.now()
      log(`  ${done} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    }
  }
  for (const r of rows) {
    batch.push(r as Record<string, unknown>)
    if (batch.length === 2000) {
      await flush()
    }
  }
  await flush()
  src.close()
  const loadSeconds = (performance.now() - t0) / 1000
  log(`  loaded ${done} items in ${loadSeconds.toFixed(0)} s; building the GIN index`)
  const t1 = performance.now()
  const client = await pool.connect()
  try {
    await client.query("SET maintenance_work_mem = '1GB'")
    await client.query('CREATE INDEX item_search_tsv_idx ON item_search USING gin (tsv)')
  } finally {
    client.release()
  }
  const ginSeconds = (performance.now() - t1) / 1000
  log(`  GIN index in ${ginSeconds.toFixed(0)} s; VACUUM ANALYZE`)
  await pool.query('VACUUM ANALYZE item')
  await pool.query('VACUUM ANALYZE item_body')
  await pool.query('VACUUM ANALYZE item_search')
  return [loadSeconds, ginSeconds]
}

export async function benchPg(opts: {
  url: string
  sqlitePath: string
  items: number
  queries: BenchQuery[]
  log: (s: string) => void
}): Promise<PgReport> {
  const { log } = opts
  await ensureDatabase(opts.url)
  const db = createDb({ kind: 'postgres', url: opts.url })
  try {
    await migrateToLatest(db)
    await sql`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)`.execute(
      db.kysely,
    )
    const reused =
      (await meta(db, 'generator')) === GENERATOR_VERSION &&
      (await meta(db, 'items')) === String(opts.items) &&
      (await meta(db, 'complete')) === '1'
    let loadSeconds: number | null = Number((await meta(db, 'load_seconds')) ?? 'NaN')
    let ginSeconds: number | null = Number((await meta(db, 'gin_seconds')) ?? 'NaN')
    if (!reused) {
      log(`  loading ${opts.items} items into PostgreSQL`)
      ;[loadSeconds, ginSeconds] = await load(db, opts.sqlitePath, opts.items, log)
      for (const [k, v] of [
        ['generator', GENERATOR_VERSION],
        ['items', String(opts.items)],
        ['load_seconds', loadSeconds.toFixed(1)],
        ['gin_seconds', ginSeconds.toFixed(1)],
        ['complete', '1'],
      ]) {
        await sql`INSERT INTO bench_meta (key, value) VALUES (${k}, ${v})
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(db.kysely)
      }
    } else {
      log(`  reusing gongkai_bench (${opts.items} items)`)
    }
    const sizeRows = await sql<{ name: string; size: string }>`
      SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
      FROM pg_class c
      WHERE c.relname IN ('item', 'item_search', 'item_search_tsv_idx', 'item_search_title_idx', 'item_search_filter_idx')`.execute(
      db.kysely,
    )
    const settingRows = await sql<{ name: string; setting: string }>`
      SELECT name, current_setting(name) AS setting FROM pg_settings
      WHERE name IN ('server_version', 'shared_buffers', 'work_mem', 'effective_cache_size', 'lc_ctype', 'plan_cache_mode')`.execute(
      db.kysely,
    )
    const report = await benchSearch('postgres', db, createSearchIndex('postgres'), opts.queries, {
      sampleDocs: 20_000,
      fullScanQueries: 4,
      seed: 11,
      log,
    })
    return {
      items: opts.items,
      reused,
      loadSeconds,
      ginSeconds,
      sizes: Object.fromEntries(sizeRows.rows.map((r) => [r.name, r.size])),
      settings: Object.fromEntries(settingRows.rows.map((r) => [r.name, r.setting])),
      report,
    }
  } finally {
    await db.close()
  }
}
