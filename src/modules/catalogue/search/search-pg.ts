import { sql, type RawBuilder } from 'kysely'
import type { Kdb } from '../../../db/database.js'
import type { SearchDoc, SearchHits, SearchIndex, SearchQuery } from '../../../shared/search-index.js'
import {
  DEFAULT_RANKING_LIMITS,
  itemFilterSql,
  tieredSearch,
  type RankingBackend,
  type RankingLimits,
} from './search-ranking.js'
import { parseSearchQuery, toPgTsQuery, toPgTsVectorLiteral } from './search-text.js'

/** Rows per INSERT/DELETE statement. */
const BATCH = 200
/**
 * Characters of body text indexed on PostgreSQL. A tsvector is limited to 1 MB; 200k characters
 * of body stay well below it. (SQLite indexes everything.)
 */
export const PG_MAX_BODY_CHARS = 200_000

/**
 * PostgreSQL engine: `item_search(doc_no, tsv)` with a GIN index. The tsvector and tsquery are
 * built as literals by search-text.ts and cast (`::tsvector`, `::tsquery`), bypassing the text
 * search parser, so PostgreSQL sees the same bigram tokens as SQLite. Every statement is
 * unnamed (Kysely's pg driver does not name them), so PostgreSQL plans each with the actual
 * query values instead of a generic plan (see stack-notes §3: the generic-plan trap).
 */
/**
 * PostgreSQL's caps are lower than SQLite's: counting a common term's hits detoasts each hit's
 * tsvector (≈ 10 µs), so counting to 2,001 cost up to 200 ms at 1,000,000 items; ts_rank over
 * 500 hits stays within a few ms.
 */
export const PG_RANKING_LIMITS: RankingLimits = {
  ...DEFAULT_RANKING_LIMITS,
  rankCap: 500,
  countCap: 500,
  // Rows of the newest end of item_search a tier page first looks through (see `newest`):
  // checking title_tsv is cheap (stored inline), checking tsv detoasts it (≈ 10 µs).
  walkBudget: 2000,
}

