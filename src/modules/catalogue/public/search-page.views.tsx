import { Layout } from '../../../http/layout.js'
import {
  catalogueQuery,
  withQuery,
  type CatalogueEntry,
  type CatalogueParams,
  type OrganRef,
  type Pagination,
} from './catalogue-public.js'
import {
  Highlighted,
  type PageContext,
  Pager,
  SampleBadge,
  type TextSegment,
  TotalLine,
  ValidityBadge,
} from './public-common.views.js'
import { FilterForm } from './filter-form.views.js'

// The search results page.

// ─── search page ───────────────────────────────────────────────────────────────────────────

export interface SearchViewHit {
  entry: CatalogueEntry
  title: TextSegment[]
  snippet: TextSegment[]
}

export interface SearchViewProps extends PageContext {
  q: string
  params: CatalogueParams
  organs: readonly OrganRef[] | null
  organText?: string | undefined
  /** The organs an ambiguous organ filter matched. */
  organChoices?: readonly OrganRef[] | undefined
  years: readonly number[]
  /** null when no query was given yet. */
  hits: SearchViewHit[] | null
  pagination: Pagination | null
  message?: string | undefined
  errors?: Record<string, string[]> | undefined
}

export function SearchView(props: SearchViewProps) {
  const hrefFor = (page: number) => withQuery('/search', searchQuery(props.q, { ...props.params, page }))
  return (
    <Layout
      title={props.q ? `检索：${props.q}` : '检索'}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={[['首页', '/'], ['检索']]}
    >
      <h1>政府信息检索</h1>
      <FilterForm
        action="/search"
        params={props.params}
        years={props.years}
        organs={props.organs}
        organText={props.organText}
        organChoices={props.organChoices}
        q={props.q}
        errors={props.errors}
        showSort={false}
      />
      {props.message ? (
        <p class={props.errors ? 'error-summary' : 'empty'} role={props.errors ? 'alert' : 'status'}>
          {props.message}
        </p>
      ) : null}
      {props.hits && props.pagination ? (
        <>
          <TotalLine pagination={props.pagination} approx={props.pagination.totalIsLowerBound} />
          {props.hits.length === 0 ? (
            <p class="empty">没有找到与“{props.q}”相符的政府信息。请尝试更换检索词或减少筛选条件。</p>
          ) : (
            <ol class="search-results" start={(props.pagination.page - 1) * props.pagination.perPage + 1}>
              {props.hits.map((h) => (
                <li>
                  <h2 class="hit-title">
                    <a href={h.entry.href}>
                      <Highlighted segments={h.title} />
                    </a>{' '}
                    <ValidityBadge validity={h.entry.validity} label={h.entry.validityLabel} />{' '}
                    <SampleBadge sample={h.entry.sample} />
                  </h2>
                  {h.snippet.length > 0 ? (
                    <p class="snippet">
                      <Highlighted segments={h.snippet} />
                    </p>
                  ) : null}
                  <p class="hit-meta muted">
                    {h.entry.organ?.name ?? ''}
                    {h.entry.publishedDate ? ` · ${h.entry.publishedDate}` : ''}
                    {h.entry.docNumber ? ` · ${h.entry.docNumber}` : ''}
                    {h.entry.indexNo ? ` · 索引号 ${h.entry.indexNo}` : ''}
                  </p>
                </li>
              ))}
            </ol>
          )}
          <Pager pagination={props.pagination} href={hrefFor} />
        </>
      ) : null}
    </Layout>
  )
}

/** The search page's query string: q first, then the catalogue filters. */
export function searchQuery(q: string, p: CatalogueParams): string {
  const rest = catalogueQuery({ ...p, sort: undefined })
  const head = new URLSearchParams({ q }).toString()
  return rest ? `${head}&${rest}` : head
}
