/** Requests (依申请公开): the only entrance. */
export * from './clock/index.js'
export * from './fees/index.js'
export * from './outcomes/index.js'
export * from './letters/index.js'
