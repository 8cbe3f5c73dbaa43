import type { Db, Kdb } from '../../../db/database.js'
import { DomainError } from '../../../shared/errors.js'
import type { Organ } from '../../organs/index.js'
import { getOrganByCode, listOrgans, resolveOrganText } from '../../organs/index.js'
import {
  CSV_EXPORT_MAX,
  itemHref,
  paginate,
  presentEntry,
  presentItem,
  refIsId,
  snippetSource,
  type CatalogueEntry,
  type CatalogueFilter,
  type CatalogueSort,
  type ItemListRow,
  type OrganRef,
  type Pagination,
  type PublicItem,
} from './catalogue-public.js'
import * as repo from './catalogue-public.repository.js'
import type { SearchIndex } from '../../../shared/search-index.js'

/**
 * Read-only use cases of the public catalogue: browsing views, the item page, search results,
 * exports, feeds and the sitemap.
 *
 * - The organ labels of a page of rows come from what is already loaded (the organ of a column,
 *   the filter's choices) or from one query for the page, never one query per row.
 * - Counts, the organ choices and the year range are kept in a small per-database cache that is
 *   exact on SQLite (entries are valid only under the change stamp they were computed under, see
 *   repo.changeStamp) and short-lived on PostgreSQL (large counts only, for a few seconds).
 */

// ─── read cache ────────────────────────────────────────────────────────────────────────────

interface CacheEntry {
  value: unknown
  stamp: string | null
  at: number
}

/** Entries kept per database; the oldest go first. */
const CACHE_MAX = 2000
/** Even under an unchanged stamp an entry is recomputed after this long (belt and braces). */
const STAMPED_TTL_MS = 5 * 60_000
/** Without a stamp (PostgreSQL), large counts are reused this long. */
const UNSTAMPED_TTL_MS = 10_000
/** Without a stamp, only counts this large are worth reusing (small ones are cheap and exact). */
const UNSTAMPED_MIN_COUNT = 2000

const stores = new WeakMap<Kdb, Map<string, CacheEntry>>()

/** The read cache of one database as of now: one stamp query, then lookups. */
class ReadCache {
  constructor(
    private readonly db: Kdb,
    private readonly stamp: string | null,
  ) {}

  /** `stamp`: the caller's current change stamp, when it has one (saves a query). */
  static async open(db: Kdb, stamp?: string | null): Promise<ReadCache> {
    return new ReadCache(db, stamp === undefined ? await repo.changeStamp(db) : stamp)
  }

  /** True when entries are exact (a change stamp exists). */
  get exact(): boolean {
    return this.stamp !== null
  }

  private store(): Map<string, CacheEntry> {
    let s = stores.get(this.db)
    if (!s) {
      s = new Map()
      stores.set(this.db, s)
    }
    return s
  }

  /**
   * The cached value of `key`, or `compute()` (kept when the stamp makes it exact, or when
   * `worthKeeping` says a stamp-less value is expensive enough to reuse for a few seconds).
   */
  async get<V>(
    key: string,
    compute: () => Promise<V>,
    worthKeeping: (v: V) => boolean = () => false,
  ): Promise<V> {
    const store = this.store()
    const now = Date.now()
    const hit = store.get(key)
    if (hit) {
      const fresh =
        this.stamp !== null
          ? hit.stamp === this.stamp && now - hit.at < STAMPED_TTL_MS
          : hit.stamp === null && now - hit.at < UNSTAMPED_TTL_MS
      if (fresh) {
        return hit.value as V
      }
      store.delete(key)
    }
    const value = await compute()
    if (this.stamp !== null || worthKeeping(value)) {
      if (store.size >= CACHE_MAX) {
        const oldest = store.keys().next().value
        if (oldest !== undefined) {
          store.delete(oldest)
        }
      }
      store.set(key, { value, stamp: this.stamp, at: now })
    }
    return value
  }

  /** The number of items in a view. */
  count(filter: repo.PublicFilter): Promise<number> {
    return this.get(
      `count:${filterKey(filter)}`,
      () => repo.countPublishedItems(this.db, filter),
      (n) => n >= UNSTAMPED_MIN_COUNT,
    )
  }
}

