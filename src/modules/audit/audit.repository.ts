import type { Kdb, Trx } from '../../db/database.js'
import type { AuditLogRow, NewAuditLogRow } from './audit.table.js'

const CHAIN_COUNTER = 'audit_log.seq'
/** Entries of the unkeyed legacy epoch (set once by the keyed-chain migration). */
const LEGACY_COUNTER = 'audit_log.legacy_through'

/**
 * Takes the next sequence number. The counter row update holds a row lock on PostgreSQL until
 * commit, so concurrent writers append one after another; SQLite serialises writers anyway.
 */
export async function nextAuditSeq(trx: Trx): Promise<number> {
  const updated = await trx
    .updateTable('counter')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', CHAIN_COUNTER)
    .returning('value')
    .executeTakeFirst()
  if (updated) {
    return Number(updated.value)
  }
  await trx.insertInto('counter').values({ name: CHAIN_COUNTER, value: 1 }).execute()
  return 1
}

/** The last sequence number handed out (0 when the chain is empty). */
export async function readAuditCounter(db: Kdb): Promise<number> {
  const row = await db
    .selectFrom('counter')
    .select('value')
    .where('name', '=', CHAIN_COUNTER)
    .executeTakeFirst()
  return row ? Number(row.value) : 0
}

/** Length of the unkeyed legacy epoch, as the keyed-chain migration recorded it. */
export async function readLegacyThrough(db: Kdb): Promise<number> {
  const row = await db
    .selectFrom('counter')
    .select('value')
    .where('name', '=', LEGACY_COUNTER)
    .executeTakeFirst()
  return row ? Number(row.value) : 0
}

/** The newest entry's number and hash (undefined when the chain is empty). */
export async function findAuditHead(db: Kdb): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined
}

export async function findAuditHashBySeq(db: Kdb, seq: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst()
  return row?.hash
}

export async function insertAuditEntry(trx: Trx, row: NewAuditLogRow): Promise<void> {
  await trx.insertInto('audit_log').values(row).execute()
}

/** Reads the chain in order, a page at a time, from `afterSeq`. */
export function listAuditAfter(db: Kdb, afterSeq: number, limit: number): Promise<AuditLogRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
}

export interface AuditFilter {
  organIds?: string[] | undefined
  /** With `organIds`: also match entries that belong to no organ (log-ins, CLI operations). */
  includeNoOrgan?: boolean | undefined
  /** Only entries that belong to no organ. */
  noOrganOnly?: boolean | undefined
  actorName?: string | undefined
  action?: string | undefined
  targetId?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

export async function searchAudit(
  db: Kdb,
  f: AuditFilter,
  limit: number,
  offset: number,
): Promise<{ rows: AuditLogRow[]; total: number }> {
  let q = db.selectFrom('audit_log')
  if (f.noOrganOnly) {
    q = q.where('organ_id', 'is', null)
  } else if (f.organIds) {
    const ids = f.organIds
    if (f.includeNoOrgan) {
      q = q.where((eb) =>
        ids.length === 0
          ? eb('organ_id', 'is', null)
          : eb.or([eb('organ_id', 'in', ids), eb('organ_id', 'is', null)]),
      )
    } else {
      q = ids.length === 0 ? q.where('seq', '<', 0) : q.where('organ_id', 'in', ids)
    }
  }
  if (f.actorName) {
    q = q.where('actor_name', '=', f.actorName)
  }
  if (f.action) {
    q = q.where('action', 'like', `${f.action}%`)
  }
  if (f.targetId) {
    q = q.where('target_id', '=', f.targetId)
  }
  if (f.from) {
    q = q.where('at', '>=', f.from)
  }
  if (f.to) {
    q = q.where('at', '<', f.to)
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
