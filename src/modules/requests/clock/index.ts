export * from './clock.js'
export * from './clock-text.js'