function filterKey(f: repo.PublicFilter): string {
  return JSON.stringify([f.organIds, f.topic, f.genre, f.genres, f.year, f.art20Item, f.validity])
}

/**
 * The token under which whole public pages may be cached, or null when they may not (no exact
 * change detection on this engine). See repo.changeStamp.
 */
export function catalogueStamp(db: Db): string | null {
  return repo.changeStampNow(db)
}

// ─── organs ────────────────────────────────────────────────────────────────────────────────

export function organRef(o: Pick<Organ, 'id' | 'code' | 'name'>): OrganRef {
  return { id: o.id, code: o.code, name: o.name }
}

/** Organ id → public reference, for labelling rows from many organs. */
export type OrganMap = ReadonlyMap<string, OrganRef>

export function organMapOf(refs: readonly OrganRef[]): OrganMap {
  return new Map(refs.map((o) => [o.id, o]))
}

/** More organs than this and the catalogue's organ filter is a text box, not a select. */
export const ORGAN_SELECT_MAX = 300

/**
 * The organs a filter select offers, in display order, or null when the installation has more
 * than ORGAN_SELECT_MAX (a select of a thousand organs helps nobody and weighs 60 KB a page).
 */
function organChoices(db: Kdb, cache: ReadCache): Promise<OrganRef[] | null> {
  return cache.get('organChoices', async () => {
    const refs = await repo.listOrganRefs(db, ORGAN_SELECT_MAX + 1)
    return refs.length > ORGAN_SELECT_MAX ? null : refs
  })
}

/** @throws DomainError ORGAN_NOT_FOUND */
export function organByCode(db: Kdb, code: string): Promise<Organ> {
  return getOrganByCode(db, code)
}

/**
 * The organ filter of an installation-wide page: a code from the select, or (when there are too
 * many organs for a select) a code or full name typed in the box.
 */
async function resolveOrganFilter(
  db: Kdb,
  raw: string | undefined,
  choices: readonly OrganRef[] | null,
): Promise<{ organ: OrganRef | null; error: string | null }> {
  if (!raw) {
    return { organ: null, error: null }
  }
  if (choices) {
    const organ = choices.find((o) => o.code === raw.toUpperCase() || o.name === raw) ?? null
    return organ ? { organ, error: null } : { organ: null, error: '没有找到该机关，请输入机关全称或机构代码' }
  }
  // Many organs: a name, short name or code typed in the box; when several match, say which.
  const r = await resolveOrganText(db, raw)
  if (r.kind === 'found') {
    return { organ: organRef(r.organ), error: null }
  }
  if (r.kind === 'ambiguous') {
    const names = r.choices.slice(0, 5).map((o) => `${o.name}（${o.code}）`)
    return {
      organ: null,
      error: `有多个机关与“${raw.trim()}”相符，请输入机关全称或机构代码，例如：${names.join('、')}${r.more || r.choices.length > 5 ? ' 等' : ''}`,
    }
  }
  return { organ: null, error: '没有找到该机关，请输入机关全称或机构代码' }
}

/**
 * Rows as list entries. Organ labels come from `known`, and the organs missing there are loaded
 * in one query for the whole page.
 */
async function present(
  db: Kdb,
  rows: readonly ItemListRow[],
  known: OrganMap = new Map(),
  cache?: ReadCache,
): Promise<CatalogueEntry[]> {
  let missing = [...new Set(rows.map((r) => r.organ_id))].filter((id) => !known.has(id))
  if (missing.length > 0 && cache?.exact) {
    // Under an exact stamp, every organ's label is loaded once and reused until data changes.
    const all = await cache.get('organRefs', async () => organMapOf(await repo.listOrganRefs(db, 1_000_000)))
    known = new Map([
      ...known,
      ...missing.flatMap((id) => {
        const o = all.get(id)
        return o ? [[id, o] as const] : []
      }),
    ])
    missing = missing.filter((id) => !known.has(id))
  }
  let map = known
  if (missing.length > 0) {
    const more = new Map(known)
    for (const o of await repo.findOrganRefsByIds(db, missing)) {
      more.set(o.id, o)
    }
    map = more
  }
  return rows.map((r) => presentEntry(r, map.get(r.organ_id) ?? null))
}

