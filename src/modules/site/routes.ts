// The HTTP plugin of site/, registered by src/app.ts only (other modules use index.ts).
export * from './site.routes.js'
