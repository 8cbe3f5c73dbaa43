// The only entrance to catalogue/public/ from outside it.
export * from './catalogue-public.js'
export * from './catalogue-public.service.js'
export * from './public-common.views.js'
export * from './filter-form.views.js'
export * from './catalogue-list.views.js'
export * from './item-page.views.js'
export * from './search-page.views.js'
