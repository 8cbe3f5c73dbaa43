import type { Kdb, Trx } from '../../db/database.js'
import type { Clock } from '../../shared/clock.js'
import { newId } from '../../shared/ids.js'
import { GENESIS_HASH, auditEntryProblem, auditHash, type AuditEntryInput } from './audit.js'
import * as repo from './audit.repository.js'
import type { AuditLogRow } from './audit.table.js'

/**
 * Appends an entry to the hash chain. Takes a Transaction: the entry commits or rolls back
 * together with the change it records.
 */
export async function recordAudit(trx: Trx, clock: Clock, input: AuditEntryInput): Promise<void> {
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
  }
  await repo.insertAuditEntry(trx, { ...row, hash: auditHash(row) })
}

export interface AuditVerifyResult {
  ok: boolean
  checked: number
  /** The first broken entry's sequence number and why. */
  firstBroken?: { seq: number; problem: string }
}

/** Walks the whole chain and reports the first entry that was edited, removed or re-linked. */
export async function verifyAuditChain(db: Kdb): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH
  let expected = 1
  let checked = 0
  for (;;) {
    const page = await repo.listAuditAfter(db, expected - 1, 1000)
    if (page.length === 0) {
      break
    }
    for (const row of page) {
      const problem = auditEntryProblem(row, expected, prevHash)
      if (problem) {
        return { ok: false, checked, firstBroken: { seq: expected, problem } }
      }
      prevHash = row.hash
      expected += 1
      checked += 1
    }
  }
  const issued = await repo.readAuditCounter(db)
  if (issued > checked) {
    return {
      ok: false,
      checked,
      firstBroken: { seq: checked + 1, problem: `entries #${checked + 1}–#${issued} were removed` },
    }
  }
  return { ok: true, checked }
}

export { searchAudit, type AuditFilter } from './audit.repository.js'
