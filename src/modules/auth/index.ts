// The only entrance to auth/ from outside it.
export * from './auth.service.js'
export { loginAlerts, type LoginAlerts } from './login-throttle.service.js'
// Password hashing and policy live with the accounts (users/); re-exported for existing callers.
export { hashPassword, passwordPolicyProblems, verifyPassword } from '../users/index.js'
