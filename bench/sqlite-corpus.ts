/**
 * Builds (or reuses) the benchmark SQLite database: the real schema (migrations), the bench
 * organs and N generated items, all published and indexed by the FTS5 tables of search-fts5.ts
 * (same tokenisation, `toIndexText`). Rows go in through prepared statements in transactions
 * of 1,000 — this is corpus preparation, not the measured import path (see import-bench.ts) —
 * and the FTS5 indexes are left as incremental writes leave them (automerge only, a dozen or so
 * segments); the search benchmark measures that state, then `SearchIndex.optimize`.
 */

/** Bump when the way the SQLite file is built changes (the items themselves: GENERATOR_VERSION). */
export const SQLITE_BUILD = 'incremental-1000-item-body'
import { existsSync, rmSync, statSync } from 'node:fs'
import type SqliteDatabase from 'better-sqlite3'
import { createDb, type Db } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrator.js'
import { toIndexText } from '../src/modules/catalogue/search/index.js'
import { benchOrgans, generateItems, GENERATOR_VERSION } from './corpus.js'

export interface CorpusInfo {
  path: string
  items: number
  reused: boolean
  buildSeconds: number | null
  fileBytes: number
  sizes: Record<string, number>
}

/**
 * The counters the application continues from (item.repository.ts): the last doc_no and each
 * organ's last 索引号 serial per year, so that imports and publications into the corpus work.
 */
export function setCounters(h: SqliteDatabase.Database): void {
  h.exec(`INSERT OR REPLACE INTO counter (name, value) SELECT 'item.doc_no', coalesce(max(doc_no), 0) FROM item;
    INSERT OR REPLACE INTO counter (name, value)
      SELECT 'item.index_serial:' || organ_id || ':' || index_year, max(index_serial) FROM item
      WHERE index_year IS NOT NULL GROUP BY organ_id, index_year`)
}

function meta(h: SqliteDatabase.Database, key: string): string | undefined {
  const row = h.prepare('SELECT value FROM bench_meta WHERE key = ?').get(key) as
    { value: string } | undefined
  return row?.value
}

