import type { Grant, Viewer } from '../../shared/actor.js'
import { DomainError } from '../../shared/errors.js'
import type { Actor } from '../audit/index.js'
import type { Role } from '../users/user.table.js'

/** Chinese names of the roles, as the console shows them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  officer: '信息员',
  handler: '承办人',
  leader: '分管领导',
  office_head: '公开办负责人',
  supervisor: '监督员',
}

/**
 * True when a grant covers `organId`: it is on that organ, or on one of its ancestors with the
 * subtree flag. `ancestorIds` lists the organ's ancestors, nearest first.
 */
export function grantCovers(grant: Grant, organId: string, ancestorIds: readonly string[]): boolean {
  if (grant.organId === organId) {
    return true
  }
  return grant.includeSubtree && ancestorIds.includes(grant.organId)
}

/** True when the viewer holds any of `roles` on `organId` (directly or through a subtree grant). */
export function hasRoleOn(
  viewer: Viewer | null,
  roles: readonly Role[],
  organId: string,
  ancestorIds: readonly string[],
): boolean {
  if (!viewer) {
    return false
  }
  return viewer.grants.some((g) => roles.includes(g.role) && grantCovers(g, organId, ancestorIds))
}

/** True when the viewer holds any of `roles` anywhere. */
export function hasRoleAnywhere(viewer: Viewer | null, roles: readonly Role[]): boolean {
  return viewer !== null && viewer.grants.some((g) => roles.includes(g.role))
}

/**
 * The organs on which the viewer holds one of `roles`, expanded over subtrees, given the whole
 * organ forest as (id, parentId) pairs.
 */
export function organsWithRole(
  viewer: Viewer | null,
  roles: readonly Role[],
  organs: ReadonlyArray<{ id: string; parentId: string | null }>,
): Set<string> {
  if (!viewer) {
    return new Set<string>()
  }
  return organsCoveredBy(
    viewer.grants.filter((g) => roles.includes(g.role)),
    organs,
  )
}

/** Every organ the given grants cover: their own organs, plus everything below subtree grants. */
export function organsCoveredBy(
  grants: readonly Grant[],
  organs: ReadonlyArray<{ id: string; parentId: string | null }>,
): Set<string> {
  const out = new Set<string>()
  const children = new Map<string, string[]>()
  for (const o of organs) {
    if (o.parentId) {
      const list = children.get(o.parentId) ?? []
      list.push(o.id)
      children.set(o.parentId, list)
    }
  }
  for (const g of grants) {
    out.add(g.organId)
    if (g.includeSubtree) {
      const stack = [...(children.get(g.organId) ?? [])]
      while (stack.length > 0) {
        const id = stack.pop() as string
        if (!out.has(id)) {
          out.add(id)
          stack.push(...(children.get(id) ?? []))
        }
      }
    }
  }
  return out
}

/** Throws unless the person acting is not the one who drafted the thing (separation of duties). */
export function assertNotDrafter(viewerId: string, drafterId: string | null | undefined): void {
  if (drafterId && viewerId === drafterId) {
    throw new DomainError('SEPARATION_OF_DUTIES', `user ${viewerId} drafted this and may not approve it`)
  }
}

/*
 * Administration rules (系统管理员): who may manage organs and staff accounts.
 *
 * 1. Only `admin` grants give administrative power. The command-line operator (who holds the
 *    database itself) has full power.
 * 2. An admin grant on organ X manages X; with the subtree flag it manages X and every organ below.
 *    An admin whose subtree grants cover every organ (typically: admin on the root government,
 *    with subtree) is a global administrator and manages everything.
 * 3. Editing an organ's details needs the organ to be managed.
 * 4. Adding an organ under P (or moving an organ under P) needs a subtree admin grant covering P,
 *    so that the new child is itself managed. Adding or moving an organ to the top level needs a
 *    global administrator.
 * 5. Granting a role on X needs X to be managed; granting it with the subtree flag needs a subtree
 *    admin grant covering X: nobody hands out more than they hold.
 * 6. A staff account is managed by an admin who could have granted every one of its grants. An
 *    account without grants belongs to global administrators only (so revoking somebody's last
 *    grant hands the account back to them).
 * 7. Nobody manages their own account here (grants, password reset, disabling): that prevents both
 *    self-promotion and locking oneself out. Own passwords change under /account/password.
 */

/** The authority behind an administrative change: a staff member's grants or the operator's. */
export interface AdminActor extends Actor {
  /** The actor's role grants, or 'all' for the operator at the command line. */
  grants: readonly Grant[] | 'all'
}

/** The operator at the command line, with full authority (audit name 'cli'). */
export const OPERATOR_ACTOR: AdminActor = { id: null, name: 'cli', grants: 'all' }

/** A logged-in staff member as an administrative actor. */
export function viewerActor(viewer: Viewer): AdminActor {
  return { id: viewer.userId, name: viewer.username, grants: viewer.grants }
}

/** What an actor may administer, computed once over the organ forest. */
export interface AdminScope {
  /** Manages everything (the operator, or an admin whose subtree grants cover every organ). */
  global: boolean
  /** Organs the actor manages (rule 2). */
  organs: ReadonlySet<string>
  /** Organs covered by a subtree admin grant: children may be added below them (rule 4). */
  subtreeOrgans: ReadonlySet<string>
}

/** Computes an actor's administrative scope from its grants and the whole organ forest. */
export function adminScope(
  grants: readonly Grant[] | 'all',
  organs: ReadonlyArray<{ id: string; parentId: string | null }>,
): AdminScope {
  if (grants === 'all') {
    const all = new Set(organs.map((o) => o.id))
    return { global: true, organs: all, subtreeOrgans: all }
  }
  const admin = grants.filter((g) => g.role === 'admin')
  const managed = organsCoveredBy(admin, organs)
  const subtree = organsCoveredBy(
    admin.filter((g) => g.includeSubtree),
    organs,
  )
  const global = organs.length > 0 && organs.every((o) => subtree.has(o.id))
  return { global, organs: managed, subtreeOrgans: subtree }
}

/** True when the actor holds an admin grant anywhere (may open the administration pages). */
export function isAdministrator(viewer: Viewer | null): boolean {
  return hasRoleAnywhere(viewer, ['admin'])
}

/** Rule 3. */
export function canManageOrgan(scope: AdminScope, organId: string): boolean {
  return scope.global || scope.organs.has(organId)
}

/** Rule 4: may an organ be added (or moved) under `parentId` (null: the top level)? */
export function canPlaceOrganUnder(scope: AdminScope, parentId: string | null): boolean {
  if (parentId === null) {
    return scope.global
  }
  return scope.global || scope.subtreeOrgans.has(parentId)
}

/** Rule 5. */
export function canGrantOn(scope: AdminScope, organId: string, includeSubtree: boolean): boolean {
  if (scope.global) {
    return true
  }
  return includeSubtree ? scope.subtreeOrgans.has(organId) : scope.organs.has(organId)
}

/** Rules 6 and 7: may `actorId` manage the account `userId` holding `userGrants`? */
export function canManageUser(
  scope: AdminScope,
  actorId: string | null,
  userId: string,
  userGrants: readonly Grant[],
): boolean {
  if (actorId !== null && actorId === userId) {
    return false
  }
  if (scope.global) {
    return true
  }
  return userGrants.length > 0 && userGrants.every((g) => canGrantOn(scope, g.organId, g.includeSubtree))
}
