import type { Trx } from '../../db/database.js'
import type { Clock } from '../../shared/clock.js'
import { newId } from '../../shared/ids.js'
import { GENESIS_HASH, sealAuditEntry, type AuditEntryInput } from './audit.js'
import { auditKeyring, notifyAuditAppended } from './audit-runtime.js'
import * as repo from './audit.repository.js'
import type { AuditLogRow } from './audit.table.js'

/**
 * Appends an entry to the keyed chain: HMAC(key, entry + previous hash) with the process's
 * current key and algorithm (audit-runtime.ts). Takes a Transaction: the entry commits or rolls
 * back together with the change it records. The anchor writer is only told that an entry was
 * appended; it takes its checkpoint after the commit, outside this transaction.
 * @throws DomainError AUDIT_KEY_MISSING when the process has no keyring (nothing is written)
 */
export async function recordAudit(trx: Trx, clock: Clock, input: AuditEntryInput): Promise<void> {
  const keys = auditKeyring()
  const seq = await repo.nextAuditSeq(trx)
  const prevHash = seq === 1 ? GENESIS_HASH : ((await repo.findAuditHashBySeq(trx, seq - 1)) ?? GENESIS_HASH)
  const row: Omit<AuditLogRow, 'hash'> = {
    seq,
    id: newId(),
    at: clock.now().toISOString(),
    actor_id: input.actorId,
    actor_name: input.actorName,
    organ_id: input.organId,
    action: input.action,
    target_type: input.targetType,
    target_id: input.targetId,
    summary: JSON.stringify(input.summary),
    prev_hash: prevHash,
    mac_alg: keys.alg,
    key_id: keys.current.id,
  }
  await repo.insertAuditEntry(trx, { ...row, hash: sealAuditEntry(row, keys.alg, keys.current.secret) })
  notifyAuditAppended(seq)
}

export { searchAudit, type AuditFilter } from './audit.repository.js'