export function createPgSearchIndex(limits: RankingLimits = PG_RANKING_LIMITS): SearchIndex {
  return {
    // Writes tsv only; title_tsv is a generated column (ts_filter(tsv, '{a}')).
    async upsert(db: Kdb, docs: SearchDoc[]): Promise<void> {
      for (let i = 0; i < docs.length; i += BATCH) {
        const rows = docs
          .slice(i, i + BATCH)
          .map(
            (d) =>
              sql`(${d.docNo}, ${toPgTsVectorLiteral(d.title, d.body.slice(0, PG_MAX_BODY_CHARS))}::tsvector)`,
          )
        await sql`INSERT INTO item_search (doc_no, tsv) VALUES ${sql.join(rows)}
          ON CONFLICT (doc_no) DO UPDATE SET tsv = excluded.tsv`.execute(db)
      }
    },

    async remove(db: Kdb, docNos: number[]): Promise<void> {
      for (let i = 0; i < docNos.length; i += BATCH) {
        await sql`DELETE FROM item_search WHERE doc_no IN (${sql.join(docNos.slice(i, i + BATCH))})`.execute(
          db,
        )
      }
    },

    async optimize(db: Kdb): Promise<void> {
      // GIN indexes fold their pending lists in on VACUUM/autovacuum; fresh statistics matter more
      // to the plans of the tier queries.
      await sql`ANALYZE item_search`.execute(db)
    },

    async search(db: Kdb, query: SearchQuery): Promise<SearchHits> {
      const parsed = parseSearchQuery(query.q)
      const where = itemFilterSql(query.filters)
      if (where === null) {
        return { docNos: [], total: 0, totalIsLowerBound: false }
      }
      const all = toPgTsQuery(parsed)
      const from = (match: RawBuilder<unknown>) =>
        sql`FROM item_search s JOIN item ON item.doc_no = s.doc_no WHERE ${match} AND ${where}`
      const docNos = async (q: RawBuilder<unknown>) =>
        (await sql<{ doc_no: number }>`${q}`.execute(db)).rows.map((r) => Number(r.doc_no))
      const countOf = async (q: RawBuilder<unknown>) =>
        Number((await sql<{ n: number }>`SELECT count(*) AS n FROM (${q}) t`.execute(db)).rows[0]?.n ?? 0)
      // Any condition beyond "published".
      const filtered = Object.values(query.filters).some((v) => v !== undefined)

      const backend: RankingBackend<RawBuilder<unknown>> = {
        async count(match, cap, budgeted) {
          const planned = async () => {
            const r = await sql<{
              n: number
            }>`SELECT count(*) AS n FROM (SELECT 1 ${from(match)} LIMIT ${cap}) t`.execute(db)
            return { n: Number(r.rows[0]?.n ?? 0), complete: true }
          }
          if (!budgeted || !filtered) {
            return planned()
          }
          // With a filter the planner checks `tsv @@` (a detoast, ≈ 15 µs) on rows of every year or
          // organ before joining (docs/benchmarks.md, "filtered search"). So first probe the newest
          // `walkBudget` filtered items only, in doc_no order from item_search_filter_idx, each by
          // key (LATERAL, and coalesce hides the condition so the planner cannot turn to GIN and
          // join all of a phrase's candidates: 6–12 s for some 4-character queries).
          const n = await countOf(sql`SELECT 1 FROM (SELECT item.doc_no FROM item WHERE ${where}
              ORDER BY item.doc_no DESC LIMIT ${limits.walkBudget}) i
            CROSS JOIN LATERAL (SELECT 1 FROM item_search s
              WHERE s.doc_no = i.doc_no AND coalesce(${match}, false)) x LIMIT ${cap}`)
          if (n >= cap) {
            return { n, complete: true }
          }
          const items = await countOf(sql`SELECT 1 FROM item WHERE ${where} LIMIT ${limits.walkBudget}`)
          if (items < limits.walkBudget) {
            // Every filtered item was probed: the count is exact.
            return { n, complete: true }
          }
          // Some hits among the newest filtered items: "at least n". None: the term is rare
          // there, and the planner's own plan (its GIN index) counts it cheaply.
          return n > 0 ? { n, complete: false } : planned()
        },
        ranked(c, limit, offset) {
          // ts_rank's default weights {D 0.1, C 0.2, B 0.4, A 1.0}: a title hit weighs 2.5 body hits.
          return docNos(sql`SELECT s.doc_no ${from(c.all)}
            ORDER BY (${c.title}) DESC, ts_rank(s.tsv, ${all}::tsquery) DESC, s.doc_no DESC
            LIMIT ${limit} OFFSET ${offset}`)
        },
        // A tier page, newest first. PostgreSQL misjudges how many rows a tsquery matches (phrases
        // look rare, absent lexemes look common), so it may sort every candidate of a common tier
        // or walk the whole table for an empty one. So: first look through the newest
        // `walkBudget` rows only, with the condition hidden from the planner (coalesce) so that it
        // walks the primary key backwards; a dense tier fills the page there. Only a sparse
        // tier gets the planner's own plan (its GIN index then finds few candidates).
        //
        // With a filter, the newest rows of item_search hold few filtered items (a year keeps
        // ≈ 7 % of them), so the walk goes over the newest `walkBudget` filtered items instead,
        // probing item_search by key as the filtered count does: the page is exact when it fills
        // there (every filtered item newer than the walk's end was looked at).
        async newest(match, limit, offset) {
          const walked = await docNos(
            filtered
              ? sql`SELECT i.doc_no FROM (SELECT item.doc_no FROM item WHERE ${where}
                  ORDER BY item.doc_no DESC LIMIT ${limits.walkBudget}) i
                CROSS JOIN LATERAL (SELECT 1 FROM item_search s
                  WHERE s.doc_no = i.doc_no AND coalesce(${match}, false)) x
                ORDER BY i.doc_no DESC LIMIT ${limit} OFFSET ${offset}`
              : sql`SELECT s.doc_no FROM item_search s JOIN item ON item.doc_no = s.doc_no
            WHERE s.doc_no >= (SELECT doc_no FROM item_search ORDER BY doc_no DESC OFFSET ${limits.walkBudget - 1} LIMIT 1)
              AND coalesce(${match}, false) AND ${where}
            ORDER BY s.doc_no DESC LIMIT ${limit} OFFSET ${offset}`,
          )
          if (walked.length === limit) {
            return walked
          }
          return docNos(
            sql`SELECT s.doc_no ${from(match)} ORDER BY s.doc_no DESC LIMIT ${limit} OFFSET ${offset}`,
          )
        },
      }
      return tieredSearch(
        backend,
        {
          all: sql`s.tsv @@ ${all}::tsquery`,
          // title_tsv = the weight-A part of tsv (migration 2026-11-28T0530): own GIN, own statistics.
          title: sql`s.title_tsv @@ ${all}::tsquery`,
          bodyOnly: sql`s.tsv @@ ${all}::tsquery AND NOT s.title_tsv @@ ${all}::tsquery`,
        },
        query,
        limits,
      )
    },
  }
}
