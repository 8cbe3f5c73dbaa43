import type { Kdb, Trx } from '../../db/database.js'
import type { DialectName } from '../../db/dialect.js'
import type { NewOutboxMessageRow, OutboxChannel, OutboxMessageRow, OutboxStatus } from './outbox.table.js'

/** Adds a message to the outbox, in the caller's transaction. */
export async function insertOutboxMessage(trx: Trx | Kdb, row: NewOutboxMessageRow): Promise<void> {
  await trx.insertInto('outbox_message').values(row).execute()
}

export interface ClaimOptions {
  /** Only channels that have a transport: the others stay pending. */
  channels: readonly OutboxChannel[]
  /** ISO instant: what is due by now. */
  now: string
  /** ISO instant the claim lapses. */
  leaseUntil: string
  workerId: string
  limit: number
  /** Messages that used up their attempts are not claimed (see markExhaustedLeasesDead). */
  maxAttempts: number
}

/**
 * The due messages as a sub-query: never tried or failed and due, or claimed by a worker whose
 * lease has lapsed (the process died mid-send), oldest first.
 */
function dueIds(db: Kdb, o: ClaimOptions) {
  return db
    .selectFrom('outbox_message')
    .select('id')
    .where('channel', 'in', [...o.channels])
    .where('attempts', '<', o.maxAttempts)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['pending', 'failed']), eb('next_attempt_at', '<=', o.now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', o.now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(o.limit)
}

function claimQuery(db: Kdb, o: ClaimOptions, ids: ReturnType<typeof dueIds>) {
  return db
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'sending' as const,
      attempts: eb('attempts', '+', 1),
      lease_until: o.leaseUntil,
      locked_by: o.workerId,
    }))
    .where('id', 'in', ids)
    .returningAll()
}

/**
 * Claims up to `limit` due messages for one worker, so that no other process sends them while the
 * lease runs. PostgreSQL: one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)
 * RETURNING *` (concurrent workers skip each other's rows). SQLite: the same conditional update
 * without the row locks, as one statement: SQLite runs a lone UPDATE as an immediate write
 * transaction (the database's write lock is taken before the due rows are read), and
 * better-sqlite3 runs it in one synchronous call, so the lock is never held across an `await`
 * (where a second handle's busy wait could stall the process). A second process waits
 * (busy_timeout) and then finds the rows claimed.
 */
export async function claimDueMessages(
  db: Kdb,
  dialect: DialectName,
  o: ClaimOptions,
): Promise<OutboxMessageRow[]> {
  if (o.channels.length === 0 || o.limit <= 0) {
    return []
  }
  const ids = dialect === 'postgres' ? dueIds(db, o).forUpdate().skipLocked() : dueIds(db, o)
  return claimQuery(db, o, ids).execute()
}

/**
 * Messages whose lease lapsed after their last allowed attempt (a process died on each try) are
 * dead: they are never claimed again, and administrators see them.
 */
export async function markExhaustedLeasesDead(db: Kdb, now: string, maxAttempts: number): Promise<number> {
  const r = await db
    .updateTable('outbox_message')
    .set({
      status: 'dead',
      lease_until: null,
      last_error: 'lease expired on the last attempt (worker stopped mid-send)',
    })
    .where('status', '=', 'sending')
    .where('lease_until', '<=', now)
    .where('attempts', '>=', maxAttempts)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Records a delivery; false when this worker no longer holds the message's lease. */
export async function markSent(
  db: Kdb,
  id: string,
  workerId: string,
  at: string,
  providerMessageId: string | null,
): Promise<boolean> {
  const r = await db
    .updateTable('outbox_message')
    .set({
      status: 'sent',
      sent_at: at,
      lease_until: null,
      provider_message_id: providerMessageId,
      last_error: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('locked_by', '=', workerId)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Records a failed attempt (retry later, or dead); false when the lease was lost meanwhile. */
export async function markFailed(
  db: Kdb,
  id: string,
  workerId: string,
  change: { status: Extract<OutboxStatus, 'failed' | 'dead'>; nextAttemptAt: string; error: string },
): Promise<boolean> {
  const r = await db
    .updateTable('outbox_message')
    .set({
      status: change.status,
      next_attempt_at: change.nextAttemptAt,
      lease_until: null,
      last_error: change.error,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('locked_by', '=', workerId)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Counts by channel and status. */
export async function countByChannelAndStatus(
  db: Kdb,
): Promise<{ channel: OutboxChannel; status: OutboxStatus; n: number }[]> {
  const rows = await db
    .selectFrom('outbox_message')
    .select(['channel', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['channel', 'status'])
    .execute()
  return rows.map((r) => ({ ...r, n: Number(r.n) }))
}

/** The oldest message still waiting (pending or failed), for "waiting since". */
export async function oldestWaiting(db: Kdb): Promise<string | null> {
  const r = await db
    .selectFrom('outbox_message')
    .select((eb) => eb.fn.min('created_at').as('at'))
    .where('status', 'in', ['pending', 'failed', 'sending'])
    .executeTakeFirst()
  return (r?.at as string | null | undefined) ?? null
}

/** The latest dead and failed messages, newest attempt first. */
export async function latestProblems(db: Kdb, limit: number): Promise<OutboxMessageRow[]> {
  return db
    .selectFrom('outbox_message')
    .selectAll()
    .where('status', 'in', ['dead', 'failed'])
    .orderBy('next_attempt_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function findOutboxMessage(db: Kdb, id: string): Promise<OutboxMessageRow | undefined> {
  return db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Puts a dead message back in the queue with fresh attempts; false when it is not dead. */
export async function requeueDead(trx: Trx, id: string, now: string): Promise<boolean> {
  const r = await trx
    .updateTable('outbox_message')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, locked_by: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Messages about one topic (e.g. a request's notifications), oldest first. */
export async function listByTopic(db: Kdb, topic: string): Promise<OutboxMessageRow[]> {
  return db
    .selectFrom('outbox_message')
    .selectAll()
    .where('topic', '=', topic)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}
