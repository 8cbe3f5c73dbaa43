import type { Kdb, Trx } from '../../db/database.js'
import type { AppDeps } from '../../shared/deps.js'
import type { Grant } from '../../shared/actor.js'
import { DomainError, ValidationError, type FieldErrors } from '../../shared/errors.js'
import { newId } from '../../shared/ids.js'
import { zodToFieldErrors } from '../../shared/validation.js'
import { actorFields } from '../audit/index.js'
import { recordAudit } from '../audit/index.js'
import { hashPassword, passwordPolicyProblems } from './password.js'
import { fieldErrorsLine } from '../organs/index.js'
import { adminScopeFor, organsByIds } from '../organs/index.js'
import { canGrantOn, canManageUser, ROLE_LABELS, type AdminActor, type AdminScope } from '../access/index.js'
import {
  displayNameSchema,
  generatePassword,
  grantInputSchema,
  USER_FIELD_LABELS,
  usernameSchema,
  type GrantInput,
  type GrantView,
  type UserWithGrants,
} from './user.js'
import * as repo from './user.repository.js'
import type { AppUserRow } from './user.table.js'

/** A user as an administrator sees it: may they change it? */
export interface ManagedUser extends UserWithGrants {
  manageable: boolean
}

export interface CreateUserInput {
  username: string
  displayName: string
  /** The initial password; generated when empty. */
  password?: string | null
  grants?: Array<{ role: string; organId: string; includeSubtree?: boolean }>
  /** Defaults to true: whoever sets a password for somebody else makes them change it. */
  mustChangePassword?: boolean
}

function invalid(fields: FieldErrors): ValidationError {
  return new ValidationError(fields, fieldErrorsLine(fields, USER_FIELD_LABELS))
}

function toGrant(g: { role: GrantView['role']; organ_id: string; include_subtree: number }): Grant {
  return { role: g.role, organId: g.organ_id, includeSubtree: g.include_subtree === 1 }
}

function toUserWithGrants(u: AppUserRow, grants: repo.GrantWithOrganRow[]): UserWithGrants {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    disabled: u.disabled === 1,
    mustChangePassword: u.must_change_password === 1,
    lockedUntil: u.locked_until,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
    grants: grants.map((g) => ({
      id: g.id,
      role: g.role,
      organId: g.organ_id,
      organName: g.organ_name,
      organCode: g.organ_code,
      includeSubtree: g.include_subtree === 1,
    })),
  }
}

/** A short, readable description of a grant for audit summaries. */
function grantSummary(g: GrantInput, organ: { name: string; code: string }): Record<string, unknown> {
  return {
    role: g.role,
    roleLabel: ROLE_LABELS[g.role],
    organCode: organ.code,
    organName: organ.name,
    includeSubtree: g.includeSubtree,
  }
}

/** The password to set: the given one checked against the policy, or a generated one. */
function chooseInitialPassword(
  given: string | null | undefined,
  username: string,
): { password: string; generated: boolean } | { problems: string[] } {
  if (given === undefined || given === null || given === '') {
    return { password: generatePassword(), generated: true }
  }
  const problems = passwordPolicyProblems(given, username)
  return problems.length > 0 ? { problems } : { password: given, generated: false }
}

/** Loads a user with their grants inside a transaction; USER_NOT_FOUND when absent. */
async function loadUser(db: Kdb, userId: string): Promise<UserWithGrants> {
  const user = await repo.findUserById(db, userId)
  if (!user) {
    throw new DomainError('USER_NOT_FOUND', `no user ${userId}`)
  }
  return toUserWithGrants(user, await repo.listGrantsWithOrgans(db, [userId]))
}

/**
 * The actor's scope inside a transaction, and the user it may manage (administration rules 6
 * and 7 in access.ts).
 * @throws USER_NOT_FOUND, FORBIDDEN
 */
