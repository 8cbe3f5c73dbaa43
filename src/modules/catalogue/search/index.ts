// The only entrance to catalogue/search/ from outside it.
export * from './search-engines.js'
export * from './search-pg.js'
export * from './search-text.js'
