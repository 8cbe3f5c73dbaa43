import type { Grant, Viewer } from '../../http/context.js'
import type { Role } from './user.table.js'

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
  const out = new Set<string>()
  if (!viewer) {
    return out
  }
  const children = new Map<string, string[]>()
  for (const o of organs) {
    if (o.parentId) {
      const list = children.get(o.parentId) ?? []
      list.push(o.id)
      children.set(o.parentId, list)
    }
  }
  for (const g of viewer.grants) {
    if (!roles.includes(g.role)) {
      continue
    }
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
