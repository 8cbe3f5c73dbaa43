// The only entrance to access/ from outside it.
export * from './access.js'
export * from './admin.guard.js'
