import { createHash } from 'node:crypto'
import type { AuditLogRow } from './audit.table.js'

/** The hash of the chain's start, before the first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/** An entry as the service receives it, before it is numbered and chained. */
export interface AuditEntryInput {
  actorId: string | null
  actorName: string
  organId: string | null
  action: string
  targetType: string
  targetId: string | null
  /** Before/after summary; stored as JSON text. */
  summary: Record<string, unknown>
}

/** The fields the hash covers, in a fixed order. */
export function auditHash(row: Omit<AuditLogRow, 'hash'>): string {
  const canonical = JSON.stringify([
    Number(row.seq),
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.organ_id,
    row.action,
    row.target_type,
    row.target_id,
    row.summary,
    row.prev_hash,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

/** Why an entry fails verification, or null when it chains correctly to `prev`. */
export function auditEntryProblem(row: AuditLogRow, expectedSeq: number, prevHash: string): string | null {
  if (Number(row.seq) !== expectedSeq) {
    return `entry #${expectedSeq} is missing (next entry is #${row.seq})`
  }
  if (row.prev_hash !== prevHash) {
    return `entry #${row.seq} does not link to entry #${expectedSeq - 1} (previous entry changed or removed)`
  }
  if (auditHash(row) !== row.hash) {
    return `entry #${row.seq} was modified after it was written (hash mismatch)`
  }
  return null
}

/** A shallow before/after diff, for summaries: only the fields that changed. */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, unknown> {
  if (!before) {
    return { after }
  }
  if (!after) {
    return { before }
  }
  const changed: Record<string, { before: unknown; after: unknown }> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changed[key] = { before: before[key], after: after[key] }
    }
  }
  return { changed }
}

/**
 * Who does something, as the audit trail records it: a staff member (`id` = user id, `name` =
 * user name) or the operator at the command line (`id` null, `name` 'cli').
 */
export interface Actor {
  id: string | null
  name: string
}

/** The actor fields of an audit entry. */
export function actorFields(actor: Actor): Pick<AuditEntryInput, 'actorId' | 'actorName'> {
  return { actorId: actor.id, actorName: actor.name }
}
