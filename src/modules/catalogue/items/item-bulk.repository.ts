import { insertRows } from '../../../db/bulk-insert.js'
import type { Db, Kdb, Trx } from '../../../db/database.js'
import type { DialectName } from '../../../db/dialect.js'
import type { ItemBodyTable, ItemRevisionTable, ItemTable, NewItemRow } from '../catalogue.table.js'
import type { Insertable } from 'kysely'

/**
 * Inserts item rows in bulk inside `trx` (all rows must have the same columns); each item's body
 * goes to `item_body` (migration 2026-12-03T1820_item_body), '' when the row has none.
 */
export async function insertItemRows(db: Db, trx: Trx, rows: readonly NewItemRow[]): Promise<void> {
  const items: Array<Insertable<ItemTable>> = []
  const bodies: Array<Insertable<ItemBodyTable>> = []
  for (const { body_html, body_text, ...item } of rows) {
    items.push(item)
    bodies.push({ item_id: item.id, body_html: body_html ?? '', body_text: body_text ?? '' })
  }
  await insertRows(db, trx, 'item', items)
  await insertRows(db, trx, 'item_body', bodies)
}

/** Inserts revision snapshots in bulk inside `trx`. */
export function insertRevisionRows(
  db: Db,
  trx: Trx,
  rows: ReadonlyArray<Insertable<ItemRevisionTable>>,
): Promise<void> {
  return insertRows(db, trx, 'item_revision', rows)
}

/**
 * The identity fields (title, 发布日期, 文号) of every item of an organ, page by page in doc_no
 * order so that a large catalogue is never loaded in one result.
 */
export async function* organItemIdentities(
  db: Kdb,
  organId: string,
  pageSize = 20_000,
): AsyncGenerator<{ title: string; publishedDate: string | null; docNumber: string | null }> {
  let after = -1
  for (;;) {
    const page = await db
      .selectFrom('item')
      .select(['doc_no', 'title', 'published_date', 'doc_number', 'doc_number_raw'])
      .where('organ_id', '=', organId)
      .where('doc_no', '>', after)
      .orderBy('doc_no')
      .limit(pageSize)
      .execute()
    for (const r of page) {
      yield { title: r.title, publishedDate: r.published_date, docNumber: r.doc_number ?? r.doc_number_raw }
    }
    const last = page[page.length - 1]
    if (!last || page.length < pageSize) {
      return
    }
    after = Number(last.doc_no)
  }
}

/** Which of these 索引号 are already used by some item. */
export async function takenIndexNos(db: Kdb, indexNos: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>()
  for (let i = 0; i < indexNos.length; i += 500) {
    const rows = await db
      .selectFrom('item')
      .select('index_no')
      .where('index_no', 'in', indexNos.slice(i, i + 500))
      .execute()
    for (const r of rows) {
      if (r.index_no !== null) {
        taken.add(r.index_no)
      }
    }
  }
  return taken
}

/**
 * Raises a named counter to at least `value` (never lowers it), so serials issued later do not
 * collide with numbers that arrived from outside (imported 索引号).
 */
export async function raiseCounterTo(
  trx: Trx,
  name: string,
  value: number,
  dialect: DialectName,
): Promise<void> {
  const max = dialect === 'postgres' ? 'greatest' : 'max'
  await trx
    .insertInto('counter')
    .values({ name, value })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        value: eb.fn<number>(max, [eb.ref('counter.value'), eb.val(value)]),
      })),
    )
    .execute()
}
