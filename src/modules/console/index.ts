// The only entrance to console/ from outside it.
export * from './console.routes.js'
