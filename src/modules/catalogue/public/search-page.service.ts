import type { Kdb } from '../../../db/database.js'
import {
  paginate,
  snippetSource,
  type CatalogueEntry,
  type CatalogueFilter,
  type OrganRef,
  type Pagination,
} from './catalogue-public.js'
import * as repo from './catalogue-public.repository.js'
import type { SearchIndex } from '../../../shared/search-index.js'
import {
  type OrganMap,
  ReadCache,
  organChoices,
  organMapOf,
  present,
  resolveOrganFilter,
} from './public-common.service.js'
import { publicationYears } from './catalogue-list.service.js'

// Search results among published items (the search page and the API's q=).

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
 * in one query and kept in the engine's order. With a read cache under an exact stamp, the
 * engine's answer (the page's doc_nos and the count) is kept under it: a repeated query, or a
 * page 2, costs no index walk while nothing has changed. Invalid queries throw before anything
 * is kept.
 * @throws DomainError SEARCH_QUERY_INVALID (from the engine) for a query with nothing to search
 */
export async function searchCatalogue(
  db: Kdb,
  index: SearchIndex,
  input: { q: string; filter: CatalogueFilter; page: number; perPage: number },
  organs?: OrganMap,
  cache?: ReadCache,
): Promise<SearchResultPage> {
  const f = input.filter
  const query = {
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
  }
  const result =
    cache?.exact === true
      ? await cache.get(`search:${JSON.stringify(query)}`, () => index.search(db, query))
      : await index.search(db, query)
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
  /** The organs an ambiguous organ filter matched (the form offers them as choices). */
  organAmbiguous: OrganRef[]
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
  stamp?: string | null,
): Promise<SearchPageData> {
  const cache = ReadCache.open(db, stamp)
  const choices = await organChoices(db, cache)
  const { organ, error, ambiguous } = await resolveOrganFilter(db, input.organ, choices)
  const years = await publicationYears(db, cache, undefined)
  const base = { organ, choices, organError: error, organAmbiguous: ambiguous ?? [], years }
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
    cache,
  )
  return { ...base, results }
}
