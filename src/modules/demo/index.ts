// The only entrance to demo/ from outside it.
export * from './catalogue.demo.js'
export * from './demo.data.js'
export * from './demo.service.js'
