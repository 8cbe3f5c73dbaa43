/** Console pages of disclosure items (drafting, review, publication), one file per page. */
export * from './item-common.views.js'
export * from './item-list.views.js'
export * from './item-form.views.js'
export { ItemPage } from './item-page.views.js'
