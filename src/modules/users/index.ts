// The only entrance to users/ from outside it.
export * from './access.js'
export * from './user.js'
export * from './user.routes.js'
export * from './users.service.js'
