// The HTTP plugin of organs/, registered by src/app.ts only (other modules use index.ts).
export * from './organ.routes.js'
