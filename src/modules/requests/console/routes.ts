// The HTTP plugin of requests/console, registered by src/app.ts only.
export * from './request-console.routes.js'