// ─── catalogue views ───────────────────────────────────────────────────────────────────────

export interface CataloguePage {
  entries: CatalogueEntry[]
  pagination: Pagination
}

async function page(
  db: Kdb,
  cache: ReadCache,
  input: { filter: repo.PublicFilter; sort: CatalogueSort; page: number; perPage: number },
  organs?: OrganMap,
): Promise<CataloguePage> {
  const offset = (input.page - 1) * input.perPage
  const rows = await repo.listPublishedItems(db, input.filter, input.sort, input.perPage + 1, offset)
  const total = await cache.count(input.filter)
  return {
    entries: await present(db, rows.slice(0, input.perPage), organs, cache),
    pagination: paginate(input.page, input.perPage, total, false, rows.length > input.perPage),
  }
}

/** One page of a view with its exact total (the JSON API). */
export async function browseCatalogue(
  db: Kdb,
  input: { filter: CatalogueFilter; sort: CatalogueSort; page: number; perPage: number },
): Promise<CataloguePage> {
  return page(db, await ReadCache.open(db), input)
}

/** The publication years a view's year filter offers, newest first (two index probes). */
function publicationYears(db: Kdb, cache: ReadCache, organIds: string[] | undefined): Promise<number[]> {
  return cache.get(`years:${JSON.stringify(organIds ?? null)}`, async () => {
    const scope: CatalogueFilter = { organIds }
    const first = await repo.boundaryPublishedDate(db, scope, 'first')
    const last = await repo.boundaryPublishedDate(db, scope, 'last')
    if (!first || !last) {
      return []
    }
    const years: number[] = []
    for (let y = Number(last.slice(0, 4)); y >= Number(first.slice(0, 4)); y--) {
      years.push(y)
    }
    return years
  })
}

export interface CatalogueListing extends CataloguePage {
  /** The organ filtered on (the column's organ, or the one chosen on the installation page). */
  organ: OrganRef | null
  /** Organ filter choices on the installation page (null: too many, a text box). */
  choices: OrganRef[] | null
  /** Why the organ filter was not understood. */
  organError: string | null
  years: number[]
}

/**
 * A catalogue page: one organ's column (`column`) or the whole installation, where `organ` is
 * the filter's code or full name.
 */
export async function loadCatalogueListing(
  db: Kdb,
  input: {
    column: Organ | null
    organ?: string | undefined
    filter: Omit<CatalogueFilter, 'organIds'>
    sort: CatalogueSort
    page: number
    perPage: number
  },
  stamp?: string | null,
): Promise<CatalogueListing> {
  const cache = await ReadCache.open(db, stamp)
  let organ: OrganRef | null
  let choices: OrganRef[] | null = null
  let organError: string | null = null
  let known: OrganMap | undefined
  if (input.column) {
    organ = organRef(input.column)
    known = organMapOf([organ])
  } else {
    choices = await organChoices(db, cache)
    const resolved = await resolveOrganFilter(db, input.organ, choices)
    organ = resolved.organ
    organError = resolved.error
    known = choices ? organMapOf(choices) : undefined
  }
  const organIds = organ ? [organ.id] : undefined
  const result = await page(db, cache, { ...input, filter: { ...input.filter, organIds } }, known)
  const years = await publicationYears(db, cache, organIds)
  return { ...result, organ, choices, organError, years }
}

/** Published items of one organ with a set of 体裁 under one topic (the 政府信息公开制度 page). */
export async function listItemsOfKinds(
  db: Kdb,
  organ: Organ,
  topic: string,
  genres: readonly string[],
  pageNo: number,
  perPage: number,
  stamp?: string | null,
): Promise<CataloguePage> {
  return page(
    db,
    await ReadCache.open(db, stamp),
    { filter: { organIds: [organ.id], topic, genres }, sort: 'new', page: pageNo, perPage },
    organMapOf([organRef(organ)]),
  )
}

// ─── item page ─────────────────────────────────────────────────────────────────────────────

/**
 * A published item by 索引号 or id. Anything not published (drafts, items under review,
 * withdrawn items) is reported as not found, so the public cannot probe for them.
 * @throws DomainError ITEM_NOT_FOUND
 */
