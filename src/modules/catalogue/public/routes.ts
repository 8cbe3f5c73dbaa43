// The HTTP plugin of catalogue/public/, registered by src/app.ts only (other modules use index.ts).
export * from './catalogue-public.routes.js'
