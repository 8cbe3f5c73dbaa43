import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { Database, Kdb, Trx } from '../../../db/database.js'
import type { WorkQueue } from './work-queues.js'
import type {
  ItemReviewRow,
  ItemRevisionRow,
  ItemBodyFields,
  ItemRow,
  ItemRowUpdate,
  ItemStatus,
  NewItemRow,
} from '../catalogue.table.js'
import { DOC_NO_COUNTER, indexCounterName } from '../classification/index.js'

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

// ─── items ─────────────────────────────────────────────────────────────────────────────────

/**
 * The whole item (row and body). The body is a left join with '' for a missing row, so an item
 * whose body row was never written still reads as it did before bodies moved out of `item`.
 */
function selectWholeItem(db: Kdb) {
  return db
    .selectFrom('item')
    .leftJoin('item_body', 'item_body.item_id', 'item.id')
    .selectAll('item')
    .select((eb) => [
      eb.fn.coalesce('item_body.body_html', eb.val('')).as('body_html'),
      eb.fn.coalesce('item_body.body_text', eb.val('')).as('body_text'),
    ])
}

export function findItemById(db: Kdb, id: string): Promise<ItemRow | undefined> {
  return selectWholeItem(db).where('item.id', '=', id).executeTakeFirst()
}

export function findItemByIndexNo(db: Kdb, indexNo: string): Promise<ItemRow | undefined> {
  return selectWholeItem(db).where('item.index_no', '=', indexNo).executeTakeFirst()
}

/** The open working copy revising a published item, if any. */
export function findOpenRevisionOf(db: Kdb, itemId: string): Promise<ItemRow | undefined> {
  return selectWholeItem(db).where('item.revision_of_id', '=', itemId).executeTakeFirst()
}

/** Splits a whole item (or a patch of one) into its `item` columns and its body columns. */
export function splitItemBody<T extends Partial<ItemBodyFields>>(
  row: T,
): { item: Omit<T, keyof ItemBodyFields>; body: Partial<ItemBodyFields> } {
  const { body_html, body_text, ...item } = row
  const body: Partial<ItemBodyFields> = {}
  if (body_html !== undefined) {
    body.body_html = body_html
  }
  if (body_text !== undefined) {
    body.body_text = body_text
  }
  return { item, body }
}

export async function insertItem(db: Kdb, row: NewItemRow): Promise<void> {
  const { item, body } = splitItemBody(row)
  await db.insertInto('item').values(item).execute()
  await db
    .insertInto('item_body')
    .values({ item_id: item.id, body_html: body.body_html ?? '', body_text: body.body_text ?? '' })
    .execute()
}

/**
 * Applies `patch` only if nobody changed the item since `expectedVersion` was read, and bumps the
 * version. Returns false when the item changed meanwhile (or is gone). Call inside the
 * transaction that owns the change: the body row is written by a second statement.
 */
