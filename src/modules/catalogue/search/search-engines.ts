import type { DialectName } from '../../../db/dialect.js'
import type { SearchIndex } from '../../../shared/search-index.js'
import { createFts5SearchIndex } from './search-fts5.js'
import { createPgSearchIndex } from './search-pg.js'
import type { RankingLimits } from './search-ranking.js'

/**
 * Picks the search engine for the database engine, once, at the composition root.
 * `limits` (see search-ranking.ts) are for tests and benchmarks; each engine's defaults suit production.
 */
export function createSearchIndex(dialect: DialectName, limits?: RankingLimits): SearchIndex {
  return dialect === 'postgres' ? createPgSearchIndex(limits) : createFts5SearchIndex(limits)
}
