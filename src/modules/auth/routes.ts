// The HTTP plugin of auth/, registered by src/app.ts only (other modules use index.ts).
export * from './auth.routes.js'
