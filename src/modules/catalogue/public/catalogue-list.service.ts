import type { Kdb } from '../../../db/database.js'
import type { Organ } from '../../organs/index.js'
import {
  CSV_EXPORT_MAX,
  paginate,
  type CatalogueEntry,
  type CatalogueFilter,
  type CatalogueSort,
  type ItemListRow,
  type OrganRef,
  type Pagination,
} from './catalogue-public.js'
import * as repo from './catalogue-public.repository.js'
import {
  type OrganMap,
  ReadCache,
  organChoices,
  organMapOf,
  organRef,
  present,
  resolveOrganFilter,
} from './public-common.service.js'

// Browsing views of the public catalogue (lists, 目录, 制度, the API's list), CSV exports and feeds.

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
  stamp?: string | null,
): Promise<CataloguePage> {
  return page(db, ReadCache.open(db, stamp), input)
}

/** The publication years a view's year filter offers, newest first (two index probes). */
export function publicationYears(
  db: Kdb,
  cache: ReadCache,
  organIds: string[] | undefined,
): Promise<number[]> {
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
  /** The organs an ambiguous organ filter matched (the form offers them as choices). */
  organAmbiguous: OrganRef[]
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
  const cache = ReadCache.open(db, stamp)
  let organ: OrganRef | null
  let choices: OrganRef[] | null = null
  let organError: string | null = null
  let organAmbiguous: OrganRef[] = []
  let known: OrganMap | undefined
  if (input.column) {
    organ = organRef(input.column)
    known = organMapOf([organ])
  } else {
    choices = await organChoices(db, cache)
    const resolved = await resolveOrganFilter(db, input.organ, choices)
    organ = resolved.organ
    organError = resolved.error
    organAmbiguous = resolved.ambiguous ?? []
    known = choices ? organMapOf(choices) : undefined
  }
  const organIds = organ ? [organ.id] : undefined
  const result = await page(db, cache, { ...input, filter: { ...input.filter, organIds } }, known)
  const years = await publicationYears(db, cache, organIds)
  return { ...result, organ, choices, organError, organAmbiguous, years }
}

/**
 * Published items of one organ with a set of 体裁, under one topic or any (the 政府信息公开制度 and
 * 政府信息公开年报 pages).
 */
export async function listItemsOfKinds(
  db: Kdb,
  organ: Organ,
  topic: string | null,
  genres: readonly string[],
  pageNo: number,
  perPage: number,
  stamp?: string | null,
): Promise<CataloguePage> {
  return page(
    db,
    ReadCache.open(db, stamp),
    {
      filter: { organIds: [organ.id], ...(topic === null ? {} : { topic }), genres },
      sort: 'new',
      page: pageNo,
      perPage,
    },
    organMapOf([organRef(organ)]),
  )
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

/** Published items of an organ counted by 主题分类, 体裁 or Art. 20 item (for the guide). */
export function countPublishedItemsBy(
  db: Kdb,
  organId: string,
  column: 'topic' | 'genre' | 'art20_item',
): ReturnType<typeof repo.countPublishedByColumn> {
  return repo.countPublishedByColumn(db, organId, column)
}
