// The HTTP plugin of catalogue/items/, registered by src/app.ts only (other modules use index.ts).
export * from './item.routes.js'
