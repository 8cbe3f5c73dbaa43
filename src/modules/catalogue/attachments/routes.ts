// The HTTP plugin of catalogue/attachments/, registered by src/app.ts only (other modules use index.ts).
export * from './attachment.routes.js'
