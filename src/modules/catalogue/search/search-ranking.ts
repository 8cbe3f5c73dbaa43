import { sql, type RawBuilder } from 'kysely'
import type { SearchFilters, SearchHits } from '../../../shared/search-index.js'

/**
 * Tiered ranking, the same for both engines (each engine supplies the three queries below).
 *
 * Scoring every hit (bm25 on SQLite, ts_rank on PostgreSQL) is cheap for a few thousand hits but
 * costs hundreds of milliseconds for a common term such as 政府 that occurs in most of a million
 * items (docs/benchmarks.md). So:
 *
 * 1. Count the hits (published, passing the filters), stopping at `countCap` + 1 — or, on SQLite,
 *    after examining `walkBudget` index hits (a filter that keeps few of a common term's hits):
 *    then the total is "at least n" and the order is the tiered one of step 3.
 * 2. Few hits (≤ `rankCap`): rank them all exactly — title hits first (every query term in the
 *    title), then the rest; relevance (bm25 / ts_rank, title weighted above body) within each
 *    group; newest (doc_no desc) breaks ties.
 * 3. Many hits: the query is broad and relevance between thousands of near-equal hits means
 *    little, so the order is: title hits newest first, then body-only hits newest first. Both
 *    tiers walk the index in doc_no order and stop after one page, so the cost no longer grows
 *    with the number of hits. The total is reported as "at least `countCap`".
 *
 * Pages end at `maxWindow` results (like a search engine's result window): deeper offsets get
 * no rows, so no request can make the database walk hundreds of thousands of hits.
 */
export interface RankingLimits {
  /** Hits up to which every hit is scored (exact relevance order). */
  rankCap: number
  /** Hits counted before the total becomes a lower bound. Must be ≥ rankCap. */
  countCap: number
  /** Largest offset + limit served. */
  maxWindow: number
  /**
   * How far a walk looks before giving up. SQLite: index hits a count may examine before it stops
   * and reports "at least n" (bounds the cost when a filter keeps only a small share of a common
   * term's hits). PostgreSQL: newest rows a tier page looks through before asking the planner,
   * and newest filtered items a filtered count probes before it reports "at least n".
   */
  walkBudget: number
}

export const DEFAULT_RANKING_LIMITS: RankingLimits = {
  rankCap: 2000,
  countCap: 2000,
  maxWindow: 2000,
  // 5,000, not 20,000: a filtered search (a year keeps ≈ 7 % of a term's hits) paid the whole
  // budget twice — once in the count (each hit joined to item), once more scoring every hit of a
  // term below the budget — 16–22 ms + 10–19 ms a query at 200,000 items (docs/benchmarks.md,
  // "filtered search"). Unfiltered searches are unaffected: their count reaches countCap first.
  walkBudget: 5000,
}

/** The three hit sets of one query, in whatever form the engine queries them (`S`). */
export interface TierConditions<S> {
  /** Every term anywhere (title or body). */
  all: S
  /** Every term in the title. */
  title: S
  /** `all` but not `title`. */
  bodyOnly: S
}

/** A count that stopped at a cap, or (`complete` false) after examining a budget of index hits. */
export interface Counted {
  n: number
  complete: boolean
}

export interface RankingBackend<S> {
  /**
   * Matching published items passing the filters, counting at most `cap`. With `budgeted`, the
   * engine may also stop after examining `walkBudget` index hits (then `complete` is false).
   */
  count(hits: S, cap: number, budgeted: boolean): Promise<Counted>
  /** A page of all hits in exact relevance order (title hits first); only called for ≤ rankCap hits. */
  ranked(c: TierConditions<S>, limit: number, offset: number): Promise<number[]>
  /** A page of hits newest first (doc_no descending). */
  newest(hits: S, limit: number, offset: number): Promise<number[]>
}

