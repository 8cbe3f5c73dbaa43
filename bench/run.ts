/**
 * `npm run bench [-- options]`: the issue #3 performance benchmark.
 *
 *   --items N          items in the SQLite corpus (default 1,000,000); built once into bench/out/
 *                      and reused while the generator version and size match
 *   --only a,b         sections: search, import, http, pg, http-pg (default: all but http-pg)
 *   --queries N        queries per length class (default 100 two-character + 100 four-character)
 *   --pg-items N       items loaded into PostgreSQL (default: same as --items)
 *   --pg-url URL       PostgreSQL server (default postgres://postgres@127.0.0.1:5432/gongkai_bench)
 *   --import-items N   items imported through the import path (default 20,000)
 *   --http-seconds S   autocannon duration per route (default 10)
 *   --write-doc        regenerate the results section of docs/benchmarks.md from bench/out/last-*.json
 *
 * Every section writes bench/out/last-<section>.json; --write-doc renders all of them.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { GENERATOR_VERSION } from './corpus.js'
import { benchSearch, chooseQueries, type BenchQuery, type SearchReport } from './search-bench.js'
import { openSqliteCorpus, SQLITE_BUILD } from './sqlite-corpus.js'
import { renderResults } from './report.js'

const OUT = new URL('./out/', import.meta.url).pathname
mkdirSync(OUT, { recursive: true })

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    only: { type: 'string', default: 'search,import,http,pg' },
    queries: { type: 'string', default: '100' },
    'pg-items': { type: 'string' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/gongkai_bench' },
    'import-items': { type: 'string', default: '20000' },
    'http-seconds': { type: 'string', default: '10' },
    'write-doc': { type: 'boolean', default: false },
  },
})

const items = Number(values.items)
const sections = new Set((values.only ?? '').split(',').map((s) => s.trim()))
const perClass = Number(values.queries)
const t0 = Date.now()
const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${s}`)

function machine(): Record<string, unknown> {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  }
}

function save(section: string, data: unknown): void {
  writeFileSync(
    `${OUT}last-${section}.json`,
    `${JSON.stringify({ machine: machine(), ...(data as object) }, null, 2)}\n`,
  )
  log(`wrote bench/out/last-${section}.json`)
}

const corpusPath = `${OUT}corpus-${GENERATOR_VERSION}-${SQLITE_BUILD}-${items}.db`
const queriesPath = `${OUT}queries-${GENERATOR_VERSION}-${items}-${perClass}.json`

async function loadQueries(): Promise<BenchQuery[] | null> {
  return existsSync(queriesPath) ? (JSON.parse(readFileSync(queriesPath, 'utf8')) as BenchQuery[]) : null
}

if (sections.has('search') || sections.has('http') || sections.has('pg')) {
  log(`SQLite corpus: ${items} items at ${corpusPath}`)
  const { db, info } = await openSqliteCorpus(corpusPath, items, log)
  try {
    const index = createSearchIndex('sqlite')
    let queries = await loadQueries()
    if (!queries) {
      log('choosing queries')
      queries = await chooseQueries(db, index, perClass, 7, log)
      writeFileSync(queriesPath, JSON.stringify(queries, null, 1))
    }
    if (sections.has('search')) {
      const h = db.sqlite!
      const segments = () =>
        Object.fromEntries(
          ['item_fts', 'item_title_fts'].map((t) => [
            t,
            (h.prepare(`SELECT count(DISTINCT segid) AS n FROM ${t}_idx`).get() as { n: number }).n,
          ]),
        )
      const meta = (k: string) =>
        (h.prepare('SELECT value FROM bench_meta WHERE key = ?').get(k) as { value: string } | undefined)
          ?.value
      const segmentsAsBuilt = JSON.parse(meta('segments_as_built') ?? JSON.stringify(segments())) as Record<
        string,
        number
      >
      let asBuilt: SearchReport | null = null
      if (meta('optimized') !== '1') {
        log(`search benchmark (SQLite FTS5), index as built: ${JSON.stringify(segmentsAsBuilt)} segments`)
        asBuilt = await benchSearch('sqlite', db, index, queries, {
          sampleDocs: 0,
          fullScanQueries: 0,
          seed: 11,
          log,
          latencyOnly: true,
        })
        log('SearchIndex.optimize (what `gongkai search optimize` runs)')
        const t = performance.now()
        await index.optimize(db.kysely)
        const set = h.prepare('INSERT OR REPLACE INTO bench_meta (key, value) VALUES (?, ?)')
        set.run('optimize_seconds', ((performance.now() - t) / 1000).toFixed(1))
        set.run('segments_as_built', JSON.stringify(segmentsAsBuilt))
        set.run('as_built_report', JSON.stringify(asBuilt))
        set.run('optimized', '1')
      }
      log('search benchmark (SQLite FTS5), optimised index')
      const report = await benchSearch('sqlite', db, index, queries, {
        sampleDocs: 20_000,
        fullScanQueries: 10,
        seed: 11,
        log,
      })
      save('search', {
        corpus: info,
        segmentsAsBuilt,
        optimizeSeconds: Number(meta('optimize_seconds')),
        asBuilt: asBuilt ?? (JSON.parse(meta('as_built_report') ?? 'null') as SearchReport | null),
        report,
      })
    }
  } finally {
    await db.close()
  }
}

if (sections.has('import')) {
  const { benchImport } = await import('./import-bench.js')
  log('import benchmark')
  save('import', await benchImport(Number(values['import-items']), OUT, log, corpusPath))
}

if (sections.has('http')) {
  const { benchHttp } = await import('./http-bench.js')
  log('HTTP benchmark')
  save('http', await benchHttp(corpusPath, Number(values['http-seconds']), log, (await loadQueries()) ?? []))
}

if (sections.has('pg')) {
  const { benchPg } = await import('./pg-bench.js')
  const queries = await loadQueries()
  if (!queries) {
    throw new Error('run the search section first: PostgreSQL reuses its queries')
  }
  log('PostgreSQL search benchmark')
  save(
    'pg',
    await benchPg({
      url: values['pg-url'] ?? '',
      sqlitePath: corpusPath,
      items: Number(values['pg-items'] ?? items),
      queries,
      log,
    }),
  )
}

if (sections.has('http-pg')) {
  // The HTTP benchmark against the PostgreSQL database the pg section loaded (run it first).
  const { benchHttp } = await import('./http-bench.js')
  log('HTTP benchmark on PostgreSQL')
  save(
    'http-pg',
    await benchHttp(corpusPath, Number(values['http-seconds']), log, (await loadQueries()) ?? [], {
      url: values['pg-url'] ?? '',
      items: Number(values['pg-items'] ?? items),
    }),
  )
}

if (values['write-doc']) {
  const doc = new URL('../docs/benchmarks.md', import.meta.url).pathname
  writeFileSync(doc, renderResults(existsSync(doc) ? readFileSync(doc, 'utf8') : '', OUT))
  log('updated docs/benchmarks.md')
}
log('done')
