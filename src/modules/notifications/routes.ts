// The HTTP plugin of notifications/, registered by src/app.ts only (other modules use index.ts).
export * from './outbox.routes.js'
