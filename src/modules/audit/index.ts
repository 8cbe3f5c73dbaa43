// The only entrance to audit/ from outside it.
export * from './audit.js'
export * from './audit.service.js'
