// The HTTP plugin of users/, registered by src/app.ts only (other modules use index.ts).
export * from './user.routes.js'