async function loadManagedUser(
  trx: Trx,
  actor: AdminActor,
  userId: string,
): Promise<{ scope: AdminScope; user: UserWithGrants }> {
  const user = await loadUser(trx, userId)
  const scope = await adminScopeFor(
    trx,
    actor,
    user.grants.map((g) => g.organId),
  )
  if (!canManageUser(scope, actor.id, user.id, user.grants)) {
    throw new DomainError('FORBIDDEN', `${actor.name} may not manage user ${user.username}`)
  }
  return { scope, user }
}

/**
 * Creates a staff account with its initial grants. The initial password is checked against the
 * policy (or generated) and must be changed at first log-in.
 * @returns the new user and the initial password (to hand over once; it is not stored)
 * @throws ValidationError (field errors), USER_NAME_TAKEN, FORBIDDEN
 */
export async function createUser(
  deps: AppDeps,
  actor: AdminActor,
  input: CreateUserInput,
): Promise<{ user: UserWithGrants; password: string; generated: boolean }> {
  const fields: FieldErrors = {}
  const username = usernameSchema.safeParse(input.username)
  const displayName = displayNameSchema.safeParse(input.displayName)
  if (!username.success) {
    fields.username = zodToFieldErrors(username.error)._ ?? []
  }
  if (!displayName.success) {
    fields.displayName = zodToFieldErrors(displayName.error)._ ?? []
  }
  const grants: GrantInput[] = []
  for (const raw of input.grants ?? []) {
    const g = grantInputSchema.safeParse({ ...raw, includeSubtree: raw.includeSubtree ?? false })
    if (g.success) {
      grants.push(g.data)
    } else {
      for (const [k, msgs] of Object.entries(zodToFieldErrors(g.error))) {
        fields[k] = [...(fields[k] ?? []), ...msgs]
      }
    }
  }
  const chosen = chooseInitialPassword(input.password, username.data ?? '')
  if ('problems' in chosen) {
    fields.password = chosen.problems
  }
  if (Object.keys(fields).length > 0 || !username.success || !displayName.success || 'problems' in chosen) {
    throw invalid(fields)
  }
  const hash = await hashPassword(chosen.password)
  const now = deps.clock.now().toISOString()
  const id = newId()
  await deps.db.kysely.transaction().execute(async (trx) => {
    const organIds = grants.map((g) => g.organId)
    const scope = await adminScopeFor(trx, actor, organIds)
    const organs = new Map((await organsByIds(trx, organIds)).map((o) => [o.id, o]))
    for (const g of grants) {
      if (!organs.has(g.organId)) {
        throw invalid({ organId: ['所选机关不存在'] })
      }
      if (!canGrantOn(scope, g.organId, g.includeSubtree)) {
        throw new DomainError('FORBIDDEN', `${actor.name} may not grant ${g.role} on ${g.organId}`)
      }
    }
    if (grants.length === 0 && !scope.global) {
      throw invalid({ organId: ['请为新账号授予一个您管理的机关上的角色'] })
    }
    const taken = new DomainError('USER_NAME_TAKEN', `user name ${username.data} is taken`, {
      fields: { username: ['该用户名已被使用'] },
    })
    if (await repo.findUserByUsername(trx, username.data)) {
      throw taken
    }
    const inserted = await repo.insertUserUnlessTaken(trx, {
      id,
      username: username.data,
      display_name: displayName.data,
      password_hash: hash,
      password_changed_at: now,
      must_change_password: input.mustChangePassword === false ? 0 : 1,
      failed_logins: 0,
      locked_until: null,
      disabled: 0,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    if (!inserted) {
      throw taken
    }
    const summaries = grants.map((g) =>
      grantSummary(g, organs.get(g.organId) as { name: string; code: string }),
    )
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: grants[0]?.organId ?? null,
      action: 'user.created',
      targetType: 'user',
      targetId: id,
      summary: { after: { username: username.data, displayName: displayName.data, grants: summaries } },
    })
    for (const [i, g] of grants.entries()) {
      await repo.insertGrant(trx, {
        id: newId(),
        user_id: id,
        organ_id: g.organId,
        role: g.role,
        include_subtree: g.includeSubtree ? 1 : 0,
        created_at: now,
      })
      await recordAudit(trx, deps.clock, {
        ...actorFields(actor),
        organId: g.organId,
        action: 'user.role_granted',
        targetType: 'user',
        targetId: id,
        summary: { username: username.data, after: summaries[i] },
      })
    }
  })
  return { user: await loadUser(deps.db.kysely, id), ...chosen }
}

