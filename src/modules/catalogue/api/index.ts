// The only entrance to catalogue/api/ from outside it.
export * from './api.routes.js'
