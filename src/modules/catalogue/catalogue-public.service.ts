import type { Kdb } from '../../db/database.js'
import { DomainError } from '../../shared/errors.js'
import type { Organ } from '../organs/organ.js'
import { getOrganById, getOrganByCode, listOrgans } from '../organs/organ.service.js'
import {
  CSV_EXPORT_MAX,
  PAGE_COUNT_CAP,
  paginate,
  presentEntry,
  presentItem,
  refIsId,
  itemHref,
  type CatalogueEntry,
  type CatalogueFilter,
  type CatalogueSort,
  type OrganRef,
  type Pagination,
  type PublicItem,
  type ItemListRow,
} from './catalogue-public.js'
import * as repo from './catalogue-public.repository.js'
import type { SearchIndex } from './search-index.js'

/**
 * Read-only use cases of the public catalogue: browsing views, the item page, search results,
 * exports, feeds and the sitemap. Organ names are loaded once per call (one query for all of
 * them, or the single organ of an organ's column), never per row.
 */

export function organRef(o: Pick<Organ, 'id' | 'code' | 'name'>): OrganRef {
  return { id: o.id, code: o.code, name: o.name }
}

/** Organ id → public reference, for labelling rows from many organs. */
export type OrganMap = ReadonlyMap<string, OrganRef>

export async function loadOrganMap(db: Kdb): Promise<{ organs: Organ[]; map: OrganMap }> {
  const organs = await listOrgans(db)
  return { organs, map: new Map(organs.map((o) => [o.id, organRef(o)])) }
}

/** @throws DomainError ORGAN_NOT_FOUND */
export function organByCode(db: Kdb, code: string): Promise<Organ> {
  return getOrganByCode(db, code)
}

function entries(rows: readonly ItemListRow[], organs: OrganMap): CatalogueEntry[] {
  return rows.map((r) => presentEntry(r, organs.get(r.organ_id) ?? null))
}

export interface CataloguePage {
  entries: CatalogueEntry[]
  pagination: Pagination
}

/**
 * One page of a view. `exactTotal` counts every match (the JSON API); otherwise the count stops
 * at PAGE_COUNT_CAP (pages say "10000+").
 */
export async function browseCatalogue(
  db: Kdb,
  organs: OrganMap,
  input: {
    filter: CatalogueFilter
    sort: CatalogueSort
    page: number
    perPage: number
    exactTotal?: boolean
  },
): Promise<CataloguePage> {
  const offset = (input.page - 1) * input.perPage
  const [rows, counted] = await Promise.all([
    repo.listPublishedItems(db, input.filter, input.sort, input.perPage + 1, offset),
    repo.countPublishedItems(db, input.filter, input.exactTotal ? undefined : PAGE_COUNT_CAP),
  ])
  const hasMore = rows.length > input.perPage
  const lowerBound = !input.exactTotal && counted > PAGE_COUNT_CAP
  const total = lowerBound ? PAGE_COUNT_CAP : counted
  return {
    entries: entries(rows.slice(0, input.perPage), organs),
    pagination: paginate(input.page, input.perPage, total, lowerBound, hasMore),
  }
}

/** The publication years a view's year filter offers, newest first (two index probes). */
export async function publicationYears(db: Kdb, filter: CatalogueFilter): Promise<number[]> {
  const scope: CatalogueFilter = { organIds: filter.organIds }
  const [first, last] = await Promise.all([
    repo.boundaryPublishedDate(db, scope, 'first'),
    repo.boundaryPublishedDate(db, scope, 'last'),
  ])
  if (!first || !last) {
    return []
  }
  const years: number[] = []
  for (let y = Number(last.slice(0, 4)); y >= Number(first.slice(0, 4)); y--) {
    years.push(y)
  }
  return years
}

/**
 * A published item by 索引号 or id. Anything not published (drafts, items under review,
 * withdrawn items) is reported as not found, so the public cannot probe for them.
 * @throws DomainError ITEM_NOT_FOUND
 */
