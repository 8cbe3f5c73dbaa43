/** Requests (依申请公开): the only entrance. Now the pure rules: the statutory clock and the fee. */
export * from './clock/index.js'
export * from './fees/index.js'
