// The only entrance to guide/ from outside it.
export * from './guide.service.js'
