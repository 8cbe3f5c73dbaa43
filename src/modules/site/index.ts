// The only entrance to site/ from outside it.
export * from './site.js'
