import type { DialectName } from '../../db/dialect.js'
import type { SearchIndex } from './search-index.js'
import { createFts5SearchIndex } from './search-fts5.js'
import { createPgSearchIndex } from './search-pg.js'

/** Picks the search engine for the database engine, once, at the composition root. */
export function createSearchIndex(dialect: DialectName): SearchIndex {
  return dialect === 'postgres' ? createPgSearchIndex() : createFts5SearchIndex()
}