/** Opens the bench database, building it first when missing or from another generator/size. */
export async function openSqliteCorpus(
  path: string,
  items: number,
  log: (s: string) => void,
): Promise<{ db: Db; info: CorpusInfo }> {
  if (existsSync(path)) {
    const db = createDb({ kind: 'sqlite', path })
    const h = db.sqlite!
    h.exec('CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    if (
      meta(h, 'generator') === GENERATOR_VERSION &&
      meta(h, 'build') === SQLITE_BUILD &&
      meta(h, 'items') === String(items) &&
      meta(h, 'complete')
    ) {
      await migrateToLatest(db)
      if (!h.prepare("SELECT 1 FROM counter WHERE name = 'item.doc_no'").get()) {
        setCounters(h)
      }
      log(`reusing ${path} (${items} items, ${GENERATOR_VERSION})`)
      return {
        db,
        info: {
          path,
          items,
          reused: true,
          buildSeconds: Number(meta(h, 'build_seconds')),
          fileBytes: statSync(path).size,
          sizes: JSON.parse(meta(h, 'sizes') ?? '{}') as Record<string, number>,
        },
      }
    }
    await db.close()
    for (const suffix of ['', '-wal', '-shm']) {
      rmSync(path + suffix, { force: true })
    }
  }
  const t0 = performance.now()
  const db = createDb({ kind: 'sqlite', path })
  await migrateToLatest(db)
  const h = db.sqlite!
  h.exec('CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
  h.pragma('journal_mode = OFF')
  h.pragma('synchronous = OFF')
  h.pragma('cache_size = -1000000')
  const now = new Date().toISOString()
  const insertOrgan =
    h.prepare(`INSERT INTO organ (id, path, name, kind, code, code_type, org_code, sort_order,
    office_name, office_address, office_hours, office_phone, created_at, updated_at, version)
    VALUES (?, '/' || ? || '/', ?, 'department', ?, 'uscc', ?, ?, '办公室', '测试路1号', '工作日 8:30-17:00', '0533-0000000', ?, ?, 1)`)
  h.transaction(() => {
    benchOrgans().forEach((o, i) => insertOrgan.run(o.id, o.id, o.name, o.code, o.orgCode, i, now, now))
  })()
  const insertItem =
    h.prepare(`INSERT INTO item (id, doc_no, organ_id, index_no, index_year, index_serial, title,
    doc_number_raw, written_date, published_date, published_year, published_at, topic, genre,
    art20_item, disclosure_mode, scope, term, validity, status, sample, revision, version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proactive', 'public', 'long', ?, 'published', 1, 1, 1, ?, ?)`)
  const insertBody = h.prepare('INSERT INTO item_body (item_id, body_html, body_text) VALUES (?, ?, ?)')
  const insertFts = h.prepare('INSERT INTO item_fts (rowid, title, body) VALUES (?, ?, ?)')
  const insertTitle = h.prepare('INSERT INTO item_title_fts (rowid, title) VALUES (?, ?)')
  const batch = h.transaction(
    (rows: ReturnType<typeof generateItems> extends Generator<infer T> ? T[] : never) => {
      for (const it of rows) {
        const at = `${it.publishedDate}T09:00:00.000Z`
        insertItem.run(
          it.id,
          it.docNo,
          it.organ.id,
          it.indexNo,
          it.year,
          it.indexSerial,
          it.title,
          it.docNumber,
          it.publishedDate,
          it.publishedDate,
          it.year,
          at,
          it.topic,
          it.genre,
          it.art20Item,
          it.validity,
          at,
          at,
        )
        insertBody.run(it.id, it.bodyHtml, it.bodyText)
        const title = toIndexText(it.title)
        insertFts.run(it.docNo, title, toIndexText(it.bodyText))
        insertTitle.run(it.docNo, title)
      }
    },
  )
  let rows = []
  let done = 0
  let lastLog = performance.now()
  for (const it of generateItems(items)) {
    rows.push(it)
    if (rows.length === 1000) {
      batch(rows)
      done += rows.length
      rows = []
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now()
        log(`  ${done} items, ${((performance.now() - t0) / 1000).toFixed(0)} s`)
      }
    }
  }
  batch(rows)
  setCounters(h)
  h.exec('ANALYZE')
  h.pragma('journal_mode = WAL')
  const buildSeconds = (performance.now() - t0) / 1000
  log(`  built in ${buildSeconds.toFixed(0)} s; measuring table sizes (dbstat)`)
  const sizeRows = h
    .prepare(
      `SELECT CASE WHEN name LIKE 'item_fts%' THEN 'item_fts (all shadow tables)'
                   WHEN name LIKE 'item_title_fts%' THEN 'item_title_fts (all shadow tables)'
                   WHEN name LIKE 'sqlite_autoindex_item%' OR name LIKE 'item_%idx' OR name IN ('item', 'item_body') THEN name
                   ELSE 'other' END AS n, sum(pgsize) AS bytes FROM dbstat GROUP BY n`,
    )
    .all() as Array<{ n: string; bytes: number }>
  const sizes = Object.fromEntries(sizeRows.map((r) => [r.n, r.bytes]))
  const set = h.prepare('INSERT OR REPLACE INTO bench_meta (key, value) VALUES (?, ?)')
  set.run('generator', GENERATOR_VERSION)
  set.run('build', SQLITE_BUILD)
  set.run('items', String(items))
  set.run('build_seconds', buildSeconds.toFixed(1))
  set.run('sizes', JSON.stringify(sizes))
  set.run('complete', '1')
  h.pragma('wal_checkpoint(TRUNCATE)')
  return {
    db,
    info: { path, items, reused: false, buildSeconds, fileBytes: statSync(path).size, sizes },
  }
}