/**
 * A published item by id or 索引号, presented for its page. `stamp`: the caller's change stamp
 * (see catalogueStamp); under one, the organ's label comes from the organ map kept for it.
 * @throws DomainError ITEM_NOT_FOUND
 */
export async function getPublicItem(
  db: Kdb,
  ref: string,
  stamp?: string | null,
): Promise<{ item: PublicItem; organ: OrganRef }> {
  const trimmed = ref.trim()
  const byId = refIsId(trimmed) ? await repo.findPublishedItemById(db, trimmed.toLowerCase()) : undefined
  const byIndexNo =
    byId || trimmed === '' ? undefined : await repo.findPublishedItem(db, { indexNo: trimmed })
  const row = byId ?? byIndexNo
  if (!row) {
    throw new DomainError('ITEM_NOT_FOUND', `no published item ${ref}`)
  }
  const organ: OrganRef | undefined = byIndexNo
    ? { id: byIndexNo.organ_id, code: byIndexNo.organ_code, name: byIndexNo.organ_name }
    : await organOfItem(db, row.organ_id, stamp)
  if (!organ) {
    throw new DomainError('ITEM_NOT_FOUND', `organ ${row.organ_id} of item ${ref} is missing`)
  }
  const attachments = await repo.listAttachmentsOfItem(db, row.id)
  const replacement = row.replaced_by_id ? await repo.findPublishedItemRef(db, row.replaced_by_id) : undefined
  const replacedBy = replacement
    ? { title: replacement.title, href: itemHref(replacement), indexNo: replacement.index_no }
    : null
  return { item: presentItem(row, organ, attachments, replacedBy), organ }
}

/** An item's organ: from the organ map kept under an exact stamp, else one point query. */
async function organOfItem(
  db: Kdb,
  organId: string,
  stamp: string | null | undefined,
): Promise<OrganRef | undefined> {
  if (stamp) {
    const cache = await ReadCache.open(db, stamp)
    const all = await cache.get('organRefs', async () => organMapOf(await repo.listOrganRefs(db, 1_000_000)))
    const hit = all.get(organId)
    if (hit) {
      return hit
    }
  }
  return (await repo.findOrganRefsByIds(db, [organId]))[0]
}

// ─── search ────────────────────────────────────────────────────────────────────────────────

export interface SearchHit {
  entry: CatalogueEntry
  /** Plain text the result snippet is cut from (summary, then body). */
  text: string
}

export interface SearchResultPage {
  hits: SearchHit[]
  pagination: Pagination
}

/**
 * Ranked full-text search among published items, with the catalogue filters; rows are loaded
 * in one query and kept in the engine's order.
 * @throws DomainError SEARCH_QUERY_INVALID (from the engine) for a query with nothing to search
 */
export async function searchCatalogue(
  db: Kdb,
  index: SearchIndex,
  input: { q: string; filter: CatalogueFilter; page: number; perPage: number },
  organs?: OrganMap,
): Promise<SearchResultPage> {
  const f = input.filter
  const result = await index.search(db, {
    q: input.q,
    filters: {
      organIds: f.organIds,
      topic: f.topic,
      genre: f.genre,
      year: f.year,
      art20Item: f.art20Item,
      validity: f.validity,
    },
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  })
  const rows = await repo.findPublishedItemsByDocNos(db, result.docNos)
  const byDocNo = new Map(rows.map((r) => [Number(r.doc_no), r]))
  const ordered = result.docNos.flatMap((docNo) => {
    const r = byDocNo.get(docNo)
    return r ? [r] : []
  })
  const presented = await present(db, ordered, organs)
  const hits: SearchHit[] = ordered.map((r, i) => ({
    entry: presented[i] as CatalogueEntry,
    text: snippetSource(r.summary, r.body_text),
  }))
  const offset = (input.page - 1) * input.perPage
  const hasMore = result.total > offset + result.docNos.length
  return {
    hits,
    pagination: paginate(input.page, input.perPage, result.total, result.totalIsLowerBound, hasMore),
  }
}

export interface SearchPageData {
  organ: OrganRef | null
  choices: OrganRef[] | null
  organError: string | null
  years: number[]
  /** null when there was no query to run (empty, or the form had errors). */
  results: SearchResultPage | null
}

