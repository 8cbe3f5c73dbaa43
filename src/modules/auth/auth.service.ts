import { createHash } from 'node:crypto'
import type { AppDeps } from '../../shared/deps.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError, ValidationError } from '../../shared/errors.js'
import { newToken } from '../../shared/ids.js'
import { recordAudit } from '../audit/index.js'
import {
  endAccountSession,
  findAccountSession,
  findLoginAccountById,
  findLoginAccountByName,
  grantsOfAccount,
  hashPassword,
  openAccountSession,
  passwordPolicyProblems,
  storeOwnPassword,
  touchAccountSession,
  verifyPassword,
} from '../users/index.js'
import {
  attemptKeys,
  countFailedAttempt,
  forgetAccountFailures,
  refuseIfThrottled,
} from './login-throttle.service.js'

/** Sessions are stored by the SHA-256 of their cookie token, never by the token itself. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

// A dummy hash so that unknown user names cost the same scrypt work as wrong passwords.
let dummyHash: Promise<string> | undefined

export interface LoginInput {
  username: string
  password: string
  ip: string | null
  userAgent: string | null
}

/**
 * Checks the credentials under the log-in throttle (等保 2.0: 登录失败处理, see login-throttle.ts)
 * and opens a session. An unknown name and a wrong password take the same path: the same scrypt
 * work, the same counting under the name's key, the same error.
 * @returns the cookie token of the new session
 * @throws DomainError AUTH_THROTTLED (with retryAfterSeconds), AUTH_BAD_CREDENTIALS, AUTH_DISABLED
 */
export async function login(deps: AppDeps, input: LoginInput): Promise<{ token: string; userId: string }> {
  const { db, clock, config } = deps
  const now = clock.now()
  const username = input.username.trim()
  const keys = attemptKeys(username, input.ip)
  await refuseIfThrottled(db.kysely, keys, now)
  const user = await findLoginAccountByName(db.kysely, username)
  dummyHash ??= hashPassword('not-a-real-password-1A!')
  const ok = await verifyPassword(input.password, user ? user.passwordHash : await dummyHash)
  if (!user || !ok) {
    await db.kysely.transaction().execute(async (trx) => {
      const { accountFailures, alerts } = await countFailedAttempt(trx, config, keys, now)
      await recordAudit(trx, clock, {
        actorId: user?.id ?? null,
        actorName: user?.username ?? username.slice(0, 64),
        organId: null,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user?.id ?? null,
        summary: {
          reason: user ? 'wrong password' : 'unknown user',
          failures: accountFailures,
          ip: input.ip,
        },
      })
      for (const a of alerts) {
        const name = a.key.slice(a.key.indexOf(':') + 1)
        await recordAudit(trx, clock, {
          actorId: null,
          actorName: username.slice(0, 64),
          organId: null,
          action: 'auth.login_throttled',
          targetType: a.scope === 'account' ? 'user' : 'address',
          targetId: a.scope === 'account' ? (user?.id ?? null) : null,
          summary: {
            scope: a.scope,
            ...(a.scope === 'account' ? { account: name } : { address: name }),
            failures: a.failures,
            delaySeconds: a.delaySeconds,
            ip: input.ip,
          },
        })
      }
    })
    throw new DomainError(
      'AUTH_BAD_CREDENTIALS',
      user ? `wrong password for ${user.username}` : 'unknown user',
    )
  }
  if (user.disabled) {
    throw new DomainError('AUTH_DISABLED', `user ${user.username} is disabled`)
  }
  const token = newToken()
  const at = now.toISOString()
  await db.kysely.transaction().execute(async (trx) => {
    await forgetAccountFailures(trx, keys)
    await openAccountSession(trx, {
      id: sessionIdOf(token),
      userId: user.id,
      csrfToken: newToken(24),
      createdAt: at,
      lastSeenAt: at,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    await recordAudit(trx, clock, {
      actorId: user.id,
      actorName: user.username,
      organId: null,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      summary: { ip: input.ip },
    })
  })
  return { token, userId: user.id }
}

/**
 * Turns a session cookie into a Viewer. A session ends when idle longer than the idle timeout
 * (等保 2.0: 登录连接超时自动退出) and, however active, once it is older than the absolute
 * lifetime `SESSION_MAX_HOURS`.
 */
export async function resolveSession(deps: AppDeps, token: string): Promise<Viewer | null> {
  const { db, clock, config } = deps
  const id = sessionIdOf(token)
  const session = await findAccountSession(db.kysely, id)
  if (!session) {
    return null
  }
  const now = clock.now()
  const idleMs = now.getTime() - new Date(session.lastSeenAt).getTime()
  const ageMs = now.getTime() - new Date(session.createdAt).getTime()
  if (idleMs > config.sessionIdleMinutes * 60_000 || ageMs > config.sessionMaxHours * 3_600_000) {
    await endAccountSession(db.kysely, id)
    return null
  }
  const user = await findLoginAccountById(db.kysely, session.userId)
  if (!user || user.disabled) {
    await endAccountSession(db.kysely, id)
    return null
  }
  // Refresh the idle timer at most every 30 s to keep reads cheap.
  if (idleMs > 30_000) {
    await touchAccountSession(db.kysely, id, now.toISOString())
  }
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    grants: await grantsOfAccount(db.kysely, user.id),
    mustChangePassword: user.mustChangePassword,
    sessionId: id,
    csrfToken: session.csrfToken,
  }
}

/** Ends one session. */
export async function logout(deps: AppDeps, viewer: Viewer): Promise<void> {
  await deps.db.kysely.transaction().execute(async (trx) => {
    await endAccountSession(trx, viewer.sessionId)
    await recordAudit(trx, deps.clock, {
      actorId: viewer.userId,
      actorName: viewer.username,
      organId: null,
      action: 'auth.logout',
      targetType: 'user',
      targetId: viewer.userId,
      summary: {},
    })
  })
}

/**
 * Changes the viewer's own password after checking the current one and the policy; ends the
 * user's other sessions.
 * @throws ValidationError with fields `current` / `next`
 */
export async function changePassword(
  deps: AppDeps,
  viewer: Viewer,
  current: string,
  next: string,
): Promise<void> {
  const user = await findLoginAccountById(deps.db.kysely, viewer.userId)
  if (!user) {
    throw new DomainError('USER_NOT_FOUND')
  }
  if (!(await verifyPassword(current, user.passwordHash))) {
    throw new ValidationError({ current: ['当前密码不正确'] })
  }
  const problems = passwordPolicyProblems(next, user.username)
  if (current === next) {
    problems.push('新密码不能与当前密码相同')
  }
  if (problems.length > 0) {
    throw new ValidationError({ next: problems })
  }
  const hash = await hashPassword(next)
  const at = deps.clock.now().toISOString()
  await deps.db.kysely.transaction().execute(async (trx) => {
    await storeOwnPassword(trx, user.id, hash, at, viewer.sessionId)
    await recordAudit(trx, deps.clock, {
      actorId: user.id,
      actorName: user.username,
      organId: null,
      action: 'user.password_changed',
      targetType: 'user',
      targetId: user.id,
      summary: {},
    })
  })
}
