// The HTTP plugin of catalogue/api/, registered by src/app.ts only (other modules use index.ts).
export * from './api.routes.js'
