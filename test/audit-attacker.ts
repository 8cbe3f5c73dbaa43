// Test helpers for the audit trail: a long chain written quickly, and what an attacker with
// database access (but without the audit key or the checkpoint file) would do to it.
import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../src/db/database.js'
import {
  GENESIS_HASH,
  keyringOf,
  legacyAuditHash,
  parseKey,
  recordAudit,
  sealAuditEntry,
  type AuditKeyring,
} from '../src/modules/audit/index.js'
import type { AuditLogRow } from '../src/modules/audit/audit.table.js'
import { systemClock } from '../src/shared/clock.js'

/** A fresh random key as hex (what `openssl rand -hex 32` prints). */
export function randomKeyHex(): string {
  return randomBytes(32).toString('hex')
}

export function keyringFor(hex: string, hmac: 'sha256' | 'sm3' = 'sha256'): AuditKeyring {
  return keyringOf([parseKey(hex, 'test')], hmac, 'test')
}

/** Appends `n` entries in one transaction through recordAudit, as a batch of staff actions would. */
export async function writeChain(db: Db, n: number, from = 1): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = from; i < from + n; i++) {
      await recordAudit(trx, systemClock, {
        actorId: null,
        actorName: 'cli',
        organId: null,
        action: 'organ.updated',
        targetType: 'organ',
        targetId: `organ-${i}`,
        summary: { changed: { name: { before: `旧名称${i}`, after: `新名称${i}` } } },
      })
    }
  })
}

/** How the attacker re-seals a row after changing it. */
export type Reseal = (row: Omit<AuditLogRow, 'hash'>) => Pick<AuditLogRow, 'hash' | 'mac_alg' | 'key_id'>

/** The pre-keyed code's plain SHA-256, leaving the seal columns as they were. */
export const plainSha256: Reseal = (row) => ({
  hash: legacyAuditHash(row),
  mac_alg: row.mac_alg,
  key_id: row.key_id,
})

/** Plain SHA-256, and the entry relabelled as an unkeyed legacy one. */
export const relabelLegacy: Reseal = (row) => ({
  hash: legacyAuditHash(row),
  mac_alg: 'legacy-sha256',
  key_id: null,
})

/** HMAC with a guessed key, under the real key's id (or the guessed key's own id). */
export function guessedKey(opts: { ownId: boolean }): Reseal {
  const guess = parseKey(createHash('sha256').update('gongkai').digest('hex'), 'guess')
  return (row) => {
    const sealed = { ...row, key_id: opts.ownId ? guess.id : row.key_id }
    const alg = row.mac_alg === 'hmac-sm3' ? 'hmac-sm3' : 'hmac-sha256'
    return { hash: sealAuditEntry(sealed, alg, guess.secret), mac_alg: sealed.mac_alg, key_id: sealed.key_id }
  }
}

/**
 * Edits entry #`at` (its summary), then recomputes the links and seals of #`at` … the head with
 * `reseal`, so that every entry links to the one before it again.
 */
export async function rewriteFrom(db: Db, at: number, reseal: Reseal): Promise<void> {
  const rows = await db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>=', at - 1)
    .orderBy('seq')
    .execute()
  let prevHash = at === 1 ? GENESIS_HASH : (rows.shift()?.hash ?? GENESIS_HASH)
  for (const row of rows) {
    const { hash: _old, ...rest } = row
    const changed = {
      ...rest,
      seq: Number(rest.seq),
      prev_hash: prevHash,
      summary:
        Number(row.seq) === at
          ? JSON.stringify({ changed: { name: { before: '篡改', after: '篡改' } } })
          : row.summary,
    }
    const sealed = { ...changed, ...reseal(changed) }
    await sql`UPDATE audit_log SET summary = ${sealed.summary}, prev_hash = ${sealed.prev_hash},
      mac_alg = ${sealed.mac_alg}, key_id = ${sealed.key_id}, hash = ${sealed.hash}
      WHERE seq = ${sealed.seq}`.execute(db.kysely)
    prevHash = sealed.hash
  }
}

/** Deletes the newest `n` entries and lowers the counter to match. */
export async function truncate(db: Db, n: number): Promise<void> {
  const head = await db.kysely
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirstOrThrow()
  const keep = Number(head.m) - n
  await sql`DELETE FROM audit_log WHERE seq > ${keep}`.execute(db.kysely)
  await sql`UPDATE counter SET value = ${keep} WHERE name = 'audit_log.seq'`.execute(db.kysely)
}
