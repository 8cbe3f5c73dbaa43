// The only entrance to catalogue/public/ from outside it.
export * from './catalogue-public.js'
export * from './catalogue-public.service.js'
export * from './catalogue-public.views.js'
