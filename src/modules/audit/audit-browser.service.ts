import type { Kdb } from '../../db/database.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError } from '../../shared/errors.js'
import type { Organ } from '../organs/index.js'
import { listOrgans } from '../organs/index.js'
import { organsWithRole } from '../access/index.js'
import * as repo from './audit.repository.js'
import { verifyAuditChain, type AuditVerifyResult } from './audit.service.js'
import type { AuditLogRow } from './audit.table.js'

/** Page size of the console's audit table. */
export const AUDIT_PAGE_SIZE = 50

/**
 * Up to this many entries the chain is verified on every visit (about 0.2 s on SQLite; the walk
 * blocks the process, since better-sqlite3 is synchronous). Longer chains are verified when the
 * reader asks for it, and nightly with `gongkai audit verify`.
 */
export const AUDIT_AUTO_VERIFY_MAX = 20_000

/**
 * Who may read which audit entries (等保 2.0 安全审计: audit records are readable by the
 * administrators and supervisors only):
 *
 * - 系统管理员 (admin) and 监督员 (supervisor) read the entries of every organ their grants cover
 *   (the organ itself, and everything below it for a subtree grant). Supervisors only read.
 * - Entries that belong to no organ (log-ins, failed log-ins, lock-outs, password changes,
 *   operations at the command line) concern the whole installation. They are shown to global
 *   administrators only: admins whose subtree grants cover every organ, typically the admin of
 *   the root government with its subtree. An admin of one branch, or of a root organ without its
 *   subtree, does not see other branches' staff logging in.
 * - Everybody else gets 403.
 */
export interface AuditReadScope {
  /** Organs whose entries the viewer may read, in display order. */
  organs: Organ[]
  /** May read entries that belong to no organ. */
  noOrganEntries: boolean
  /** Reads everything: no organ restriction is needed in the query. */
  everything: boolean
}

/** @throws DomainError FORBIDDEN unless the viewer is an admin or supervisor somewhere */
export function auditReadScope(viewer: Viewer, organs: readonly Organ[]): AuditReadScope {
  const readable = organsWithRole(viewer, ['admin', 'supervisor'], organs)
  if (readable.size === 0) {
    throw new DomainError('FORBIDDEN', `${viewer.username} may not read the audit trail`)
  }
  const subtreeAdmin = organsWithRole(
    { ...viewer, grants: viewer.grants.filter((g) => g.role === 'admin' && g.includeSubtree) },
    ['admin'],
    organs,
  )
  const global = organs.length > 0 && organs.every((o) => subtreeAdmin.has(o.id))
  return {
    organs: organs.filter((o) => readable.has(o.id)),
    noOrganEntries: global,
    everything: global,
  }
}

/** What the console's audit filter form asks for (already validated). */
export interface AuditQuery {
  /** An organ id, or 'none' for entries that belong to no organ. */
  organ?: string | undefined
  actor?: string | undefined
  /** Action code prefix, e.g. `auth.` or `user.password_changed`. */
  action?: string | undefined
  targetId?: string | undefined
  /** Instants (ISO-8601 UTC): from inclusive, to exclusive. */
  fromAt?: string | undefined
  toAt?: string | undefined
  page: number
  /** Verify the chain even when it is longer than AUDIT_AUTO_VERIFY_MAX. */
  verify?: boolean | undefined
}

export interface AuditBrowseResult {
  scope: AuditReadScope
  rows: AuditLogRow[]
  total: number
  page: number
  pageSize: number
  /** Organ names by id, for the rows. */
  organNames: Map<string, string>
  /** The whole chain's state, or null when it was too long to verify unasked. */
  chain: AuditVerifyResult | null
  /** Entries in the whole chain (the counter of issued sequence numbers). */
  chainLength: number
}

/**
 * One page of the audit entries the viewer may read, newest first, plus the state of the whole
 * chain (verifyAuditChain walks it, unless it is long and the reader did not ask).
 * @throws DomainError FORBIDDEN for roles that may not read the audit trail, or for an organ
 *   filter outside the viewer's scope
 */
export async function browseAudit(db: Kdb, viewer: Viewer, query: AuditQuery): Promise<AuditBrowseResult> {
  const organs = await listOrgans(db)
  const scope = auditReadScope(viewer, organs)
  const filter: repo.AuditFilter = {
    actorName: query.actor,
    action: query.action,
    targetId: query.targetId,
    from: query.fromAt,
    to: query.toAt,
  }
  if (query.organ === 'none') {
    if (!scope.noOrganEntries) {
      throw new DomainError('FORBIDDEN', `${viewer.username} may not read entries without an organ`)
    }
    filter.noOrganOnly = true
  } else if (query.organ) {
    if (!scope.organs.some((o) => o.id === query.organ)) {
      throw new DomainError('FORBIDDEN', `${viewer.username} may not read the audit of organ ${query.organ}`)
    }
    filter.organIds = [query.organ]
  } else if (!scope.everything) {
    filter.organIds = scope.organs.map((o) => o.id)
    filter.includeNoOrgan = scope.noOrganEntries
  }
  const offset = (query.page - 1) * AUDIT_PAGE_SIZE
  const { rows, total } = await repo.searchAudit(db, filter, AUDIT_PAGE_SIZE, offset)
  const chainLength = await repo.readAuditCounter(db)
  const chain = query.verify || chainLength <= AUDIT_AUTO_VERIFY_MAX ? await verifyAuditChain(db) : null
  return {
    scope,
    rows,
    total,
    page: query.page,
    pageSize: AUDIT_PAGE_SIZE,
    organNames: new Map(organs.map((o) => [o.id, o.name])),
    chain,
    chainLength,
  }
}

/**
 * The viewer's read scope alone (for re-rendering the filter form after bad input).
 * @throws DomainError FORBIDDEN for roles that may not read the audit trail
 */
export async function loadAuditReadScope(db: Kdb, viewer: Viewer): Promise<AuditReadScope> {
  return auditReadScope(viewer, await listOrgans(db))
}
