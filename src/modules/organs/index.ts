// The only entrance to organs/ from outside it.
export * from './organ-code.js'
export * from './organ.js'
export * from './organ.service.js'
export * from './organ.views.js'
