// The only entrance to catalogue/body/ from outside it.
export * from './highlight.js'
export * from './sanitize.js'
export * from './body-output.js'
export * from './body-input.js'
