import type { Kdb } from '../db/database.js'

/**
 * Full-text search over published items, behind one interface with two engines:
 * SQLite FTS5 and PostgreSQL tsvector (chosen once in app.ts / cli). Both index character
 * bigrams of CJK text plus ASCII words, so a 2-character query such as 广电 matches exactly
 * the items that contain it (substring semantics), and both pass one contract test.
 */
export interface SearchDoc {
  /** item.doc_no */
  docNo: number
  title: string
  /** Summary, body text, 文号 and attachment text, concatenated. */
  body: string
}

export interface SearchFilters {
  organIds?: string[] | undefined
  topic?: string | undefined
  genre?: string | undefined
  year?: number | undefined
  art20Item?: number | undefined
  validity?: string | undefined
}

export interface SearchQuery {
  q: string
  filters: SearchFilters
  limit: number
  offset: number
}

export interface SearchHits {
  /** doc_no of the hits, best first. */
  docNos: number[]
  /** Number of matching items (exact up to `totalCap`, then `totalIsLowerBound` is set). */
  total: number
  totalIsLowerBound: boolean
}

/**
 * Implementations are stateless; `db` may be a transaction, so index writes commit together
 * with the item change that caused them.
 */
export interface SearchIndex {
  /** Adds or replaces documents (a published item or its new revision). */
  upsert(db: Kdb, docs: SearchDoc[]): Promise<void>
  /** Removes documents (withdrawn items). */
  remove(db: Kdb, docNos: number[]): Promise<void>
  /** Ranked search among published items. */
  search(db: Kdb, query: SearchQuery): Promise<SearchHits>
  /**
   * Compacts the index after bulk changes — SQLite: merges each FTS5 table into one segment
   * (incremental writes leave a dozen or more, which slows phrase matching and per-item probes);
   * PostgreSQL: refreshes the planner's statistics. Takes about a minute per million items on
   * SQLite and blocks other writers meanwhile: run it from `gongkai search optimize` after large
   * imports, not per request.
   */
  optimize(db: Kdb): Promise<void>
}
