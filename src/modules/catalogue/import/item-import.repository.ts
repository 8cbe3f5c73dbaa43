import type { Kdb, Trx } from '../../../db/database.js'
import type { DialectName } from '../../../db/dialect.js'
import type { ItemBodyTable, ItemRevisionTable, ItemTable, NewItemRow } from '../catalogue.table.js'
import type SqliteDatabase from 'better-sqlite3'
import type { Insertable } from 'kysely'

type SqliteHandle = SqliteDatabase.Database
type SqliteStatement = SqliteDatabase.Statement

/** Bound parameters per statement stay well under SQLite's 32,766 (and PostgreSQL's 65,535). */
const MAX_PARAMS = 16_000

function chunksFor<T extends object>(rows: readonly T[]): T[][] {
  const first = rows[0]
  if (!first) {
    return []
  }
  const perRow = Math.max(1, Object.keys(first).length)
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow))
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) {
    out.push(rows.slice(i, i + size))
  }
  return out
}

const statements = new WeakMap<SqliteHandle, Map<string, SqliteStatement>>()

/**
 * Runs one cached prepared INSERT per row on the raw SQLite handle. Only valid inside a Kysely
 * transaction on that same handle (better-sqlite3 has one connection, so the statements join
 * the open transaction and roll back with it).
 */
function insertPrepared(
  sqlite: SqliteHandle,
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
): void {
  const first = rows[0]
  if (!first) {
    return
  }
  const columns = Object.keys(first)
  const sqlText = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
  let cache = statements.get(sqlite)
  if (!cache) {
    cache = new Map()
    statements.set(sqlite, cache)
  }
  let stmt = cache.get(sqlText)
  if (!stmt) {
    stmt = sqlite.prepare(sqlText)
    cache.set(sqlText, stmt)
  }
  for (const row of rows) {
    stmt.run(columns.map((c) => row[c] ?? null))
  }
}

/**
 * Inserts item rows in multi-row statements (all rows must have the same columns); each item's
 * body goes to `item_body` (migration 2026-12-03T1800_item_body), '' when the row has none.
 */
export async function insertItemRows(
  trx: Trx,
  rows: readonly NewItemRow[],
  sqlite?: SqliteHandle,
): Promise<void> {
  const items: Array<Insertable<ItemTable>> = []
  const bodies: Array<Insertable<ItemBodyTable>> = []
  for (const { body_html, body_text, ...item } of rows) {
    items.push(item)
    bodies.push({ item_id: item.id, body_html: body_html ?? '', body_text: body_text ?? '' })
  }
  if (sqlite) {
    insertPrepared(sqlite, 'item', items)
    insertPrepared(sqlite, 'item_body', bodies)
    return
  }
  for (const chunk of chunksFor(items)) {
    await trx.insertInto('item').values(chunk).execute()
  }
  for (const chunk of chunksFor(bodies)) {
    await trx.insertInto('item_body').values(chunk).execute()
  }
}

/** Inserts revision snapshots in multi-row statements. */
export async function insertRevisionRows(
  trx: Trx,
  rows: ReadonlyArray<Insertable<ItemRevisionTable>>,
  sqlite?: SqliteHandle,
): Promise<void> {
  if (sqlite) {
    insertPrepared(sqlite, 'item_revision', rows)
    return
  }
  for (const chunk of chunksFor(rows)) {
    await trx.insertInto('item_revision').values(chunk).execute()
  }
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
