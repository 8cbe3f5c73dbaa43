// The only entrance to catalogue/attachments/ from outside it.
export * from './attachment.service.js'
export * from './attachment.views.js'
export * from './file-types.js'
