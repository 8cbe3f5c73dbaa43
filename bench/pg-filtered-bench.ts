/**
 * Filtered searches on PostgreSQL, A/B in one process: the current engine against a baseline
 * copy of an older `search-pg.ts`, interleaved query by query so that both see the same load.
 *
 *   git show <rev>:src/modules/catalogue/search/search-pg.ts \
 *     | sed "s#'\./#'../../src/modules/catalogue/search/#; s#'\.\./\.\./\.\./#'../../src/#" \
 *     > bench/out/search-pg-baseline.ts
 *   node --import tsx bench/pg-filtered-bench.ts --items 200000 \
 *     [--baseline bench/out/search-pg-baseline.ts] [--pg-url postgres://…/gongkai_bench] [--rounds 2]
 *
 * Needs the database the `pg` section of `npm run bench` loaded and its queries file. Shapes:
 * year = 2020, one organ (the organ of doc_no 1, as in search-bench.ts), one first-level topic,
 * and unfiltered as a control; 30 queries of each length, limit 20, offset 0. Each round runs every
 * query once per engine as a warm-up, then once more timed (engine order alternating by round).
 */
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sql } from 'kysely'
import { createDb } from '../src/db/database.js'
import type { SearchFilters, SearchHits, SearchIndex } from '../src/shared/search-index.js'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { GENERATOR_VERSION } from './corpus.js'
import { stats, type BenchQuery } from './search-bench.js'

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '200000' },
    queries: { type: 'string', default: '100' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/gongkai_bench' },
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    perLength: { type: 'string', default: '30' },
  },
})

const OUT = new URL('./out/', import.meta.url).pathname
const queriesPath = `${OUT}queries-${GENERATOR_VERSION}-${values.items}-${values.queries}.json`
if (!existsSync(queriesPath)) {
  throw new Error(`no ${queriesPath}: run the search or pg section of npm run bench first`)
}
const queries = JSON.parse(readFileSync(queriesPath, 'utf8')) as BenchQuery[]
const perLength = Number(values.perLength)

const engines: Array<[string, SearchIndex]> = [['current', createSearchIndex('postgres')]]
if (values.baseline) {
  const mod = (await import(pathToFileURL(resolve(values.baseline)).href)) as {
    createPgSearchIndex: () => SearchIndex
  }
  engines.unshift(['baseline', mod.createPgSearchIndex()])
}

const db = createDb({ kind: 'postgres', url: values['pg-url'] ?? '' })
try {
  const organ = (
    await sql<{ organ_id: string }>`SELECT organ_id FROM item WHERE doc_no = 1`.execute(db.kysely)
  ).rows[0]?.organ_id
  // The first-level topic nearest to 5 % of the items (a reader's narrowing, like a year's 6.7 %).
  const topics = await sql<{ t: string; n: number }>`
    SELECT split_part(topic, '\\', 1) AS t, count(*)::int AS n FROM item GROUP BY 1`.execute(db.kysely)
  const total = topics.rows.reduce((s, r) => s + r.n, 0)
  const topic = [...topics.rows].sort(
    (a, b) => Math.abs(a.n / total - 0.05) - Math.abs(b.n / total - 0.05),
  )[0]
  const shapes: Array<[string, SearchFilters]> = [
    ['unfiltered', {}],
    ['year = 2020', { year: 2020 }],
    ['one organ', { organIds: [organ ?? ''] }],
    [`topic ${topic?.t} (${(((topic?.n ?? 0) / total) * 100).toFixed(1)} %)`, { topic: topic?.t }],
  ]
  const rounds = Number(values.rounds)
  console.log(
    JSON.stringify({
      date: new Date().toISOString(),
      loadavg: os.loadavg().map((x) => x.toFixed(2)),
      items: values.items,
      rounds,
      perLength,
    }),
  )
  const run = (index: SearchIndex, q: string, filters: SearchFilters) =>
    index.search(db.kysely, { q, filters, limit: 20, offset: 0 })
  for (const [name, filters] of shapes) {
    for (const len of [2, 4]) {
      const qs = queries.filter((q) => q.chars === len).slice(0, perLength)
      const ms = new Map<string, number[]>(engines.map(([e]) => [e, []]))
      const answers = new Map<string, SearchHits[]>(engines.map(([e]) => [e, []]))
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? engines : [...engines].reverse()
        for (const q of qs) {
          for (const [e, index] of order) {
            await run(index, q.q, filters)
            const t = performance.now()
            const hits = await run(index, q.q, filters)
            ms.get(e)?.push(performance.now() - t)
            if (r === 0) {
              answers.get(e)?.push(hits)
            }
          }
        }
      }
      const line: Record<string, unknown> = { shape: `${len}-char ${name}` }
      for (const [e] of engines) {
        const a = answers.get(e) ?? []
        line[e] = {
          ...stats(ms.get(e) ?? []),
          lowerBound: a.filter((h) => h.totalIsLowerBound).length,
          empty: a.filter((h) => h.docNos.length === 0).length,
        }
      }
      if (engines.length === 2) {
        const [a, b] = [answers.get('baseline') ?? [], answers.get('current') ?? []]
        line.samePage = a.filter((h, i) => JSON.stringify(h.docNos) === JSON.stringify(b[i]?.docNos)).length
        line.sameSet = a.filter(
          (h, i) => JSON.stringify([...h.docNos].sort()) === JSON.stringify([...(b[i]?.docNos ?? [])].sort()),
        ).length
      }
      console.log(JSON.stringify(line))
    }
  }
  console.log(JSON.stringify({ loadavgAtEnd: os.loadavg().map((x) => x.toFixed(2)) }))
} finally {
  await db.close()
}
