import type { Kdb, Trx } from '../../db/database.js'
import { DOC_NO_COUNTER, indexCounterName } from './index-number.js'

/**
 * Adds `count` to a named counter and returns the new value (the last of the `count` numbers
 * taken). One upsert statement: on PostgreSQL the row lock is held until commit, so concurrent
 * transactions take numbers one after another; SQLite serialises writers anyway.
 */
export async function advanceCounter(trx: Trx, name: string, count = 1): Promise<number> {
  const row = await trx
    .insertInto('counter')
    .values({ name, value: count })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counter.value', '+', count) })))
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(row.value)
}

/** The current value of a counter (0 when never taken). */
export async function readCounter(db: Kdb, name: string): Promise<number> {
  const row = await db.selectFrom('counter').select('value').where('name', '=', name).executeTakeFirst()
  return row ? Number(row.value) : 0
}

/**
 * Takes the next 索引号 serial of an organ for a year (1, 2, 3 …). Must run in the transaction
 * that stores the number, so a rollback does not burn it on SQLite and the order holds on PostgreSQL.
 */
export function nextIndexSerial(trx: Trx, organId: string, year: number): Promise<number> {
  return advanceCounter(trx, indexCounterName(organId, year))
}

/**
 * Reserves `count` consecutive 索引号 serials of an organ for a year (bulk import); returns the
 * first of them.
 */
export async function reserveIndexSerials(
  trx: Trx,
  organId: string,
  year: number,
  count: number,
): Promise<number> {
  const last = await advanceCounter(trx, indexCounterName(organId, year), count)
  return last - count + 1
}

/** Takes the next item.doc_no (the dense integer key used as the full-text rowid). */
export function nextDocNo(trx: Trx): Promise<number> {
  return advanceCounter(trx, DOC_NO_COUNTER)
}

/** Reserves `count` consecutive item.doc_no values (bulk import); returns the first of them. */
export async function reserveDocNos(trx: Trx, count: number): Promise<number> {
  const last = await advanceCounter(trx, DOC_NO_COUNTER, count)
  return last - count + 1
}
