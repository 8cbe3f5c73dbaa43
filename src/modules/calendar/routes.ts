// The HTTP plugin of calendar/, registered by src/app.ts only (other modules use index.ts).
export * from './calendar.routes.js'
