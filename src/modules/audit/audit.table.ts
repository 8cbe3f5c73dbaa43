import type { Insertable, Selectable } from 'kysely'

/** One append-only audit entry of the keyed hash chain (等保 2.0 安全审计, 完整性). */
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
  /** How `hash` was computed: 'hmac-sha256' | 'hmac-sm3' | 'legacy-sha256' (see audit-keys.ts). */
  mac_alg: string
  /** Fingerprint of the key that sealed the entry (null for legacy entries). */
  key_id: string | null
  /** The entry's seal: HMAC(key, canonical entry incl. prev_hash), or plain SHA-256 (legacy). */
  hash: string
}

export type AuditLogRow = Selectable<AuditLogTable>
export type NewAuditLogRow = Insertable<AuditLogTable>
