// The HTTP plugin of audit/, registered by src/app.ts only (other modules use index.ts).
export * from './audit.routes.js'
