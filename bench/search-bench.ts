/**
 * Search benchmark: query selection from the corpus, latency through the real SearchIndex
 * (first page of 20, ranked), and recall against brute-force substring scans.
 */
import { sql } from 'kysely'
import type { Db } from '../src/db/database.js'
import type { SearchIndex } from '../src/shared/search-index.js'
import {
  normalizeSearchText,
  parseSearchQuery,
  toFts5Match,
  toPgTsQuery,
} from '../src/modules/catalogue/search/index.js'
import { prng } from './corpus.js'

export interface BenchQuery {
  q: string
  chars: 2 | 4
  /** Hits counted by the engine when chosen (capped; `lowerBound` when the cap was reached). */
  counted: number
  lowerBound: boolean
  stratum: 'common' | 'medium' | 'rare'
}

export interface LatencyStats {
  n: number
  p50: number
  p95: number
  max: number
}

export interface SearchReport {
  engine: string
  items: number
  queries: { twoChar: number; fourChar: number }
  strata: Record<string, Record<string, number>>
  cold: Record<string, LatencyStats>
  warm: Record<string, LatencyStats>
  extra: Record<string, LatencyStats>
  sampleRecall: {
    sampleDocs: number
    queries: number
    truthPairs: number
    foundPairs: number
    recall: number
    precision: number
    minQueryRecall: number
  } | null
  fullScan: Array<{ q: string; truth: number; found: number; missed: number; extra: number; scanMs: number }>
  firstPagePrecision: { checked: number; wrong: number } | null
}

export function stats(xs: number[]): LatencyStats {
  const s = [...xs].sort((a, b) => a - b)
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0
  return { n: s.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(s[s.length - 1] ?? 0) }
}

function round(x: number): number {
  return Math.round(x * 100) / 100
}

const HAN = /^\p{Script=Han}+$/u

async function maxDocNo(db: Db): Promise<number> {
  const r = await sql<{ m: number }>`SELECT max(doc_no) AS m FROM item`.execute(db.kysely)
  return Number(r.rows[0]?.m ?? 0)
}

async function docTexts(db: Db, docNos: number[]): Promise<Map<number, { title: string; body: string }>> {
  const out = new Map<number, { title: string; body: string }>()
  for (let i = 0; i < docNos.length; i += 500) {
    const rows = await db.kysely
      .selectFrom('item')
      .innerJoin('item_body', 'item_body.item_id', 'item.id')
      .select(['doc_no', 'title', 'body_text'])
      .where('doc_no', 'in', docNos.slice(i, i + 500))
      .execute()
    for (const r of rows) {
      out.set(Number(r.doc_no), { title: r.title, body: r.body_text })
    }
  }
  return out
}

/**
 * Picks 2- and 4-character Han queries from random places in random items (so frequent strings
 * come up often), measures their hit counts with the engine (capped), and keeps a mix per length:
 * 40 % common (count cap reached), 30 % medium (≥ 50 hits), 30 % rare (< 50 hits).
 */
export async function chooseQueries(
  db: Db,
  index: SearchIndex,
  perClass: number,
  seed: number,
  log: (s: string) => void,
): Promise<BenchQuery[]> {
  const rnd = prng(seed)
  const n = await maxDocNo(db)
  const docNos = Array.from({ length: 3000 }, () => 1 + Math.floor(rnd() * n))
  const texts = await docTexts(db, docNos)
  const out: BenchQuery[] = []
  for (const len of [2, 4] as const) {
    const candidates = new Set<string>()
    let guard = 0
    while (candidates.size < perClass * 6 && guard++ < 100_000) {
      const t = texts.get(docNos[Math.floor(rnd() * docNos.length)] ?? 0)
      if (!t) {
        continue
      }
      const src = rnd() < 0.3 ? t.title : t.body
      const chars = Array.from(src)
      const at = Math.floor(rnd() * Math.max(1, chars.length - len))
      const q = chars.slice(at, at + len).join('')
      if (q.length === len && HAN.test(q)) {
        candidates.add(q)
      }
    }
    const measured: BenchQuery[] = []
    for (const q of candidates) {
      const r = await index.search(db.kysely, { q, filters: {}, limit: 1, offset: 0 })
      const stratum = r.totalIsLowerBound ? 'common' : r.total >= 50 ? 'medium' : 'rare'
      measured.push({ q, chars: len, counted: r.total, lowerBound: r.totalIsLowerBound, stratum })
    }
    const want = { common: Math.round(perClass * 0.4), medium: Math.round(perClass * 0.3), rare: 0 }
    want.rare = perClass - want.common - want.medium
    const chosen: BenchQuery[] = []
    for (const s of ['common', 'medium', 'rare'] as const) {
      chosen.push(...measured.filter((m) => m.stratum === s).slice(0, want[s]))
    }
    // Fill from whatever is left when a stratum is short (recorded in the report).
    for (const m of measured) {
      if (chosen.length >= perClass) {
        break
      }
      if (!chosen.includes(m)) {
        chosen.push(m)
      }
    }
    log(`  ${len}-char queries: ${candidates.size} candidates, chose ${chosen.length}`)
    out.push(...chosen)
  }
  return out
}

