import type { Kdb } from '../../db/database.js'
import type { Grant } from '../../shared/actor.js'
import * as repo from './user.repository.js'

/**
 * The accounts-and-sessions API the auth module signs people in with. Users own the account and
 * session tables; auth owns the rules (credentials, throttling, lifetimes) and the transactions,
 * so every function here takes the caller's `db` (a transaction when the caller has one open).
 */

/** What log-in needs to know about an account (never more than the hash leaves this module). */
export interface LoginAccount {
  id: string
  username: string
  passwordHash: string
  disabled: boolean
  mustChangePassword: boolean
  displayName: string
}

function toLoginAccount(u: NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>): LoginAccount {
  return {
    id: u.id,
    username: u.username,
    passwordHash: u.password_hash,
    disabled: u.disabled === 1,
    mustChangePassword: u.must_change_password === 1,
    displayName: u.display_name,
  }
}

/** The account with this exact user name, if any. */
export async function findLoginAccountByName(db: Kdb, username: string): Promise<LoginAccount | undefined> {
  const u = await repo.findUserByUsername(db, username)
  return u ? toLoginAccount(u) : undefined
}

/** The account with this id, if any. */
export async function findLoginAccountById(db: Kdb, id: string): Promise<LoginAccount | undefined> {
  const u = await repo.findUserById(db, id)
  return u ? toLoginAccount(u) : undefined
}

/** The role grants of an account, as the Viewer carries them. */
export async function grantsOfAccount(db: Kdb, userId: string): Promise<Grant[]> {
  const rows = await repo.listGrantsOfUser(db, userId)
  return rows.map((g) => ({ role: g.role, organId: g.organ_id, includeSubtree: g.include_subtree === 1 }))
}

/** A session as auth reads it back. */
export interface AccountSession {
  id: string
  userId: string
  csrfToken: string
  createdAt: string
  lastSeenAt: string
}

export interface NewAccountSession extends AccountSession {
  ip: string | null
  userAgent: string | null
}

/** Records a successful log-in: stamps the account and stores its new session. */
export async function openAccountSession(db: Kdb, session: NewAccountSession): Promise<void> {
  await repo.updateUser(db, session.userId, { last_login_at: session.createdAt })
  await repo.insertSession(db, {
    id: session.id,
    user_id: session.userId,
    csrf_token: session.csrfToken,
    created_at: session.createdAt,
    last_seen_at: session.lastSeenAt,
    ip: session.ip,
    user_agent: session.userAgent,
  })
}

export async function findAccountSession(db: Kdb, id: string): Promise<AccountSession | undefined> {
  const s = await repo.findSessionById(db, id)
  return s
    ? {
        id: s.id,
        userId: s.user_id,
        csrfToken: s.csrf_token,
        createdAt: s.created_at,
        lastSeenAt: s.last_seen_at,
      }
    : undefined
}

export function touchAccountSession(db: Kdb, id: string, at: string): Promise<void> {
  return repo.touchSession(db, id, at)
}

export function endAccountSession(db: Kdb, id: string): Promise<void> {
  return repo.deleteSession(db, id)
}

/** Stores a new password hash for the account itself and ends its other sessions. */
export async function storeOwnPassword(
  db: Kdb,
  userId: string,
  hash: string,
  at: string,
  keepSessionId: string,
): Promise<void> {
  await repo.updateUser(db, userId, {
    password_hash: hash,
    password_changed_at: at,
    must_change_password: 0,
    updated_at: at,
  })
  await repo.deleteOtherSessionsOfUser(db, userId, keepSessionId)
}
