/**
 * Read-only use cases of the public catalogue, one file per page: browsing views, exports and
 * feeds (catalogue-list.service.ts), the item page, search results, the sitemap; what they share
 * (read cache, organ labels, the change stamp) is in public-common.service.ts.
 */
export {
  catalogueStamp,
  organByCode,
  organMapOf,
  organRef,
  ORGAN_SELECT_MAX,
  type OrganMap,
} from './public-common.service.js'
export * from './catalogue-list.service.js'
export * from './item-page.service.js'
export * from './search-page.service.js'
export * from './sitemap.service.js'