/** Every account the actor may see (those they manage, and their own), with grants. */
export async function listUsersWithGrants(deps: AppDeps, actor: AdminActor): Promise<ManagedUser[]> {
  const db = deps.db.kysely
  const [users, grants] = await Promise.all([repo.listUsers(db), repo.listGrantsWithOrgans(db)])
  const scope = await adminScopeFor(
    db,
    actor,
    grants.map((g) => g.organ_id),
  )
  const byUser = new Map<string, repo.GrantWithOrganRow[]>()
  for (const g of grants) {
    byUser.set(g.user_id, [...(byUser.get(g.user_id) ?? []), g])
  }
  const out: ManagedUser[] = []
  for (const u of users) {
    const own = byUser.get(u.id) ?? []
    const manageable = canManageUser(scope, actor.id, u.id, own.map(toGrant))
    if (manageable || u.id === actor.id) {
      out.push({ ...toUserWithGrants(u, own), manageable })
    }
  }
  return out
}

/**
 * One account for the administration page: the actor must manage it or be it.
 * @throws USER_NOT_FOUND, FORBIDDEN
 */
export async function getUserForAdmin(
  deps: AppDeps,
  actor: AdminActor,
  userId: string,
): Promise<{ user: ManagedUser; scope: AdminScope }> {
  const db = deps.db.kysely
  const user = await loadUser(db, userId)
  const scope = await adminScopeFor(
    db,
    actor,
    user.grants.map((g) => g.organId),
  )
  const manageable = canManageUser(scope, actor.id, user.id, user.grants)
  if (!manageable && user.id !== actor.id) {
    throw new DomainError('FORBIDDEN', `${actor.name} may not see user ${user.username}`)
  }
  return { user: { ...user, manageable }, scope }
}

/** The account with this user name. @throws USER_NOT_FOUND */
export async function getUserByUsername(deps: AppDeps, username: string): Promise<UserWithGrants> {
  const user = await repo.findUserByUsername(deps.db.kysely, username.trim())
  if (!user) {
    throw new DomainError('USER_NOT_FOUND', `no user ${username}`)
  }
  return loadUser(deps.db.kysely, user.id)
}

/**
 * An administrator sets a temporary password: the user must change it at next log-in; the
 * account is unlocked and every session of the user ends.
 * @returns the temporary password (generated when none is given)
 * @throws USER_NOT_FOUND, FORBIDDEN, ValidationError (field `password`)
 */
export async function resetPassword(
  deps: AppDeps,
  actor: AdminActor,
  userId: string,
  password?: string | null,
): Promise<{ password: string; generated: boolean }> {
  const target = await loadUser(deps.db.kysely, userId)
  const chosen = chooseInitialPassword(password, target.username)
  if ('problems' in chosen) {
    throw invalid({ password: chosen.problems })
  }
  const hash = await hashPassword(chosen.password)
  const now = deps.clock.now().toISOString()
  await deps.db.kysely.transaction().execute(async (trx) => {
    const { user } = await loadManagedUser(trx, actor, userId)
    await repo.updateUser(trx, userId, {
      password_hash: hash,
      password_changed_at: now,
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      updated_at: now,
    })
    await repo.deleteSessionsOfUser(trx, userId)
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: user.grants[0]?.organId ?? null,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      summary: {
        username: user.username,
        generated: chosen.generated,
        unlocked: user.lockedUntil !== null && user.lockedUntil > now,
        sessionsEnded: true,
      },
    })
  })
  return chosen
}

