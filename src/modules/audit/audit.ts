import { createHash, timingSafeEqual } from 'node:crypto'
import { LEGACY_ALG, mac, type AuditKeyring, type KeyedMacAlg } from './audit-keys.js'
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

/** The entry fields that the seal covers, in a fixed order (legacy entries: without alg and key). */
function canonicalFields(row: Omit<AuditLogRow, 'hash'>): unknown[] {
  return [
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
  ]
}

/**
 * The plain SHA-256 of an entry, as versions before the keyed chain computed it. Kept to verify
 * the legacy epoch; anybody with write access to the table can recompute it.
 */
export function legacyAuditHash(row: Omit<AuditLogRow, 'hash' | 'mac_alg' | 'key_id'>): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalFields({ ...row, mac_alg: LEGACY_ALG, key_id: null })))
    .digest('hex')
}

/** The keyed seal of an entry: HMAC(key, canonical entry + previous hash + alg + key id). */
export function sealAuditEntry(row: Omit<AuditLogRow, 'hash'>, alg: KeyedMacAlg, secret: Buffer): string {
  return mac(
    alg,
    secret,
    JSON.stringify(['gongkai-audit-entry-v2', ...canonicalFields(row), row.mac_alg, row.key_id]),
  )
}

/** Where verification is in the chain: the previous entry's hash and whether a keyed entry was seen. */
export interface ChainCursor {
  expectedSeq: number
  prevHash: string
  keyedSeen: boolean
}

/**
 * Why an entry fails verification, or null when it is sealed correctly and chains to the entry
 * before it. Legacy (unkeyed) entries are accepted only before the first keyed entry.
 */
export function auditEntryProblem(row: AuditLogRow, at: ChainCursor, keys: AuditKeyring): string | null {
  if (Number(row.seq) !== at.expectedSeq) {
    return `entry #${at.expectedSeq} is missing (next entry is #${row.seq})`
  }
  if (row.prev_hash !== at.prevHash) {
    return `entry #${row.seq} does not link to entry #${at.expectedSeq - 1} (previous entry changed or removed)`
  }
  if (row.mac_alg === LEGACY_ALG) {
    if (at.keyedSeen) {
      return `entry #${row.seq} claims to be an unkeyed legacy entry after keyed entries (downgrade: the entry was rewritten)`
    }
    return legacyAuditHash(row) === row.hash
      ? null
      : `entry #${row.seq} was modified after it was written (hash mismatch)`
  }
  if (row.mac_alg !== 'hmac-sha256' && row.mac_alg !== 'hmac-sm3') {
    return `entry #${row.seq} names an unknown seal algorithm '${row.mac_alg}' (the entry was rewritten)`
  }
  const key = row.key_id === null ? undefined : keys.byId.get(row.key_id)
  if (!key) {
    return `entry #${row.seq} was sealed with key ${row.key_id ?? '(none)'}, which is not configured (a forged entry, or a retired key missing from AUDIT_KEY / AUDIT_KEY_FILE)`
  }
  return timingSafeEqualHex(sealAuditEntry(row, row.mac_alg, key.secret), row.hash)
    ? null
    : `entry #${row.seq} was modified after it was written (keyed seal mismatch)`
}

function timingSafeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
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
