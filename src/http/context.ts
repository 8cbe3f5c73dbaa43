import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import type { Clock } from '../shared/clock.js'
import type { SearchIndex } from '../modules/catalogue/search-index.js'
import type { Role } from '../modules/users/user.table.js'

/** What every request handler may use; built once at the composition root. */
export interface AppDeps {
  config: Config
  db: Db
  clock: Clock
  /** Full-text search engine matching `db.dialect`. */
  search: SearchIndex
}

/** A role held on an organ, as the access rules see it. */
export interface Grant {
  role: Role
  organId: string
  includeSubtree: boolean
}

/** The logged-in staff member, or null for the public. */
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

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null
    /** Token to embed in every state-changing form (hidden field `_csrf`). */
    csrfToken: string
  }
}
