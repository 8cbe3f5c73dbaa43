import {
  sql,
  type Compilable,
  type CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type SqlBool,
} from 'kysely'
import { LRUCache } from 'lru-cache'
import type { Database, Kdb } from '../../../db/database.js'
import {
  topicsMatching,
  type AttachmentListRow,
  type CatalogueFilter,
  type CatalogueSort,
  type ItemDetailRow,
  type ItemListRow,
  type OrganRef,
} from './catalogue-public.js'

/**
 * SQL of the public catalogue. Every query here is restricted to status 'published' and selects
 * only public columns. List queries filter and order on item(organ_id, status, published_date)
 * or item(status, published_date); a year is turned into a published_date range so those
 * indexes serve it too.
 */

const LIST_COLUMNS = [
  'item.id',
  'item.doc_no',
  'item.organ_id',
  'item.index_no',
  'item.title',
  'item.summary',
  'item.doc_number',
  'item.doc_number_raw',
  'item.written_date',
  'item.published_date',
  'item.published_at',
  'item.updated_at',
  'item.topic',
  'item.genre',
  'item.art20_item',
  'item.validity',
  'item.sample',
] as const

const DETAIL_COLUMNS = [
  ...LIST_COLUMNS,
  'item.joint_issuers',
  'item.art21_item',
  'item.key_areas',
  'item.disclosure_mode',
  'item.withheld_reason',
  'item.scope',
  'item.term',
  'item.validity_date',
  'item.replaced_by_id',
  'item.revision',
] as const

/**
 * Kysely builds and compiles every query anew, which for a wide select costs more than running
 * it (tens of microseconds). The hot queries of the public pages are compiled once per shape and
 * run with fresh parameters: `build` makes the query with sentinel values (SENTINEL_ID,
 * SENTINEL_OFFSET) where the varying parameters go, and every other input is part of `key`.
 * Only the parameter array changes between runs, so values stay bound parameters.
 */
const SENTINEL_ID = '\u0000gongkai-param-id\u0000'
const SENTINEL_OFFSET = -982_451_653
const COMPILED_MAX = 300
/** Size bound of the compiled queries of one database, in characters of SQL text. */
const COMPILED_MAX_SQL_CHARS = 2_000_000
const compiledQueries = new WeakMap<Kdb, LRUCache<string, CompiledQuery>>()

async function runCompiled<R>(
  db: Kdb,
  key: string,
  build: () => Compilable<R>,
  values: { id?: string; offset?: number },
): Promise<R[]> {
  let store = compiledQueries.get(db)
  if (!store) {
    store = new LRUCache<string, CompiledQuery>({
      max: COMPILED_MAX,
      maxSize: COMPILED_MAX_SQL_CHARS,
      sizeCalculation: (c) => Math.max(1, c.sql.length),
    })
    compiledQueries.set(db, store)
  }
  let compiled = store.get(key) as CompiledQuery<R> | undefined
  if (!compiled) {
    compiled = build().compile()
    const params = compiled.parameters
    if (
      (values.id !== undefined) !== params.includes(SENTINEL_ID) ||
      (values.offset !== undefined) !== params.includes(SENTINEL_OFFSET)
    ) {
      throw new Error(`compiled query ${key}: parameters do not match their sentinels`)
    }
    store.set(key, compiled)
  }
  const parameters = compiled.parameters.map((p) =>
    p === SENTINEL_ID ? values.id : p === SENTINEL_OFFSET ? values.offset : p,
  )
  return (await db.executeQuery<R>({ ...compiled, parameters })).rows
}

type ItemEb = ExpressionBuilder<Database, 'item'>

/** The WHERE clause of a public view. */
export function publicWhere(f: CatalogueFilter & { genres?: readonly string[] | undefined }) {
  return (eb: ItemEb): Expression<SqlBool> => {
    const c: Array<Expression<SqlBool>> = [eb('item.status', '=', 'published')]
    if (f.organIds && f.organIds.length > 0) {
      c.push(
        f.organIds.length === 1
          ? eb('item.organ_id', '=', f.organIds[0] as string)
          : eb('item.organ_id', 'in', f.organIds),
      )
    }
    if (f.year !== undefined) {
      c.push(eb('item.published_date', '>=', `${String(f.year).padStart(4, '0')}-01-01`))
      c.push(eb('item.published_date', '<', `${String(f.year + 1).padStart(4, '0')}-01-01`))
    }
    if (f.topic) {
      const topics = topicsMatching(f.topic)
      c.push(
        topics.length === 1 ? eb('item.topic', '=', topics[0] as string) : eb('item.topic', 'in', topics),
      )
    }
    if (f.genre) {
      c.push(eb('item.genre', '=', f.genre))
    }
    if (f.genres && f.genres.length > 0) {
      c.push(eb('item.genre', 'in', [...f.genres]))
    }
    if (f.art20Item !== undefined) {
      c.push(eb('item.art20_item', '=', f.art20Item))
    }
    if (f.validity) {
      c.push(eb('item.validity', '=', f.validity))
    }
    return eb.and(c)
  }
}

