/**
 * The public face of the catalogue (pure): labels, filters and their URLs (public-query.ts), the
 * presenters of list entries, item pages and API JSON (public-presenters.ts); pagination lives in
 * src/shared/paging.ts and the output-side body sanitiser in ../body/body-output.ts.
 */
export * from './public-query.js'
export * from './public-presenters.js'
export * from '../../../shared/paging.js'
export { plainStructure, renderableBodyHtml } from '../body/index.js'
