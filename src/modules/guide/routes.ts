// The HTTP plugin of guide/, registered by src/app.ts only (other modules use index.ts).
export * from './guide.routes.js'
