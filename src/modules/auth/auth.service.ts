import { createHash } from 'node:crypto'
import type { AppDeps } from '../../shared/deps.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError, ValidationError } from '../../shared/errors.js'
import { newToken } from '../../shared/ids.js'
import { recordAudit } from '../audit/index.js'
import * as users from '../users/user.repository.js'
import { hashPassword, passwordPolicyProblems, verifyPassword } from './password.js'

/** Sessions are stored by the SHA-256 of their cookie token, never by the token itself. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

// A dummy hash so that unknown user names cost the same time as wrong passwords.
let dummyHash: Promise<string> | undefined

export interface LoginInput {
  username: string
  password: string
  ip: string | null
  userAgent: string | null
}

/**
 * Checks the credentials, applies the lockout rule (等保 2.0: 登录失败处理) and opens a session.
 * @returns the cookie token of the new session
 * @throws DomainError AUTH_BAD_CREDENTIALS, AUTH_LOCKED, AUTH_DISABLED
 */
export async function login(deps: AppDeps, input: LoginInput): Promise<{ token: string; userId: string }> {
  const { db, clock, config } = deps
  const now = clock.now()
  const user = await users.findUserByUsername(db.kysely, input.username.trim())
  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-1A!')
    await verifyPassword(input.password, await dummyHash)
    await db.kysely.transaction().execute((trx) =>
      recordAudit(trx, clock, {
        actorId: null,
        actorName: input.username.slice(0, 64),
        organId: null,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: null,
        summary: { reason: 'unknown user', ip: input.ip },
      }),
    )
    throw new DomainError('AUTH_BAD_CREDENTIALS', `unknown user ${input.username}`)
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    throw new DomainError('AUTH_LOCKED', `user ${user.username} locked until ${user.locked_until}`)
  }
  const ok = await verifyPassword(input.password, user.password_hash)
  if (!ok) {
    const failures = user.failed_logins + 1
    const lock = failures >= config.loginMaxFailures
    const lockedUntil = lock ? new Date(now.getTime() + config.loginLockMinutes * 60_000).toISOString() : null
    await db.kysely.transaction().execute(async (trx) => {
      await users.updateUser(trx, user.id, { failed_logins: lock ? 0 : failures, locked_until: lockedUntil })
      await recordAudit(trx, clock, {
        actorId: user.id,
        actorName: user.username,
        organId: null,
        action: lock ? 'auth.locked' : 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        summary: { failures, lockedUntil, ip: input.ip },
      })
    })
    if (lock) {
      throw new DomainError('AUTH_LOCKED', `user ${user.username} locked after ${failures} failures`)
    }
    throw new DomainError('AUTH_BAD_CREDENTIALS', `wrong password for ${user.username}`)
  }
  if (user.disabled) {
    throw new DomainError('AUTH_DISABLED', `user ${user.username} is disabled`)
  }
  const token = newToken()
  const at = now.toISOString()
  await db.kysely.transaction().execute(async (trx) => {
    await users.updateUser(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: at })
    await users.insertSession(trx, {
      id: sessionIdOf(token),
      user_id: user.id,
      csrf_token: newToken(24),
      created_at: at,
      last_seen_at: at,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
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
 * Turns a session cookie into a Viewer; ends sessions idle longer than the configured timeout
 * (等保 2.0: 登录连接超时自动退出).
 */
export async function resolveSession(deps: AppDeps, token: string): Promise<Viewer | null> {
  const { db, clock, config } = deps
  const id = sessionIdOf(token)
  const session = await users.findSessionById(db.kysely, id)
  if (!session) {
    return null
  }
  const now = clock.now()
  const idleMs = now.getTime() - new Date(session.last_seen_at).getTime()
  if (idleMs > config.sessionIdleMinutes * 60_000) {
    await users.deleteSession(db.kysely, id)
    return null
  }
  const user = await users.findUserById(db.kysely, session.user_id)
  if (!user || user.disabled) {
    await users.deleteSession(db.kysely, id)
    return null
  }
  // Refresh the idle timer at most every 30 s to keep reads cheap.
  if (idleMs > 30_000) {
    await users.touchSession(db.kysely, id, now.toISOString())
  }
  const grants = await users.listGrantsOfUser(db.kysely, user.id)
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    grants: grants.map((g) => ({
      role: g.role,
      organId: g.organ_id,
      includeSubtree: g.include_subtree === 1,
    })),
    mustChangePassword: user.must_change_password === 1,
    sessionId: id,
    csrfToken: session.csrf_token,
  }
}

/** Ends one session. */
export async function logout(deps: AppDeps, viewer: Viewer): Promise<void> {
  await deps.db.kysely.transaction().execute(async (trx) => {
    await users.deleteSession(trx, viewer.sessionId)
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
  const user = await users.findUserById(deps.db.kysely, viewer.userId)
  if (!user) {
    throw new DomainError('USER_NOT_FOUND')
  }
  if (!(await verifyPassword(current, user.password_hash))) {
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
    await users.updateUser(trx, user.id, {
      password_hash: hash,
      password_changed_at: at,
      must_change_password: 0,
      updated_at: at,
    })
    await users.deleteOtherSessionsOfUser(trx, user.id, viewer.sessionId)
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
