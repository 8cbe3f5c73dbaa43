export * from './outcomes.js'
