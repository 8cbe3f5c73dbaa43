export * from './fees.js'
