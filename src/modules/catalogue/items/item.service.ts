/**
 * Use cases of proactive disclosure items in the console: drafting, the two-stage review
 * (先审查、后公开), publication with a 索引号, withdrawal, validity and revisions. Every change runs
 * in one transaction with its audit entry and its search-index update. One file per stage.
 */
export type { ItemActor } from './item-context.js'
export { editorsOf, subjectOf } from './item-context.js'
export * from './item-drafting.service.js'
export * from './item-review.service.js'
export * from './item-lifecycle.service.js'
export * from './item-query.service.js'