export type PublicFilter = Parameters<typeof publicWhere>[0]

/**
 * One page of a view (`limit` rows from `offset`), newest or oldest first. A deferred join: the
 * page's keys are taken from the index that orders the view (item(status, published_date, doc_no)
 * or item(organ_id, status, published_date, doc_no), which cover them), so OFFSET steps over index
 * entries instead of reading and decoding every skipped row; then only the page's rows are read.
 */
export function listPublishedItems(
  db: Kdb,
  f: PublicFilter,
  sort: CatalogueSort,
  limit: number,
  offset: number,
): Promise<ItemListRow[]> {
  const dir = sort === 'old' ? 'asc' : 'desc'
  return runCompiled(
    db,
    `list:${JSON.stringify([f.organIds, f.topic, f.genre, f.genres, f.year, f.art20Item, f.validity, dir, limit])}`,
    () => {
      const keys = db
        .selectFrom('item')
        .select('item.doc_no as key')
        .where(publicWhere(f))
        .orderBy('item.published_date', dir)
        .orderBy('item.doc_no', dir)
        .limit(limit)
        .offset(SENTINEL_OFFSET)
      return db
        .selectFrom(keys.as('page'))
        .innerJoin('item', 'item.doc_no', 'page.key')
        .select(LIST_COLUMNS)
        .orderBy('item.published_date', dir)
        .orderBy('item.doc_no', dir)
    },
    { offset },
  )
}

/** Publishing organs in display order, at most `limit` of them (id, code and name only). */
export function listOrganRefs(db: Kdb, limit: number): Promise<OrganRef[]> {
  return db
    .selectFrom('organ')
    .select(['organ.id', 'organ.code', 'organ.name'])
    .orderBy('organ.sort_order')
    .orderBy('organ.name')
    .limit(limit)
    .execute()
}

/** The organs with these ids (labels for a page of rows: one query, never one per row). */
export function findOrganRefsByIds(db: Kdb, ids: readonly string[]): Promise<OrganRef[]> {
  if (ids.length === 0) {
    return Promise.resolve([])
  }
  return db
    .selectFrom('organ')
    .select(['organ.id', 'organ.code', 'organ.name'])
    .where('organ.id', 'in', [...ids])
    .execute()
}

/** The organ with this code or exactly this name (the catalogue's organ box accepts either). */
export function findOrganRefByCodeOrName(db: Kdb, codeOrName: string): Promise<OrganRef | undefined> {
  return db
    .selectFrom('organ')
    .select(['organ.id', 'organ.code', 'organ.name'])
    .where((eb) =>
      eb.or([eb('organ.code', '=', codeOrName.toUpperCase()), eb('organ.name', '=', codeOrName)]),
    )
    .orderBy('organ.sort_order')
    .limit(1)
    .executeTakeFirst()
}

/** Position in a view, for keyset paging (exports walk the whole view without deep offsets). */
export interface ListCursor {
  publishedDate: string
  docNo: number
}

export function listPublishedItemsAfter(
  db: Kdb,
  f: PublicFilter,
  sort: CatalogueSort,
  after: ListCursor | null,
  limit: number,
): Promise<ItemListRow[]> {
  const dir = sort === 'old' ? 'asc' : 'desc'
  const cmp = sort === 'old' ? '>' : '<'
  let q = db.selectFrom('item').select(LIST_COLUMNS).where(publicWhere(f))
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('item.published_date', cmp, after.publishedDate),
        eb.and([eb('item.published_date', '=', after.publishedDate), eb('item.doc_no', cmp, after.docNo)]),
      ]),
    )
  }
  return q.orderBy('item.published_date', dir).orderBy('item.doc_no', dir).limit(limit).execute()
}

/**
 * Number of items in a view. With `cap`, counting stops after `cap + 1` rows (the caller shows
 * "cap+"), so a page over a million items costs a bounded index range scan.
 */
