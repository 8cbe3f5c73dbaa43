import type { Db, Kdb, Trx } from '../../../db/database.js'
import type { ItemRevisionTable, NewItemRow } from '../catalogue.table.js'
import { indexCounterName } from '../classification/index.js'
import type { Insertable } from 'kysely'
import * as bulk from './item-bulk.repository.js'
import * as repo from './item.repository.js'

/**
 * Bulk writes of published items for the catalogue import (catalogue/import/). Every function
 * taking a `Trx` runs in the caller's transaction, so the caller commits the rows, their numbers
 * and their audit entry together.
 */

/** Reserves `count` consecutive item.doc_no values; returns the first of them. */
export function reserveItemDocNos(trx: Trx, count: number): Promise<number> {
  return repo.reserveDocNos(trx, count)
}

/** Reserves `count` consecutive 索引号 serials of an organ for a year; returns the first of them. */
export function reserveItemIndexSerials(
  trx: Trx,
  organId: string,
  year: number,
  count: number,
): Promise<number> {
  return repo.reserveIndexSerials(trx, organId, year, count)
}

/**
 * Makes later 索引号 serials of an organ for a year start above `serial` (an imported 索引号 kept
 * as it was), never lowering the counter.
 */
export function keepIndexSerialsAbove(
  db: Db,
  trx: Trx,
  organId: string,
  year: number,
  serial: number,
): Promise<void> {
  return bulk.raiseCounterTo(trx, indexCounterName(organId, year), serial, db.dialect)
}

/** Inserts complete item rows and their revision-1 snapshots inside `trx`. */
export async function insertImportedItems(
  db: Db,
  trx: Trx,
  items: readonly NewItemRow[],
  revisions: ReadonlyArray<Insertable<ItemRevisionTable>>,
): Promise<void> {
  await bulk.insertItemRows(db, trx, items)
  await bulk.insertRevisionRows(db, trx, revisions)
}

/** Title, 发布日期 and 文号 of every item of an organ (duplicate detection), page by page. */
export function itemIdentitiesOfOrgan(
  db: Kdb,
  organId: string,
): AsyncGenerator<{ title: string; publishedDate: string | null; docNumber: string | null }> {
  return bulk.organItemIdentities(db, organId)
}

/** Which of these 索引号 some item already has. */
export function indexNumbersInUse(db: Kdb, indexNos: readonly string[]): Promise<Set<string>> {
  return bulk.takenIndexNos(db, indexNos)
}
