// The HTTP plugin of console/, registered by src/app.ts only (other modules use index.ts).
export * from './console.routes.js'
