// The only entrance to catalogue/classification/ from outside it.
export * from './art20.js'
export * from './doc-number.js'
export * from './index-number.js'
export * from './topics.js'