export async function tieredSearch<S>(
  backend: RankingBackend<S>,
  c: TierConditions<S>,
  page: { limit: number; offset: number },
  limits: RankingLimits,
): Promise<SearchHits> {
  const counted = await backend.count(c.all, limits.countCap + 1, true)
  const lowerBound = counted.n > limits.countCap || !counted.complete
  const total = Math.min(counted.n, limits.countCap)
  const { limit, offset } = pageWindow(page, limits)
  if ((counted.n === 0 && counted.complete) || limit <= 0) {
    return { docNos: [], total, totalIsLowerBound: lowerBound }
  }
  if (!lowerBound && counted.n <= limits.rankCap) {
    return { docNos: await backend.ranked(c, limit, offset), total, totalIsLowerBound: false }
  }
  const titleHits = await backend.newest(c.title, limit, offset)
  let docNos = titleHits
  if (titleHits.length < limit) {
    // The title tier ends on this page: it has `offset + titleHits.length` hits, unless this page
    // starts past its end, in which case count it (at most `offset`, which maxWindow bounds).
    const titleTotal =
      titleHits.length > 0 || offset === 0
        ? offset + titleHits.length
        : (await backend.count(c.title, offset, false)).n
    const bodyHits = await backend.newest(
      c.bodyOnly,
      limit - titleHits.length,
      Math.max(0, offset - titleTotal),
    )
    docNos = [...titleHits, ...bodyHits]
  }
  // A budgeted count may have stopped before hits this page reached.
  return {
    docNos,
    total: Math.max(total, Math.min(offset + docNos.length, limits.countCap)),
    totalIsLowerBound: lowerBound,
  }
}

/** The page actually served: offsets are whole numbers ≥ 0 and the page ends at maxWindow. */
export function pageWindow(
  page: { limit: number; offset: number },
  limits: RankingLimits,
): { limit: number; offset: number } {
  const offset = Math.max(0, Math.floor(page.offset))
  return { offset, limit: Math.max(0, Math.min(Math.floor(page.limit), limits.maxWindow - offset)) }
}

/**
 * The tiered order (title hits newest first, then the other hits newest first) over a complete
 * hit list held in memory; the total is exact. Used by SQLite when a selective filter meets a
 * common term (see search-fts5.ts).
 */
export function tieredInMemory(
  hits: readonly number[],
  titleHits: ReadonlySet<number>,
  page: { limit: number; offset: number },
  limits: RankingLimits,
): SearchHits {
  const { limit, offset } = pageWindow(page, limits)
  const newest = (a: number, b: number) => b - a
  const inTitle = hits.filter((d) => titleHits.has(d)).sort(newest)
  const rest = hits.filter((d) => !titleHits.has(d)).sort(newest)
  const ordered = [...inTitle, ...rest]
  return { docNos: ordered.slice(offset, offset + limit), total: hits.length, totalIsLowerBound: false }
}

/**
 * The item conditions of a search (published, plus the filters), over the table alias `item`.
 * Returns null when the filters can match nothing (an empty organ list).
 * `topic` matches the topic itself and its second-level topics ("一级\二级").
 */
export function itemFilterSql(f: SearchFilters): RawBuilder<unknown> | null {
  const conds: RawBuilder<unknown>[] = [sql`item.status = 'published'`]
  if (f.organIds !== undefined) {
    if (f.organIds.length === 0) {
      return null
    }
    conds.push(sql`item.organ_id IN (${sql.join(f.organIds)})`)
  }
  if (f.topic !== undefined) {
    conds.push(
      sql`(item.topic = ${f.topic} OR substr(item.topic, 1, ${[...f.topic].length + 1}) = ${`${f.topic}\\`})`,
    )
  }
  if (f.genre !== undefined) {
    conds.push(sql`item.genre = ${f.genre}`)
  }
  if (f.year !== undefined) {
    conds.push(sql`item.published_year = ${f.year}`)
  }
  if (f.art20Item !== undefined) {
    conds.push(sql`item.art20_item = ${f.art20Item}`)
  }
  if (f.validity !== undefined) {
    conds.push(sql`item.validity = ${f.validity}`)
  }
  return sql.join(conds, sql` AND `)
}
