import type { Insertable, Selectable } from 'kysely'

/** One append-only, hash-chained audit entry (等保 2.0 安全审计). */
export interface AuditLogTable {
  /** Position in the chain, 1-based, assigned by the writer inside its transaction. */
  seq: number
  id: string
  at: string
  actor_id: string | null
  actor_name: string
  organ_id: string | null
  action: string
  target_type: string
  target_id: string | null
  /** JSON text: a summary of before/after. */
  summary: string
  prev_hash: string
  hash: string
}

export type AuditLogRow = Selectable<AuditLogTable>
export type NewAuditLogRow = Insertable<AuditLogTable>
