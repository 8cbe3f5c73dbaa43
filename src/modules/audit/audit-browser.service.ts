import type { Kdb } from '../../db/database.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError } from '../../shared/errors.js'
import type { Organ } from '../organs/index.js'
import { isGlobalAdmin, organsByIds, organsWithRoleIn, SMALL_TREE_LIMIT } from '../organs/index.js'
import { viewerActor } from '../access/index.js'
import * as repo from './audit.repository.js'
import type { AuditConfig } from '../../config.js'
import type { AuditCheckpoint } from './audit-checkpoint.js'
import { lastCheckpointFailure, latestCheckpoint } from './audit-checkpoint.service.js'
import { verifyAuditChain, type AuditVerifyResult } from './audit-verify.service.js'
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
  /** Organs offered in the filter, in display order (all readable ones when they are few). */
  organs: Organ[]
  /** Every organ whose entries the viewer may read. */
  readableIds: ReadonlySet<string>
  /** May read entries that belong to no organ. */
  noOrganEntries: boolean
  /** Reads everything: no organ restriction is needed in the query. */
  everything: boolean
}

/**
 * The read scope from targeted queries (subtrees expanded through the organ path index). The
 * filter's organ choices are every readable organ for a small scope, else the grant organs.
 * @throws DomainError FORBIDDEN unless the viewer is an admin or supervisor somewhere
 */
export async function auditReadScope(db: Kdb, viewer: Viewer): Promise<AuditReadScope> {
  const readable = (await organsWithRoleIn(db, viewer.grants, ['admin', 'supervisor'])).ids
  if (readable.size === 0) {
    throw new DomainError('FORBIDDEN', `${viewer.username} may not read the audit trail`)
  }
  const global = await isGlobalAdmin(db, viewerActor(viewer))
  const choices = readable.size <= SMALL_TREE_LIMIT ? readable : viewer.grants.map((g) => g.organId)
  return {
    organs: await organsByIds(db, choices),
    readableIds: readable,
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
  /** The anchors outside the database, for the supervisor. */
  anchor: AuditAnchorStatus
}

/** What the console shows of the checkpoints: the newest, where they are, and any write failure. */
export interface AuditAnchorStatus {
  file: string | null
  latest: AuditCheckpoint | null
  /** Checkpoints are written after this many entries (to judge whether the newest is overdue). */
  every: number
  /** This process failed to write its last checkpoint (the data change was kept). */
  failure: { at: string; message: string } | null
  /** The file could not be read. */
  readError: string | null
}

async function anchorStatus(config: AuditConfig): Promise<AuditAnchorStatus> {
  const file = config.checkpointFile ?? null
  let latest: AuditCheckpoint | null = null
  let readError: string | null = null
  if (file) {
    try {
      latest = await latestCheckpoint(file)
    } catch (err) {
      readError = err instanceof Error ? err.message : String(err)
    }
  }
  return { file, latest, every: config.checkpointEvery, failure: lastCheckpointFailure(), readError }
}

/**
 * One page of the audit entries the viewer may read, newest first, plus the state of the whole
 * chain (verifyAuditChain walks it, unless it is long and the reader did not ask).
 * @throws DomainError FORBIDDEN for roles that may not read the audit trail, or for an organ
 *   filter outside the viewer's scope
 */
export async function browseAudit(
  db: Kdb,
  viewer: Viewer,
  query: AuditQuery,
  config: AuditConfig,
): Promise<AuditBrowseResult> {
  const scope = await auditReadScope(db, viewer)
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
    if (!scope.readableIds.has(query.organ)) {
      throw new DomainError('FORBIDDEN', `${viewer.username} may not read the audit of organ ${query.organ}`)
    }
    filter.organIds = [query.organ]
  } else if (!scope.everything) {
    filter.organIds = [...scope.readableIds]
    filter.includeNoOrgan = scope.noOrganEntries
  }
  const offset = (query.page - 1) * AUDIT_PAGE_SIZE
  const { rows, total } = await repo.searchAudit(db, filter, AUDIT_PAGE_SIZE, offset)
  const chainLength = await repo.readAuditCounter(db)
  const rowOrgans = await organsByIds(
    db,
    rows.map((r) => r.organ_id).filter((id): id is string => !!id),
  )
  const chain =
    query.verify || chainLength <= AUDIT_AUTO_VERIFY_MAX
      ? await verifyAuditChain(db, { checkpointFile: config.checkpointFile })
      : null
  return {
    scope,
    rows,
    total,
    page: query.page,
    pageSize: AUDIT_PAGE_SIZE,
    organNames: new Map([...scope.organs, ...rowOrgans].map((o) => [o.id, o.name])),
    chain,
    chainLength,
    anchor: await anchorStatus(config),
  }
}

/**
 * The viewer's read scope alone (for re-rendering the filter form after bad input).
 * @throws DomainError FORBIDDEN for roles that may not read the audit trail
 */
export async function loadAuditReadScope(db: Kdb, viewer: Viewer): Promise<AuditReadScope> {
  return auditReadScope(db, viewer)
}
