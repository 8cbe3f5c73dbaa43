import { sql, type RawBuilder } from 'kysely'
import type { Kdb } from '../../../db/database.js'
import type {
  SearchDoc,
  SearchFilters,
  SearchHits,
  SearchIndex,
  SearchQuery,
} from '../../../shared/search-index.js'
import {
  DEFAULT_RANKING_LIMITS,
  itemFilterSql,
  tieredInMemory,
  tieredSearch,
  type RankingBackend,
  type RankingLimits,
} from './search-ranking.js'
import { parseSearchQuery, toFts5Match, toIndexText } from './search-text.js'

/** Rows per INSERT/DELETE statement (3 bound values per row, well under SQLite's limit). */
const BATCH = 200
type FtsTable = 'item_fts' | 'item_title_fts'

/** bm25 column weights: a title hit counts like ten body hits (before saturation). */
const BM25 = sql.raw('bm25(item_fts, 10.0, 1.0)')

/**
 * Item-driven plan (see `chooseItemDriven`): filters matching more items than this always use
 * the index-driven plan.
 */
const ITEM_DRIVEN_MAX_ITEMS = 20_000
/**
 * Cost of probing one item's FTS entry relative to stepping over one hit in the index-driven
 * plan, which walks the hits about three times (count, bm25 with its document-frequency pass,
 * page): measured on 1,000,000 items, a probe costs 14 µs against 0.33 µs per walked hit for a
 * 2-character term, 38 µs against 0.7–4 µs for 4-character phrases.
 */
const PROBE_COST_IN_HITS = 12

function hasFilters(f: SearchFilters): boolean {
  return (
    f.organIds !== undefined ||
    f.topic !== undefined ||
    f.genre !== undefined ||
    f.year !== undefined ||
    f.art20Item !== undefined ||
    f.validity !== undefined
  )
}

/**
 * SQLite FTS5 engine: the contentless tables `item_fts(title, body)` (all hits, bm25) and
 * `item_title_fts(title)` (the title tier: its doclists hold title occurrences only, where an
 * FTS5 column filter on item_fts would walk every body hit too), rowid = item.doc_no, holding the
 * bigram tokens of search-text.ts. Hits are joined to `item` through the covering index
 * item_search_filter_idx for status and filters.
 *
 * Two plans:
 * - index-driven (the normal case): FTS5 is the outer loop (CROSS JOIN fixes the order), so
 *   "ORDER BY rowid DESC LIMIT n" walks the doclists backwards and stops after n rows; ranking
 *   as in search-ranking.ts (exact bm25 for ≤ rankCap hits, else tiers).
 * - item-driven: when the filters are selective (an organ's few hundred items) and the term is
 *   common (政府 in 2/3 of all items), walking the term's hits to find the organ's would take
 *   hundreds of ms; instead the filtered items are probed one by one (rowid = ? AND MATCH).
 *   bm25 cannot be used there (FTS5 recomputes its IDF statistics, a scan of the term's whole
 *   doclist, for every probe), so the order is the tiered one — title hits newest first, then
 *   body hits newest first — with an exact total. The term is common in that case, so bm25
 *   would tell its hits little apart anyway.
 */
