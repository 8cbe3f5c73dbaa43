/**
 * Import throughput through the real import path: a JSONL file of generated items is read by
 * `openImportFile` and imported by `importItems` (validation, 文号 parsing, body sanitising,
 * 索引号 assignment, item + revision rows, search-index entries and the audit entry, in
 * transactions of 1,000 rows) into a fresh SQLite database file — what `gongkai import items`
 * does, without the progress bar.
 */
import { copyFileSync, createWriteStream, existsSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import Database from 'better-sqlite3'
import { loadConfig } from '../src/config.js'
import { createDb } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrator.js'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { packagedCalendarProvider } from '../src/shared/calendar/provider.js'
import { importItems, openImportFile } from '../src/modules/catalogue/import/index.js'
import { openAuditTrail } from '../src/modules/audit/index.js'
import { systemClock } from '../src/shared/clock.js'
import { benchOrgans, generateItems } from './corpus.js'
import { setCounters } from './sqlite-corpus.js'
import { oneOffFieldCipher } from '../src/modules/privacy/index.js'

export interface ImportRun {
  target: string
  imported: number
  rejected: number
  seconds: number
  itemsPerSecond: number
  indexedCheck: { query: string; hits: number; lowerBound: boolean }
  peakRssMiB: number
}

export interface ImportReport {
  items: number
  fileBytes: number
  runs: ImportRun[]
  note: string
}

async function importInto(
  dbPath: string,
  file: string,
  target: string,
  createOrgan: boolean,
  outDir: string,
  log: (s: string) => void,
): Promise<ImportRun> {
  const config = loadConfig({ DATABASE_URL: dbPath, FILES_DIR: `${outDir}import-files` })
  const db = createDb(config.db)
  await migrateToLatest(db)
  const audit = await openAuditTrail(config, db.kysely, systemClock, { timer: false })
  const organ = benchOrgans()[0]!
  if (createOrgan) {
    const now = new Date().toISOString()
    await db.kysely
      .insertInto('organ')
      .values({
        id: organ.id,
        name: organ.name,
        short_name: null,
        kind: 'department',
        parent_id: null,
        path: `/${organ.id}/`,
        code: organ.code,
        code_type: 'uscc',
        org_code: organ.orgCode,
        sort_order: 0,
        office_name: '办公室',
        office_address: '测试路1号',
        office_postcode: null,
        office_hours: null,
        office_phone: null,
        office_fax: null,
        office_email: null,
        office_web: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute()
  }
  const deps = {
    config,
    db,
    clock: systemClock,
    search: createSearchIndex('sqlite'),
    calendar: packagedCalendarProvider(),
    personalData: oneOffFieldCipher(),
  }
  let peakRss = process.memoryUsage().rss
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 200)
  log(`  importing into ${target}`)
  const t0 = performance.now()
  const f = await openImportFile(file)
  const summary = await importItems(deps, { id: null, name: 'bench' }, organ.id, f.records, {
    sourceName: 'bench.jsonl',
    total: f.total,
  })
  const seconds = (performance.now() - t0) / 1000
  clearInterval(timer)
  const check = await deps.search.search(db.kysely, {
    q: '条例',
    filters: { organIds: [organ.id] },
    limit: 1,
    offset: 0,
  })
  await audit.close()
  await db.close()
  const run: ImportRun = {
    target,
    imported: summary.imported,
    rejected: summary.rejected,
    seconds: Math.round(seconds * 10) / 10,
    itemsPerSecond: Math.round(summary.imported / seconds),
    indexedCheck: { query: '条例', hits: check.total, lowerBound: check.totalIsLowerBound },
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  }
  log(
    `  ${run.imported} imported, ${run.rejected} rejected ${JSON.stringify(summary.rejectedByReason)} in ${run.seconds} s: ${run.itemsPerSecond} items/s`,
  )
  return run
}

/**
 * Imports `n` generated rows into a fresh database, and — when the benchmark corpus exists —
 * into a copy of it (the realistic case: adding to a million indexed items).
 */
export async function benchImport(
  n: number,
  outDir: string,
  log: (s: string) => void,
  corpusPath?: string,
): Promise<ImportReport> {
  const file = `${outDir}import-${n}.jsonl`
  log(`  writing ${n} generated rows to ${file}`)
  const out = createWriteStream(file)
  for (const it of generateItems(n, 99)) {
    const line = JSON.stringify({
      名称: it.title,
      正文: it.bodyText,
      文号: it.docNumber,
      发布日期: it.publishedDate,
      成文日期: it.publishedDate,
      体裁: it.genre,
      主题分类: it.topic,
    })
    if (!out.write(`${line}\n`)) {
      await once(out, 'drain')
    }
  }
  out.end()
  await once(out, 'finish')

  const runs: ImportRun[] = []
  const fresh = `${outDir}import-bench.db`
  const copy = `${outDir}import-bench-corpus-copy.db`
  for (const p of [fresh, copy]) {
    for (const s of ['', '-wal', '-shm']) {
      rmSync(p + s, { force: true })
    }
  }
  runs.push(await importInto(fresh, file, 'a fresh database', true, outDir, log))
  if (corpusPath && existsSync(corpusPath)) {
    log(`  copying ${corpusPath}`)
    copyFileSync(corpusPath, copy)
    const h = new Database(copy)
    setCounters(h)
    const count = (h.prepare('SELECT count(*) AS n FROM item').get() as { n: number }).n
    h.close()
    runs.push(
      await importInto(
        copy,
        file,
        `a copy of the ${count.toLocaleString('en')}-item corpus`,
        false,
        outDir,
        log,
      ),
    )
    for (const s of ['', '-wal', '-shm']) {
      rmSync(copy + s, { force: true })
    }
  }
  return {
    items: n,
    fileBytes: statSync(file).size,
    runs,
    note: 'openImportFile + importItems (the `gongkai import items` path: validation, 文号, sanitising, 索引号, item and revision rows, both FTS5 indexes, audit; 1,000 rows per transaction), one organ',
  }
}