export async function countPublishedItems(db: Kdb, f: PublicFilter, cap?: number): Promise<number> {
  if (cap === undefined) {
    const r = await db
      .selectFrom('item')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where(publicWhere(f))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }
  const inner = db
    .selectFrom('item')
    .select(sql<number>`1`.as('one'))
    .where(publicWhere(f))
    .limit(cap + 1)
  const r = await db
    .selectFrom(inner.as('t'))
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The earliest or latest publication date in a view (one index probe each). */
export async function boundaryPublishedDate(
  db: Kdb,
  f: PublicFilter,
  which: 'first' | 'last',
): Promise<string | null> {
  const r = await db
    .selectFrom('item')
    .select('item.published_date')
    .where(publicWhere(f))
    .where('item.published_date', 'is not', null)
    .orderBy('item.published_date', which === 'first' ? 'asc' : 'desc')
    .limit(1)
    .executeTakeFirst()
  return r?.published_date ?? null
}

/** A published item with its organ's code and name (one query for the item page). */
export type ItemWithOrganRow = ItemDetailRow & { organ_code: string; organ_name: string }

export function findPublishedItem(
  db: Kdb,
  by: { id: string } | { indexNo: string },
): Promise<ItemWithOrganRow | undefined> {
  const q = db
    .selectFrom('item')
    .innerJoin('organ', 'organ.id', 'item.organ_id')
    .leftJoin('item_body', 'item_body.item_id', 'item.id')
    .select([...DETAIL_COLUMNS, 'organ.code as organ_code', 'organ.name as organ_name'])
    .select((eb) => eb.fn.coalesce('item_body.body_html', eb.val('')).as('body_html'))
    .where('item.status', '=', 'published')
  return (
    'id' in by ? q.where('item.id', '=', by.id) : q.where('item.index_no', '=', by.indexNo)
  ).executeTakeFirst()
}

/**
 * A published item by id, without its organ (the item page takes the organ's label from the
 * organ map it already holds: joining the organ row costs more than the item lookup itself).
 */
export async function findPublishedItemById(db: Kdb, id: string): Promise<ItemDetailRow | undefined> {
  const rows = await runCompiled(
    db,
    'publishedItemById',
    () =>
      db
        .selectFrom('item')
        .leftJoin('item_body', 'item_body.item_id', 'item.id')
        .select(DETAIL_COLUMNS)
        .select((eb) => eb.fn.coalesce('item_body.body_html', eb.val('')).as('body_html'))
        .where('item.status', '=', 'published')
        .where('item.id', '=', SENTINEL_ID),
    { id },
  )
  return rows[0]
}

/** Title and 索引号 of a published item (the target of a 有效性 link). */
export function findPublishedItemRef(
  db: Kdb,
  id: string,
): Promise<{ id: string; index_no: string | null; title: string } | undefined> {
  return db
    .selectFrom('item')
    .select(['item.id', 'item.index_no', 'item.title'])
    .where('item.id', '=', id)
    .where('item.status', '=', 'published')
    .executeTakeFirst()
}

export function listAttachmentsOfItem(db: Kdb, itemId: string): Promise<AttachmentListRow[]> {
  return runCompiled(
    db,
    'attachmentsOfItem',
    () =>
      db
        .selectFrom('attachment')
        .select(['attachment.id', 'attachment.filename', 'attachment.media_type', 'attachment.size'])
        .where('attachment.item_id', '=', SENTINEL_ID)
        .orderBy('attachment.created_at')
        .orderBy('attachment.filename'),
    { id: itemId },
  )
}

/** Search hits, with the text the snippets are cut from (order is the caller's). */
export function findPublishedItemsByDocNos(
  db: Kdb,
  docNos: readonly number[],
): Promise<Array<ItemListRow & { body_text: string }>> {
  if (docNos.length === 0) {
    return Promise.resolve([])
  }
  return db
    .selectFrom('item')
    .leftJoin('item_body', 'item_body.item_id', 'item.id')
    .select(LIST_COLUMNS)
    .select((eb) => eb.fn.coalesce('item_body.body_text', eb.val('')).as('body_text'))
    .where('item.doc_no', 'in', [...docNos])
    .where('item.status', '=', 'published')
    .execute()
}

/** The largest doc_no in use (the sitemap index's extent); one probe of the unique index. */
export async function maxDocNo(db: Kdb): Promise<number> {
  const r = await db
    .selectFrom('item')
    .select('item.doc_no')
    .orderBy('item.doc_no', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r ? Number(r.doc_no) : 0
}

export interface SitemapItemRow {
  id: string
  index_no: string | null
  updated_at: string
  published_date: string | null
}

/** Published items with doc_no in [from, to), in doc_no order. */
export function listPublishedRefsInDocNoRange(db: Kdb, from: number, to: number): Promise<SitemapItemRow[]> {
  return db
    .selectFrom('item')
    .select(['item.id', 'item.index_no', 'item.updated_at', 'item.published_date'])
    .where('item.doc_no', '>=', from)
    .where('item.doc_no', '<', to)
    .where('item.status', '=', 'published')
    .orderBy('item.doc_no')
    .execute()
}

/** How an organ's published items spread over one classification column (for the guide). */
export async function countPublishedByColumn(
  db: Kdb,
  organId: string,
  column: 'topic' | 'genre' | 'art20_item',
): Promise<Array<{ value: string | number; n: number }>> {
  const rows = await db
    .selectFrom('item')
    .select([`item.${column} as value`, (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .where('item.organ_id', '=', organId)
    .where('item.status', '=', 'published')
    .where(`item.${column}`, 'is not', null)
    .groupBy(`item.${column}`)
    .execute()
  return rows
    .filter((r): r is typeof r & { value: string | number } => r.value !== null)
    .map((r) => ({ value: r.value, n: Number(r.n) }))
}
