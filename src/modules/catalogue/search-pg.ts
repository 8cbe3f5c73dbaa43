import type { SearchIndex } from './search-index.js'

// TEMPORARY: being implemented by the search work; replaced before anything lands.
export function createPgSearchIndex(): SearchIndex {
  const fail = () => Promise.reject(new Error('search index not implemented yet'))
  return { upsert: fail, remove: fail, search: fail }
}