export async function updateItemIfVersion(
  db: Kdb,
  id: string,
  expectedVersion: number,
  patch: ItemRowUpdate,
): Promise<boolean> {
  const { item, body } = splitItemBody(patch)
  const r = await db
    .updateTable('item')
    .set({ ...item, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) {
    return false
  }
  if (body.body_html !== undefined || body.body_text !== undefined) {
    await db
      .insertInto('item_body')
      .values({ item_id: id, body_html: body.body_html ?? '', body_text: body.body_text ?? '' })
      .onConflict((oc) => oc.column('item_id').doUpdateSet(body))
      .execute()
  }
  return true
}

export async function deleteItemIfVersion(db: Kdb, id: string, expectedVersion: number): Promise<boolean> {
  const r = await db
    .deleteFrom('item')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  return Number(r.numDeletedRows) === 1
}

/** The columns the console list shows. */
const LIST_COLUMNS = [
  'id',
  'organ_id',
  'index_no',
  'title',
  'status',
  'formed_date',
  'published_date',
  'revised_date',
  'disclosure_mode',
  'validity',
  'drafted_by',
  'return_reason',
  'revision',
  'revision_of_id',
  'sample',
  'updated_at',
] as const

export type ItemListRow = Pick<ItemRow, (typeof LIST_COLUMNS)[number]>

export interface ConsoleItemFilter {
  /** Organs to list (the viewer's); an empty list matches nothing. */
  organIds: readonly string[]
  status?: ItemStatus | undefined
  /** Words of the title. */
  title?: string | undefined
  year?: number | undefined
  /** Only what waits for this person in this queue (see work-queues.ts). */
  queue?: { queue: WorkQueue; userId: string } | undefined
}

/** The predicate of a work queue for one user (separation of duties as item-transitions.ts). */
function queueWhere(
  eb: ExpressionBuilder<Database, 'item'>,
  queue: WorkQueue,
  userId: string,
): Expression<SqlBool> {
  const is = (col: 'drafted_by' | 'submitted_by' | 'first_reviewer_id') =>
    eb(eb.fn.coalesce(col, eb.val('')), '=', userId)
  // User ids are UUIDs; LIKE wildcards are dropped all the same.
  const wrote = eb.or([is('drafted_by'), eb('editors', 'like', `%"${userId.replace(/[%_\\]/g, '')}"%`)])
  switch (queue) {
    case 'first':
      return eb.and([eb('status', '=', 'first_review'), eb.not(eb.or([wrote, is('submitted_by')]))])
    case 'final':
      return eb.and([
        eb('status', '=', 'final_review'),
        eb.not(eb.or([wrote, is('submitted_by'), is('first_reviewer_id')])),
      ])
    case 'returned':
      return eb.and([eb('status', '=', 'draft'), eb('return_reason', 'is not', null), wrote])
    case 'drafts':
      return eb.and([eb('status', '=', 'draft'), wrote])
  }
}

function consoleWhere(f: ConsoleItemFilter) {
  return (eb: ExpressionBuilder<Database, 'item'>): Expression<SqlBool> => {
    const c: Array<Expression<SqlBool>> = [
      f.organIds.length === 0 ? eb.lit(false) : eb('organ_id', 'in', [...f.organIds]),
    ]
    if (f.status) {
      c.push(eb('status', '=', f.status))
    }
    if (f.title) {
      // LIKE wildcards are dropped rather than escaped (the escape character differs by engine).
      c.push(eb('title', 'like', `%${f.title.replace(/[%_\\]/g, '')}%`))
    }
    if (f.year !== undefined) {
      c.push(eb('published_year', '=', f.year))
    }
    if (f.queue) {
      c.push(queueWhere(eb, f.queue.queue, f.queue.userId))
    }
    return eb.and(c)
  }
}

/** A page of the console list, most recently changed first, and the number of matches. */
export async function listConsoleItems(
  db: Kdb,
  f: ConsoleItemFilter,
  limit: number,
  offset: number,
): Promise<{ rows: ItemListRow[]; total: number }> {
  const where = consoleWhere(f)
  const rows = await db
    .selectFrom('item')
    .select(LIST_COLUMNS)
    .where(where)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute()
  const count = await db
    .selectFrom('item')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(where)
    .executeTakeFirstOrThrow()
  return { rows, total: Number(count.n) }
}

/** The number of items matching a console filter. */
export async function countConsoleItems(db: Kdb, f: ConsoleItemFilter): Promise<number> {
  const r = await db
    .selectFrom('item')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(consoleWhere(f))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Item counts by status over some organs (console tabs). */
export async function countConsoleItemsByStatus(
  db: Kdb,
  organIds: readonly string[],
): Promise<Partial<Record<ItemStatus, number>>> {
  if (organIds.length === 0) {
    return {}
  }
  const rows = await db
    .selectFrom('item')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('organ_id', 'in', [...organIds])
    .groupBy('status')
    .execute()
  const out: Partial<Record<ItemStatus, number>> = {}
  for (const r of rows) {
    out[r.status] = Number(r.n)
  }
  return out
}

// ─── reviews and revisions ─────────────────────────────────────────────────────────────────

export async function insertReview(db: Kdb, row: ItemReviewRow): Promise<void> {
  await db.insertInto('item_review').values(row).execute()
}

export function listReviewsOfItem(db: Kdb, itemId: string): Promise<ItemReviewRow[]> {
  return db
    .selectFrom('item_review')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

/** Moves the reviews of a revision's working copy onto the item it was published into. */
export async function moveReviews(db: Kdb, fromItemId: string, toItemId: string): Promise<void> {
  await db.updateTable('item_review').set({ item_id: toItemId }).where('item_id', '=', fromItemId).execute()
}

export async function insertRevision(db: Kdb, row: ItemRevisionRow): Promise<void> {
  await db.insertInto('item_revision').values(row).execute()
}

export function listRevisionsOfItem(db: Kdb, itemId: string): Promise<ItemRevisionRow[]> {
  return db
    .selectFrom('item_revision')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('revision', 'desc')
    .execute()
}

/** Moves the attachments added to a revision's working copy onto the item it was published into. */
export async function moveAttachments(db: Kdb, fromItemId: string, toItemId: string): Promise<void> {
  await db.updateTable('attachment').set({ item_id: toItemId }).where('item_id', '=', fromItemId).execute()
}

/** Extracted text of an item's attachments (for its search document). */
export async function listAttachmentTexts(db: Kdb, itemId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('attachment')
    .select('text')
    .where('item_id', '=', itemId)
    .orderBy('created_at')
    .execute()
  return rows.flatMap((r) => (r.text ? [r.text] : []))
}

/** Display names of staff members by id. */
export async function userNamesByIds(db: Kdb, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) {
    return new Map()
  }
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', unique)
    .execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}

// ─── demo data ─────────────────────────────────────────────────────────────────────────────

/** The keys of demo items already loaded (item.source 'demo:…'). */
export async function listDemoSourceKeys(db: Kdb): Promise<string[]> {
  const rows = await db.selectFrom('item').select('source').where('source', 'like', 'demo:%').execute()
  return rows.flatMap((r) => (r.source ? [r.source] : []))
}

/** Published sample items of an organ in a year. */
export async function countPublishedSamples(db: Kdb, organId: string, year: number): Promise<number> {
  const r = await db
    .selectFrom('item')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organ_id', '=', organId)
    .where('status', '=', 'published')
    .where('sample', '=', 1)
    .where('published_year', '=', year)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Compare-and-set of a row's editors list; false when another write changed it first. */
export async function replaceItemEditors(trx: Kdb, id: string, from: string, to: string): Promise<boolean> {
  const r = await trx
    .updateTable('item')
    .set({ editors: to })
    .where('id', '=', id)
    .where('editors', '=', from)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
