import { sql, type RawBuilder } from 'kysely'
import type { Kdb } from '../../db/database.js'
import type { SearchDoc, SearchHits, SearchIndex, SearchQuery } from './search-index.js'
import {
  DEFAULT_RANKING_LIMITS,
  itemFilterSql,
  tieredSearch,
  type RankingBackend,
  type RankingLimits,
} from './search-ranking.js'
import { parseSearchQuery, toFts5Match, toIndexText } from './search-text.js'

/** Rows per INSERT/DELETE statement (3 bound values per row, well under SQLite's limit). */
const BATCH = 200
/** bm25 column weights: a title hit counts like ten body hits (before saturation). */
const BM25 = sql.raw('bm25(item_fts, 10.0, 1.0)')

/**
 * SQLite FTS5 engine: the contentless table `item_fts(title, body)` with rowid = item.doc_no,
 * holding the bigram tokens of search-text.ts. Hits are joined to `item` through the covering
 * index item_search_filter_idx for status and filters. CROSS JOIN keeps FTS5 as the outer loop
 * (so "ORDER BY rowid DESC LIMIT n" walks the doclists backwards and stops after n rows).
 */
export function createFts5SearchIndex(limits: RankingLimits = DEFAULT_RANKING_LIMITS): SearchIndex {
  return {
    async upsert(db: Kdb, docs: SearchDoc[]): Promise<void> {
      for (let i = 0; i < docs.length; i += BATCH) {
        const rows = docs
          .slice(i, i + BATCH)
          .map((d) => sql`(${d.docNo}, ${toIndexText(d.title)}, ${toIndexText(d.body)})`)
        await sql`INSERT OR REPLACE INTO item_fts (rowid, title, body) VALUES ${sql.join(rows)}`.execute(db)
      }
    },

    async remove(db: Kdb, docNos: number[]): Promise<void> {
      for (let i = 0; i < docNos.length; i += BATCH) {
        await sql`DELETE FROM item_fts WHERE rowid IN (${sql.join(docNos.slice(i, i + BATCH))})`.execute(db)
      }
    },

    async search(db: Kdb, query: SearchQuery): Promise<SearchHits> {
      const parsed = parseSearchQuery(query.q)
      const where = itemFilterSql(query.filters)
      if (where === null) {
        return { docNos: [], total: 0, totalIsLowerBound: false }
      }
      const all = toFts5Match(parsed)
      const title = toFts5Match(parsed, 'title')
      const from = (match: RawBuilder<unknown>) =>
        sql`FROM item_fts CROSS JOIN item ON item.doc_no = item_fts.rowid WHERE ${match} AND ${where}`
      const docNos = async (q: RawBuilder<unknown>) =>
        (await sql<{ doc_no: number }>`${q}`.execute(db)).rows.map((r) => Number(r.doc_no))

      const backend: RankingBackend = {
        async count(match, cap) {
          const r = await sql<{
            n: number
          }>`SELECT count(*) AS n FROM (SELECT 1 ${from(match)} LIMIT ${cap})`.execute(db)
          return Number(r.rows[0]?.n ?? 0)
        },
        async ranked(c, limit, offset) {
          const scored = await sql<{ doc_no: number; score: number }>`
            SELECT item_fts.rowid AS doc_no, ${BM25} AS score ${from(c.all)}`.execute(db)
          const inTitle = new Set(await docNos(sql`SELECT item_fts.rowid AS doc_no ${from(c.title)}`))
          return scored.rows
            .map((r) => ({ docNo: Number(r.doc_no), score: r.score, title: inTitle.has(Number(r.doc_no)) }))
            .sort((a, b) => Number(b.title) - Number(a.title) || a.score - b.score || b.docNo - a.docNo)
            .slice(offset, offset + limit)
            .map((r) => r.docNo)
        },
        newest(match, limit, offset) {
          return docNos(
            sql`SELECT item_fts.rowid AS doc_no ${from(match)} ORDER BY item_fts.rowid DESC LIMIT ${limit} OFFSET ${offset}`,
          )
        },
      }
      return tieredSearch(
        backend,
        {
          all: sql`item_fts MATCH ${all}`,
          title: sql`item_fts MATCH ${title}`,
          bodyOnly: sql`item_fts MATCH ${`(${all}) NOT (${title})`}`,
        },
        query,
        limits,
      )
    },
  }
}
