// The only entrance to catalogue/import/ from outside it.
export * from './item-import.js'
export * from './item-import.service.js'
