import type { Insertable, Selectable, Updateable } from 'kysely'

import type { Role } from '../../shared/actor.js'

export { ROLES, type Role } from '../../shared/actor.js'

export interface AppUserTable {
  id: string
  username: string
  display_name: string
  password_hash: string
  password_changed_at: string
  must_change_password: number
  failed_logins: number
  locked_until: string | null
  disabled: number
  last_login_at: string | null
  created_at: string
  updated_at: string
}

export interface RoleGrantTable {
  id: string
  user_id: string
  organ_id: string
  role: Role
  /** 1 when the grant also covers every organ below `organ_id`. */
  include_subtree: number
  created_at: string
}

export interface SessionTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string
  user_id: string
  csrf_token: string
  created_at: string
  last_seen_at: string
  ip: string | null
  user_agent: string | null
}

export type AppUserRow = Selectable<AppUserTable>
export type NewAppUserRow = Insertable<AppUserTable>
export type AppUserRowUpdate = Updateable<AppUserTable>
export type RoleGrantRow = Selectable<RoleGrantTable>
export type SessionRow = Selectable<SessionTable>