/**
 * Grants a role on an organ (and, when asked, its subtree).
 * @throws USER_NOT_FOUND, FORBIDDEN, ValidationError (fields `role`, `organId`)
 */
export async function grantRole(
  deps: AppDeps,
  actor: AdminActor,
  userId: string,
  input: { role: string; organId: string; includeSubtree?: boolean },
): Promise<GrantView> {
  const parsed = grantInputSchema.safeParse({ ...input, includeSubtree: input.includeSubtree ?? false })
  if (!parsed.success) {
    throw invalid(zodToFieldErrors(parsed.error))
  }
  const g = parsed.data
  const id = newId()
  await deps.db.kysely.transaction().execute(async (trx) => {
    const { user } = await loadManagedUser(trx, actor, userId)
    const [organ] = await organsByIds(trx, [g.organId])
    if (!organ) {
      throw invalid({ organId: ['所选机关不存在'] })
    }
    const scope = await adminScopeFor(trx, actor, [g.organId])
    if (!canGrantOn(scope, g.organId, g.includeSubtree)) {
      throw new DomainError('FORBIDDEN', `${actor.name} may not grant ${g.role} on ${organ.code}`)
    }
    if (await repo.findGrantOf(trx, userId, g.organId, g.role)) {
      throw invalid({
        role: ['该用户在该机关已有此角色（如需改变“含下级机关”，请先撤销原授权）'],
      })
    }
    await repo.insertGrant(trx, {
      id,
      user_id: userId,
      organ_id: g.organId,
      role: g.role,
      include_subtree: g.includeSubtree ? 1 : 0,
      created_at: deps.clock.now().toISOString(),
    })
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: g.organId,
      action: 'user.role_granted',
      targetType: 'user',
      targetId: userId,
      summary: { username: user.username, after: grantSummary(g, organ) },
    })
  })
  const granted = (await loadUser(deps.db.kysely, userId)).grants.find((x) => x.id === id)
  return granted as GrantView
}

/**
 * Revokes one grant of a user.
 * @throws USER_NOT_FOUND, NOT_FOUND (no such grant of this user), FORBIDDEN
 */
export async function revokeRole(
  deps: AppDeps,
  actor: AdminActor,
  userId: string,
  grantId: string,
): Promise<void> {
  await deps.db.kysely.transaction().execute(async (trx) => {
    const { user } = await loadManagedUser(trx, actor, userId)
    const grant = user.grants.find((g) => g.id === grantId)
    if (!grant) {
      throw new DomainError('NOT_FOUND', `user ${userId} has no grant ${grantId}`)
    }
    await repo.deleteGrant(trx, grantId)
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: grant.organId,
      action: 'user.role_revoked',
      targetType: 'user',
      targetId: userId,
      summary: {
        username: user.username,
        before: grantSummary(grant, { name: grant.organName, code: grant.organCode }),
      },
    })
  })
}

/**
 * Disables an account (its sessions end; it can no longer log in) or enables it again.
 * @throws USER_NOT_FOUND, FORBIDDEN
 */
export async function setDisabled(
  deps: AppDeps,
  actor: AdminActor,
  userId: string,
  disabled: boolean,
): Promise<void> {
  await deps.db.kysely.transaction().execute(async (trx) => {
    const { user } = await loadManagedUser(trx, actor, userId)
    if (user.disabled === disabled) {
      return
    }
    await repo.updateUser(trx, userId, {
      disabled: disabled ? 1 : 0,
      updated_at: deps.clock.now().toISOString(),
    })
    if (disabled) {
      await repo.deleteSessionsOfUser(trx, userId)
    }
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: user.grants[0]?.organId ?? null,
      action: disabled ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: userId,
      summary: { username: user.username, before: { disabled: user.disabled }, after: { disabled } },
    })
  })
}