/**
 * The search page: the form's choices and, for a non-empty query without form errors, a page
 * of results.
 * @throws DomainError SEARCH_QUERY_INVALID for a query with nothing to search
 */
export async function loadSearchPage(
  db: Kdb,
  index: SearchIndex,
  input: {
    q: string
    organ?: string | undefined
    filter: Omit<CatalogueFilter, 'organIds'>
    page: number
    perPage: number
    formOk: boolean
  },
): Promise<SearchPageData> {
  const cache = await ReadCache.open(db)
  const choices = await organChoices(db, cache)
  const { organ, error } = await resolveOrganFilter(db, input.organ, choices)
  const years = await publicationYears(db, cache, undefined)
  const base = { organ, choices, organError: error, years }
  if (!input.formOk || error || input.q.trim() === '') {
    return { ...base, results: null }
  }
  const results = await searchCatalogue(
    db,
    index,
    {
      q: input.q.trim(),
      filter: { ...input.filter, organIds: organ ? [organ.id] : undefined },
      page: input.page,
      perPage: input.perPage,
    },
    choices ? organMapOf(choices) : undefined,
  )
  return { ...base, results }
}

// ─── exports and feeds ─────────────────────────────────────────────────────────────────────

/** The organ named in an installation-wide export (code or full name); null when not found. */
export async function findOrganFilter(db: Kdb, raw: string): Promise<OrganRef | null> {
  return (await repo.findOrganRefByCodeOrName(db, raw)) ?? null
}

/**
 * Every item of a view, in pages of `batch`, walking by (published_date, doc_no) so a long export
 * never uses deep offsets; stops after CSV_EXPORT_MAX rows.
 */
export async function* exportCatalogue(
  db: Kdb,
  filter: CatalogueFilter,
  sort: CatalogueSort,
  organs?: OrganMap,
  batch = 1000,
): AsyncGenerator<CatalogueEntry[]> {
  const known = new Map(organs ?? [])
  let cursor: repo.ListCursor | null = null
  let written = 0
  while (written < CSV_EXPORT_MAX) {
    const rows = await repo.listPublishedItemsAfter(
      db,
      filter,
      sort,
      cursor,
      Math.min(batch, CSV_EXPORT_MAX - written),
    )
    if (rows.length === 0) {
      return
    }
    written += rows.length
    const batchEntries = await present(db, rows, known)
    for (const e of batchEntries) {
      if (e.organ) {
        known.set(e.organ.id, e.organ)
      }
    }
    yield batchEntries
    const last = rows[rows.length - 1] as ItemListRow
    if (last.published_date === null) {
      return
    }
    cursor = { publishedDate: last.published_date, docNo: Number(last.doc_no) }
    if (rows.length < batch) {
      return
    }
  }
}

/** The newest items of a view (feeds). */
export async function latestItems(
  db: Kdb,
  filter: CatalogueFilter,
  limit: number,
  organs?: OrganMap,
): Promise<CatalogueEntry[]> {
  return present(db, await repo.listPublishedItems(db, filter, 'new', limit, 0), organs)
}

// ─── sitemap ───────────────────────────────────────────────────────────────────────────────

export interface SitemapFacts {
  organs: Organ[]
  publishedItems: number
  maxDocNo: number
}

export async function sitemapFacts(db: Kdb): Promise<SitemapFacts> {
  const cache = await ReadCache.open(db)
  const organs = await listOrgans(db)
  const publishedItems = await cache.count({})
  const maxDocNo = await repo.maxDocNo(db)
  return { organs, publishedItems, maxDocNo }
}

export function sitemapItems(db: Kdb, from: number, to: number): Promise<repo.SitemapItemRow[]> {
  return repo.listPublishedRefsInDocNoRange(db, from, to)
}

/** Published items of an organ counted by 主题分类, 体裁 or Art. 20 item (for the guide). */
export function countPublishedItemsBy(
  db: Kdb,
  organId: string,
  column: 'topic' | 'genre' | 'art20_item',
): ReturnType<typeof repo.countPublishedByColumn> {
  return repo.countPublishedByColumn(db, organId, column)
}
