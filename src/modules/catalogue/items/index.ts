// The only entrance to catalogue/items/ from outside it.
export * from './item-transitions.js'
export * from './item.js'
export * from './item.service.js'
export * from './item-organ-choice.service.js'
export * from './item-source.service.js'
export * from './publication-deadline.js'
export * from './work-queues.js'
export * from './item-bulk.service.js'