export function createFts5SearchIndex(limits: RankingLimits = DEFAULT_RANKING_LIMITS): SearchIndex {
  return {
    async upsert(db: Kdb, docs: SearchDoc[]): Promise<void> {
      for (let i = 0; i < docs.length; i += BATCH) {
        const rows = docs
          .slice(i, i + BATCH)
          .map((d) => sql`(${d.docNo}, ${toIndexText(d.title)}, ${toIndexText(d.body)})`)
        await sql`INSERT OR REPLACE INTO item_fts (rowid, title, body) VALUES ${sql.join(rows)}`.execute(db)
        const titles = docs.slice(i, i + BATCH).map((d) => sql`(${d.docNo}, ${toIndexText(d.title)})`)
        await sql`INSERT OR REPLACE INTO item_title_fts (rowid, title) VALUES ${sql.join(titles)}`.execute(db)
      }
    },

    async remove(db: Kdb, docNos: number[]): Promise<void> {
      for (let i = 0; i < docNos.length; i += BATCH) {
        const chunk = sql.join(docNos.slice(i, i + BATCH))
        await sql`DELETE FROM item_fts WHERE rowid IN (${chunk})`.execute(db)
        await sql`DELETE FROM item_title_fts WHERE rowid IN (${chunk})`.execute(db)
      }
    },

    async optimize(db: Kdb): Promise<void> {
      await sql`INSERT INTO item_fts (item_fts) VALUES ('optimize')`.execute(db)
      await sql`INSERT INTO item_title_fts (item_title_fts) VALUES ('optimize')`.execute(db)
    },

    async search(db: Kdb, query: SearchQuery): Promise<SearchHits> {
      const parsed = parseSearchQuery(query.q)
      const where = itemFilterSql(query.filters)
      if (where === null) {
        return { docNos: [], total: 0, totalIsLowerBound: false }
      }
      const all = toFts5Match(parsed)
      const docNos = async (q: RawBuilder<unknown>) =>
        (await sql<{ doc_no: number }>`${q}`.execute(db)).rows.map((r) => Number(r.doc_no))

      if (hasFilters(query.filters) && (await chooseItemDriven(db, where, all, limits))) {
        const hits = await docNos(sql`SELECT item.doc_no AS doc_no FROM item CROSS JOIN item_fts
          ON item_fts.rowid = item.doc_no WHERE ${where} AND item_fts MATCH ${all}`)
        // Title tier: probe the hits only (often far fewer than the filtered items).
        const titleHits =
          hits.length === 0
            ? []
            : await docNos(sql`SELECT item_title_fts.rowid AS doc_no FROM json_each(${JSON.stringify(hits)}) AS h
                CROSS JOIN item_title_fts ON item_title_fts.rowid = h.value WHERE item_title_fts MATCH ${all}`)
        return tieredInMemory(hits, new Set(titleHits), query, limits)
      }

      // A set of hits: an FTS5 table and a MATCH expression (joined to the item conditions).
      interface Hits {
        table: FtsTable
        match: string
      }
      const from = (h: Hits) => {
        const t = sql.raw(h.table)
        return sql`FROM ${t} CROSS JOIN item ON item.doc_no = ${t}.rowid WHERE ${t} MATCH ${h.match} AND ${where}`
      }
      const count = async (q: RawBuilder<unknown>) =>
        Number((await sql<{ n: number }>`SELECT count(*) AS n FROM (${q})`.execute(db)).rows[0]?.n ?? 0)
      const backend: RankingBackend<Hits> = {
        async count(h, cap, budgeted) {
          if (!budgeted) {
            return { n: await count(sql`SELECT 1 ${from(h)} LIMIT ${cap}`), complete: true }
          }
          // The newest `walkBudget` index hits only, then the item conditions.
          const t = sql.raw(h.table)
          const walked = sql`SELECT rowid AS r FROM ${t} WHERE ${t} MATCH ${h.match} ORDER BY rowid DESC LIMIT ${limits.walkBudget}`
          const n = await count(
            sql`SELECT 1 FROM (${walked}) w CROSS JOIN item ON item.doc_no = w.r WHERE ${where} LIMIT ${cap}`,
          )
          if (n >= cap) {
            return { n, complete: true }
          }
          const examined = await count(
            sql`SELECT 1 FROM ${t} WHERE ${t} MATCH ${h.match} LIMIT ${limits.walkBudget}`,
          )
          return { n, complete: examined < limits.walkBudget }
        },
        async ranked(c, limit, offset) {
          const scored = await sql<{ doc_no: number; score: number }>`
            SELECT item_fts.rowid AS doc_no, ${BM25} AS score ${from(c.all)}`.execute(db)
          const inTitle = new Set(await docNos(sql`SELECT item_title_fts.rowid AS doc_no ${from(c.title)}`))
          // bm25() is lower for better matches.
          return scored.rows
            .map((r) => ({ docNo: Number(r.doc_no), score: r.score, title: inTitle.has(Number(r.doc_no)) }))
            .sort((a, b) => Number(b.title) - Number(a.title) || a.score - b.score || b.docNo - a.docNo)
            .slice(offset, offset + limit)
            .map((r) => r.docNo)
        },
        newest(h, limit, offset) {
          const key = sql`${sql.raw(h.table)}.rowid`
          return docNos(
            sql`SELECT ${key} AS doc_no ${from(h)} ORDER BY ${key} DESC LIMIT ${limit} OFFSET ${offset}`,
          )
        },
      }
      return tieredSearch(
        backend,
        {
          all: { table: 'item_fts', match: all },
          title: { table: 'item_title_fts', match: all },
          bodyOnly: { table: 'item_fts', match: `(${all}) NOT (${toFts5Match(parsed, 'title')})` },
        },
        query,
        limits,
      )
    },
  }
}

/**
 * Whether probing the filtered items is cheaper than walking the term's hits. With F filtered
 * items, probing costs about F·PROBE_COST_IN_HITS hit-steps; walking costs at most the term's hit
 * count H, less when the counting cap is reached early (about countCap·N/F steps for N items). Counting H stops at the break-even point, so the decision costs a small
 * fraction of either plan.
 */
async function chooseItemDriven(
  db: Kdb,
  where: RawBuilder<unknown>,
  all: string,
  limits: RankingLimits,
): Promise<boolean> {
  const count = async (q: RawBuilder<unknown>) =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM (${q})`.execute(db)).rows[0]?.n ?? 0)
  const filtered = await count(sql`SELECT 1 FROM item WHERE ${where} LIMIT ${ITEM_DRIVEN_MAX_ITEMS + 1}`)
  if (filtered > ITEM_DRIVEN_MAX_ITEMS) {
    return false
  }
  if (filtered === 0) {
    return true
  }
  const breakEven = filtered * PROBE_COST_IN_HITS
  const maxDocNo = Number(
    (await sql<{ m: number | null }>`SELECT max(doc_no) AS m FROM item`.execute(db)).rows[0]?.m ?? 0,
  )
  if ((limits.countCap * maxDocNo) / filtered < breakEven) {
    return false
  }
  const hits = await count(sql`SELECT 1 FROM item_fts WHERE item_fts MATCH ${all} LIMIT ${breakEven + 1}`)
  return hits > breakEven
}
