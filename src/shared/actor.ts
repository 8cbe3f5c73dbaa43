/**
 * Who acts: the staff roles, a role grant, the logged-in viewer of a request and the one `Actor`
 * shape that services, access rules and the audit trail take. These live below the web layer so
 * that no module's service depends on `src/http`.
 */

/**
 * Staff roles, each granted on an organ (optionally with its subtree).
 * admin 系统管理员 · officer 信息员 · handler 承办人 · leader 分管领导 · office_head 公开办负责人 · supervisor 监督员
 */
export const ROLES = ['admin', 'officer', 'handler', 'leader', 'office_head', 'supervisor'] as const
export type Role = (typeof ROLES)[number]

/** A role held on an organ, as the access rules see it. */
export interface Grant {
  role: Role
  organId: string
  includeSubtree: boolean
}

/** The logged-in staff member of a request, or null for the public. */
export interface Viewer {
  userId: string
  username: string
  displayName: string
  grants: Grant[]
  mustChangePassword: boolean
  sessionId: string
  /** CSRF token bound to this session. */
  csrfToken: string
}

/**
 * The authority behind a change, as services, access rules and the audit trail see it: a staff
 * member (`id` = user id, `name` = user name, their grants) or the operator at the command line
 * (`id` null, `name` 'cli', every authority).
 */
export interface Actor {
  id: string | null
  name: string
  /** The actor's role grants, or 'all' for the operator at the command line. */
  grants: readonly Grant[] | 'all'
}

/** The operator at the command line, with full authority (audit name 'cli'). */
export const OPERATOR_ACTOR: Actor = { id: null, name: 'cli', grants: 'all' }

/** A logged-in staff member as an actor. */
export function viewerActor(viewer: Pick<Viewer, 'userId' | 'username' | 'grants'>): Actor {
  return { id: viewer.userId, name: viewer.username, grants: viewer.grants }
}
