// The only entrance to users/ from outside it.
export * from './user.js'
export * from './users.service.js'
export * from './accounts.service.js'
export * from './password.js'
