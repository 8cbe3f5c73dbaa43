// The only entrance to auth/ from outside it.
export * from './auth.service.js'
export * from './password.js'