export async function getPublicItem(db: Kdb, ref: string): Promise<{ item: PublicItem; organ: Organ }> {
  const trimmed = ref.trim()
  const row =
    (refIsId(trimmed) ? await repo.findPublishedItemById(db, trimmed.toLowerCase()) : undefined) ??
    (trimmed === '' ? undefined : await repo.findPublishedItemByIndexNo(db, trimmed))
  if (!row) {
    throw new DomainError('ITEM_NOT_FOUND', `no published item ${ref}`)
  }
  const [organ, attachments, replacement] = await Promise.all([
    getOrganById(db, row.organ_id),
    repo.listAttachmentsOfItem(db, row.id),
    row.replaced_by_id ? repo.findPublishedItemRef(db, row.replaced_by_id) : Promise.resolve(undefined),
  ])
  const replacedBy = replacement
    ? { title: replacement.title, href: itemHref(replacement), indexNo: replacement.index_no }
    : null
  return { item: presentItem(row, organRef(organ), attachments, replacedBy), organ }
}

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
  organs: OrganMap,
  input: { q: string; filter: CatalogueFilter; page: number; perPage: number },
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
  const hits: SearchHit[] = []
  for (const docNo of result.docNos) {
    const r = byDocNo.get(docNo)
    if (r) {
      hits.push({
        entry: presentEntry(r, organs.get(r.organ_id) ?? null),
        text: [r.summary ?? '', r.body_text].filter((s) => s.trim() !== '').join('\n'),
      })
    }
  }
  const offset = (input.page - 1) * input.perPage
  const hasMore = result.total > offset + result.docNos.length
  return {
    hits,
    pagination: paginate(input.page, input.perPage, result.total, result.totalIsLowerBound, hasMore),
  }
}

/**
 * Every item of a view, in pages of `batch`, walking by (published_date, doc_no) so a long export
 * never uses deep offsets; stops after CSV_EXPORT_MAX rows.
 */
export async function* exportCatalogue(
  db: Kdb,
  organs: OrganMap,
  filter: CatalogueFilter,
  sort: CatalogueSort,
  batch = 1000,
): AsyncGenerator<CatalogueEntry[]> {
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
    yield entries(rows, organs)
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
  organs: OrganMap,
  filter: CatalogueFilter,
  limit: number,
): Promise<CatalogueEntry[]> {
  return entries(await repo.listPublishedItems(db, filter, 'new', limit, 0), organs)
}

/** Published items with a given set of 体裁 under one topic (the 政府信息公开制度 page). */
export async function listItemsOfKinds(
  db: Kdb,
  organ: Organ,
  topic: string,
  genres: readonly string[],
  page: number,
  perPage: number,
): Promise<CataloguePage> {
  const filter = { organIds: [organ.id], topic, genres }
  const offset = (page - 1) * perPage
  const [rows, total] = await Promise.all([
    repo.listPublishedItems(db, filter, 'new', perPage + 1, offset),
    repo.countPublishedItems(db, filter),
  ])
  return {
    entries: entries(rows.slice(0, perPage), new Map([[organ.id, organRef(organ)]])),
    pagination: paginate(page, perPage, total, false, rows.length > perPage),
  }
}

// ─── sitemap ────────────────────────────────────────────────────────────────────────────────

export interface SitemapFacts {
  organs: Organ[]
  publishedItems: number
  maxDocNo: number
}

export async function sitemapFacts(db: Kdb): Promise<SitemapFacts> {
  const [organs, publishedItems, maxDocNo] = await Promise.all([
    listOrgans(db),
    repo.countPublishedItems(db, {}),
    repo.maxDocNo(db),
  ])
  return { organs, publishedItems, maxDocNo }
}

export function sitemapItems(db: Kdb, from: number, to: number): Promise<repo.SitemapItemRow[]> {
  return repo.listPublishedRefsInDocNoRange(db, from, to)
}
