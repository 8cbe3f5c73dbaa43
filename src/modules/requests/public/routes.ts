// The HTTP plugin of requests/public, registered by src/app.ts only.
export * from './request-public.routes.js'