async function timeSearch(index: SearchIndex, db: Db, q: string, filters = {}, offset = 0): Promise<number> {
  const t = performance.now()
  await index.search(db.kysely, { q, filters, limit: 20, offset })
  return performance.now() - t
}

export async function benchSearch(
  engine: string,
  db: Db,
  index: SearchIndex,
  queries: BenchQuery[],
  opts: {
    sampleDocs: number
    fullScanQueries: number
    seed: number
    log: (s: string) => void
    /** Latency only: skip the precision and recall checks. */
    latencyOnly?: boolean
  },
): Promise<SearchReport> {
  const { log } = opts
  const byLen = (len: number) => queries.filter((q) => q.chars === len)
  const strata: Record<string, Record<string, number>> = {}
  for (const q of queries) {
    const k = `${q.chars}-char`
    strata[k] ??= {}
    strata[k][q.stratum] = (strata[k][q.stratum] ?? 0) + 1
  }

  // Latency: pass 0 is the first execution of each query; passes 1–3 are warm, median per query.
  log(`  latency: ${queries.length} queries × 4 passes`)
  const times = new Map<string, number[]>()
  for (let pass = 0; pass < 4; pass++) {
    for (const q of queries) {
      const ms = await timeSearch(index, db, q.q)
      const list = times.get(q.q) ?? []
      list.push(ms)
      times.set(q.q, list)
    }
  }
  const cold: Record<string, LatencyStats> = {}
  const warm: Record<string, LatencyStats> = {}
  for (const len of [2, 4]) {
    const qs = byLen(len)
    cold[`${len}-char`] = stats(qs.map((q) => times.get(q.q)?.[0] ?? 0))
    warm[`${len}-char`] = stats(
      qs.map((q) => {
        const w = (times.get(q.q) ?? []).slice(1).sort((a, b) => a - b)
        return w[1] ?? w[0] ?? 0
      }),
    )
  }

  // Extra shapes, one warm pass after a first one: page 2, a year filter, an organ filter.
  const extra: Record<string, LatencyStats> = {}
  const organ = await db.kysely
    .selectFrom('item')
    .select('organ_id')
    .where('doc_no', '=', 1)
    .executeTakeFirst()
  const shapes: Array<[string, (q: string) => Promise<number>]> = [
    ['page 2 (offset 20)', (q) => timeSearch(index, db, q, {}, 20)],
    ['with year = 2020', (q) => timeSearch(index, db, q, { year: 2020 })],
    ['with one organ', (q) => timeSearch(index, db, q, { organIds: [organ?.organ_id ?? ''] })],
  ]
  for (const [name, fn] of shapes) {
    for (const len of [2, 4]) {
      const qs = byLen(len).slice(0, 30)
      for (const q of qs) {
        await fn(q.q)
      }
      const ms: number[] = []
      for (const q of qs) {
        ms.push(await fn(q.q))
      }
      extra[`${len}-char ${name}`] = stats(ms)
    }
  }

  if (opts.latencyOnly) {
    return {
      engine,
      items: await maxDocNo(db),
      queries: { twoChar: byLen(2).length, fourChar: byLen(4).length },
      strata,
      cold,
      warm,
      extra,
      sampleRecall: null,
      fullScan: [],
      firstPagePrecision: null,
    }
  }

  // First-page precision: every returned item really contains the query (substring of title/body).
  log('  first-page precision')
  let checked = 0
  let wrong = 0
  for (const q of queries) {
    const hits = await index.search(db.kysely, { q: q.q, filters: {}, limit: 20, offset: 0 })
    const texts = await docTexts(db, hits.docNos)
    for (const d of hits.docNos) {
      const t = texts.get(d)
      checked++
      if (!t || !`${normalizeSearchText(t.title)}\n${normalizeSearchText(t.body)}`.includes(q.q)) {
        wrong++
      }
    }
  }

  // Recall on a document sample: every query, over `sampleDocs` random items, the engine's full
  // match set (all hits, no cap: the engine's MATCH/@@ condition alone) vs substring search.
  log(`  recall on a sample of ${opts.sampleDocs} items`)
  const rnd = prng(opts.seed + 7)
  const n = await maxDocNo(db)
  const sample = new Set<number>()
  while (sample.size < Math.min(opts.sampleDocs, n)) {
    sample.add(1 + Math.floor(rnd() * n))
  }
  const sampleTexts = await docTexts(db, [...sample])
  const hay = new Map<number, string>()
  for (const [d, t] of sampleTexts) {
    hay.set(d, `${normalizeSearchText(t.title)}\n${normalizeSearchText(t.body)}`)
  }
  let truthPairs = 0
  let foundPairs = 0
  let falsePairs = 0
  let minQueryRecall = 1
  for (const q of queries) {
    const all = await allMatches(engine, db, q.q)
    let truth = 0
    let found = 0
    for (const [d, h] of hay) {
      const isHit = h.includes(q.q)
      const matched = all.has(d)
      if (isHit) {
        truth++
        if (matched) {
          found++
        }
      } else if (matched) {
        falsePairs++
      }
    }
    truthPairs += truth
    foundPairs += found
    if (truth > 0) {
      minQueryRecall = Math.min(minQueryRecall, found / truth)
    }
  }

  // Brute force over the whole table for a few queries: instr() on title and body.
  log(`  full instr() scans for ${opts.fullScanQueries} queries`)
  const fullScan: SearchReport['fullScan'] = []
  const pickFull = [
    ...byLen(2).filter((_, i) => i % Math.ceil(byLen(2).length / (opts.fullScanQueries / 2)) === 0),
    ...byLen(4).filter((_, i) => i % Math.ceil(byLen(4).length / (opts.fullScanQueries / 2)) === 0),
  ].slice(0, opts.fullScanQueries)
  for (const q of pickFull) {
    const t = performance.now()
    const fn = engine === 'postgres' ? sql.raw('strpos') : sql.raw('instr')
    const rows = await sql<{
      doc_no: number
    }>`SELECT doc_no FROM item JOIN item_body ON item_body.item_id = item.id
      WHERE status = 'published' AND (${fn}(title, ${q.q}) > 0 OR ${fn}(body_text, ${q.q}) > 0)`.execute(
      db.kysely,
    )
    const scanMs = performance.now() - t
    const truth = new Set(rows.rows.map((r) => Number(r.doc_no)))
    const all = await allMatches(engine, db, q.q)
    let missed = 0
    for (const d of truth) {
      if (!all.has(d)) {
        missed++
      }
    }
    let extraHits = 0
    for (const d of all) {
      if (!truth.has(d)) {
        extraHits++
      }
    }
    fullScan.push({ q: q.q, truth: truth.size, found: truth.size - missed, missed, extra: extraHits, scanMs })
  }

  return {
    engine,
    items: n,
    queries: { twoChar: byLen(2).length, fourChar: byLen(4).length },
    strata,
    cold,
    warm,
    extra,
    sampleRecall: {
      sampleDocs: hay.size,
      queries: queries.length,
      truthPairs,
      foundPairs,
      recall: truthPairs === 0 ? 1 : foundPairs / truthPairs,
      precision: foundPairs + falsePairs === 0 ? 1 : foundPairs / (foundPairs + falsePairs),
      minQueryRecall,
    },
    fullScan,
    firstPagePrecision: { checked, wrong },
  }
}

/** Every doc_no the engine's match condition accepts (no cap, no ranking): the set recall is about. */
async function allMatches(engine: string, db: Db, q: string): Promise<Set<number>> {
  const parsed = parseSearchQuery(q)
  const rows =
    engine === 'postgres'
      ? await sql<{
          d: number
        }>`SELECT doc_no AS d FROM item_search WHERE tsv @@ ${toPgTsQuery(parsed)}::tsquery`.execute(
          db.kysely,
        )
      : await sql<{
          d: number
        }>`SELECT rowid AS d FROM item_fts WHERE item_fts MATCH ${toFts5Match(parsed)}`.execute(db.kysely)
  return new Set(rows.rows.map((r) => Number(r.d)))
}
