import type { ComponentChildren } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { Viewer } from '../../../shared/actor.js'
import { Layout, SelectField } from '../../../http/layout.js'
import type { Organ } from '../../organs/index.js'
import { ART20_ITEMS } from '../classification/index.js'
import type { Validity } from '../catalogue.table.js'
import {
  catalogueQuery,
  formatCount,
  pageWindow,
  RULES_GENRES,
  RULES_TOPIC,
  topicFilterLabel,
  VALIDITY_LABELS,
  withQuery,
  type CatalogueEntry,
  type CatalogueParams,
  type OrganRef,
  type Pagination,
  type PublicItem,
} from './catalogue-public.js'
import { GENRES, TOPIC_GROUPS, TOPIC_SEPARATOR, topicLabel } from '../classification/index.js'

/** What every public page gets from the route. */
export interface PageContext {
  viewer: Viewer | null
  csrfToken: string
}

export interface TextSegment {
  text: string
  hit: boolean
}

// ─── shared pieces ─────────────────────────────────────────────────────────────────────────

/** "2013年05月15日" from "2013-05-15" (as Chinese government sites print dates). */
export function cnDate(d: string | null): string {
  const m = d ? /^(\d{4})-(\d{2})-(\d{2})/.exec(d) : null
  return m ? `${m[1]}年${m[2]}月${m[3]}日` : ''
}

/** <link rel="alternate"> tags for an organ's (or a topic's) feeds. */
export function FeedLinks(props: { base: string; title: string }) {
  return (
    <>
      <link
        rel="alternate"
        type="application/rss+xml"
        title={`${props.title}（RSS）`}
        href={`${props.base}.rss`}
      />
      <link
        rel="alternate"
        type="application/atom+xml"
        title={`${props.title}（Atom）`}
        href={`${props.base}.atom`}
      />
    </>
  )
}

export function organFeedBase(code: string): string {
  return `/organs/${encodeURIComponent(code)}/feed`
}

export function topicFeedBase(topic: string): string {
  return `/feeds/topic/${encodeURIComponent(topic)}`
}

function Highlighted(props: { segments: readonly TextSegment[] }) {
  return <>{props.segments.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</>
}

function SampleBadge(props: { sample: boolean }) {
  return props.sample ? (
    <span class="badge sample" title="演示用示例数据，并非真实政府信息">
      示例数据
    </span>
  ) : null
}

function ValidityBadge(props: { validity: Validity; label: string }) {
  return props.validity === 'valid' ? null : <span class="badge validity-off">{props.label}</span>
}

/** Page links: previous/next plus a window of numbers; the current page is marked for screen readers. */
export function Pager(props: { pagination: Pagination; href: (page: number) => string }) {
  const p = props.pagination
  if (p.pageCount <= 1 && !p.hasNext && !p.hasPrev) {
    return null
  }
  return (
    <nav class="pager" aria-label="分页">
      <ul>
        {p.hasPrev ? (
          <li>
            <a href={props.href(p.page - 1)} rel="prev">
              上一页
            </a>
          </li>
        ) : null}
        {pageWindow(p).map((n) =>
          n === null ? (
            <li aria-hidden="true" class="gap">
              …
            </li>
          ) : n === p.page ? (
            <li>
              <a href={props.href(n)} aria-current="page" class="current">
                <span class="visually-hidden">第 </span>
                {n}
                <span class="visually-hidden"> 页（当前页）</span>
              </a>
            </li>
          ) : (
            <li>
              <a href={props.href(n)} aria-label={`第 ${n} 页`}>
                {n}
              </a>
            </li>
          ),
        )}
        {p.hasNext ? (
          <li>
            <a href={props.href(p.page + 1)} rel="next">
              下一页
            </a>
          </li>
        ) : null}
      </ul>
      <p class="muted">
        第 {p.page} 页，共 {p.pageCount}
        {p.totalIsLowerBound ? '+' : ''} 页
      </p>
    </nav>
  )
}

function Opt(props: { value: string; current: string; children: ComponentChildren }) {
  return (
    <option value={props.value} selected={props.value === props.current}>
      {props.children}
    </option>
  )
}

function TopicOptions(props: { current: string }) {
  return (
    <>
      <Opt value="" current={props.current}>
        全部主题
      </Opt>
      {TOPIC_GROUPS.map((g) =>
        g.children.length === 0 ? (
          <Opt value={g.name} current={props.current}>
            {g.name}
          </Opt>
        ) : (
          <optgroup label={g.name}>
            <Opt value={g.name} current={props.current}>
              {topicFilterLabel(g.name)}
            </Opt>
            {g.children.map((c) => (
              <Opt value={`${g.name}${TOPIC_SEPARATOR}${c}`} current={props.current}>
                {c}
              </Opt>
            ))}
          </optgroup>
        ),
      )}
    </>
  )
}

function GenreOptions(props: { current: string }) {
  const list = props.current && !GENRES.includes(props.current) ? [...GENRES, props.current] : GENRES
  return (
    <>
      <Opt value="" current={props.current}>
        全部体裁
      </Opt>
      {list.map((g) => (
        <Opt value={g} current={props.current}>
          {g}
        </Opt>
      ))}
    </>
  )
}

function YearOptions(props: { current: string; years: readonly number[] }) {
  const years =
    props.current && !props.years.includes(Number(props.current))
      ? [Number(props.current), ...props.years]
      : props.years
  return (
    <>
      <Opt value="" current={props.current}>
        全部年份
      </Opt>
      {years.map((y) => (
        <Opt value={String(y)} current={props.current}>
          {y}年
        </Opt>
      ))}
    </>
  )
}

export interface FilterFormProps {
  action: string
  params: CatalogueParams
  years: readonly number[]
  /**
   * Organs to choose from; null when there are too many for a select (a text box for the code
   * or full name then); omitted on an organ's own catalogue.
   */
  organs?: readonly OrganRef[] | null | undefined
  /** What the organ text box shows (the chosen organ's name, or what was typed). */
  organText?: string | undefined
  errors?: Record<string, string[]> | undefined
  /** The search page adds its query box. */
  q?: string | undefined
  showSort?: boolean
}

/** The filter form: a GET form with labelled selects; works without JavaScript. */
export function FilterForm(props: FilterFormProps) {
  return (
    <form
      method="get"
      action={props.action}
      class="filters"
      role="search"
      aria-label="筛选条件"
      // Markup rendered (and so escaped) by preact from these very props, see filterFieldsHtml.
      dangerouslySetInnerHTML={{ __html: filterFieldsHtml(props) }}
    />
  )
}

/**
 * The filter form's fields as HTML, memoised: they are a pure function of the props, and the
 * topic, genre, organ and year selects (two hundred options and more) cost more to render than
 * the rest of a list page. The organ choices and the years are keyed by identity (the service
 * hands out the same arrays while the data is unchanged), everything else by value.
 */
const filterFieldsMemo = new WeakMap<object, WeakMap<object, Map<string, string>>>()
const NULL_ORGANS = {}
const NO_ORGANS = {}
const FILTER_FIELDS_MEMO_MAX = 200

function filterFieldsHtml(props: FilterFormProps): string {
  const organsKey = props.organs === null ? NULL_ORGANS : (props.organs ?? NO_ORGANS)
  let byOrgans = filterFieldsMemo.get(props.years)
  if (!byOrgans) {
    byOrgans = new WeakMap()
    filterFieldsMemo.set(props.years, byOrgans)
  }
  let byValue = byOrgans.get(organsKey)
  if (!byValue) {
    byValue = new Map()
    byOrgans.set(organsKey, byValue)
  }
  const key = JSON.stringify([
    props.action,
    props.params,
    props.organText,
    props.errors,
    props.q,
    props.showSort,
  ])
  let html = byValue.get(key)
  if (html === undefined) {
    html = renderToString(<FilterFields {...props} />)
    if (byValue.size >= FILTER_FIELDS_MEMO_MAX) {
      const oldest = byValue.keys().next().value
      if (oldest !== undefined) {
        byValue.delete(oldest)
      }
    }
    byValue.set(key, html)
  }
  return html
}

function FilterFields(props: FilterFormProps) {
  const p = props.params
  const e = props.errors ?? {}
  return (
    <>
      {props.q !== undefined ? (
        <div class={`field search-box${e.q ? ' has-error' : ''}`}>
          <label for="f-q">检索词</label>
          <input
            id="f-q"
            name="q"
            type="search"
            value={props.q}
            maxLength={100}
            aria-invalid={e.q ? 'true' : undefined}
            aria-describedby={e.q ? 'f-q-error' : undefined}
          />
          {e.q ? (
            <p class="field-error" id="f-q-error">
              {e.q.join('；')}
            </p>
          ) : null}
        </div>
      ) : null}
      {props.organs === null ? (
        <div class={`field${e.organ ? ' has-error' : ''}`}>
          <label for="f-organ">发布机构</label>
          <input
            id="f-organ"
            name="organ"
            type="text"
            value={props.organText ?? ''}
            maxLength={100}
            aria-describedby={e.organ ? 'f-organ-hint f-organ-error' : 'f-organ-hint'}
            aria-invalid={e.organ ? 'true' : undefined}
          />
          <p class="hint" id="f-organ-hint">
            机关全称或机构代码；留空为全部机关
          </p>
          {e.organ ? (
            <p class="field-error" id="f-organ-error">
              {e.organ.join('；')}
            </p>
          ) : null}
        </div>
      ) : props.organs ? (
        <SelectField name="organ" label="发布机构" errors={e.organ}>
          <Opt value="" current={p.organ ?? ''}>
            全部机关
          </Opt>
          {props.organs.map((o) => (
            <Opt value={o.code} current={p.organ ?? ''}>
              {o.name}
            </Opt>
          ))}
        </SelectField>
      ) : null}
      <SelectField name="topic" label="主题分类" errors={e.topic}>
        <TopicOptions current={p.topic ?? ''} />
      </SelectField>
      <SelectField name="genre" label="体裁" errors={e.genre}>
        <GenreOptions current={p.genre ?? ''} />
      </SelectField>
      <SelectField name="year" label="发布年份" errors={e.year}>
        <YearOptions current={p.year === undefined ? '' : String(p.year)} years={props.years} />
      </SelectField>
      <SelectField name="art20" label="条例第二十条事项" errors={e.art20}>
        <Opt value="" current={p.art20 === undefined ? '' : String(p.art20)}>
          全部事项
        </Opt>
        {ART20_ITEMS.map((i) => (
          <Opt value={String(i.no)} current={p.art20 === undefined ? '' : String(p.art20)}>
            {i.label}
            {i.text}
          </Opt>
        ))}
      </SelectField>
      <SelectField name="validity" label="有效性" errors={e.validity}>
        <Opt value="" current={p.validity ?? ''}>
          全部
        </Opt>
        {(Object.keys(VALIDITY_LABELS) as Validity[]).map((v) => (
          <Opt value={v} current={p.validity ?? ''}>
            {VALIDITY_LABELS[v]}
          </Opt>
        ))}
      </SelectField>
      {props.showSort === false ? null : (
        <SelectField name="sort" label="排序" errors={e.sort}>
          <Opt value="new" current={p.sort ?? 'new'}>
            发布日期从新到旧
          </Opt>
          <Opt value="old" current={p.sort ?? 'new'}>
            发布日期从旧到新
          </Opt>
        </SelectField>
      )}
      <div class="field actions">
        <button type="submit">{props.q !== undefined ? '检索' : '筛选'}</button>{' '}
        <a href={props.action}>清除条件</a>
      </div>
    </>
  )
}

/** "共 90 条" / "共 10000+ 条" / "约 300 条" (search lower bounds). */
export function TotalLine(props: { pagination: Pagination; approx?: boolean }) {
  return (
    <p class="result-count" role="status">
      {formatCount(props.pagination, props.approx ?? false)}
    </p>
  )
}

/** A catalogue list as a table: 索引号, 名称, 文号, (发布机构), 发布日期. */
export function EntryTable(props: {
  entries: readonly CatalogueEntry[]
  showOrgan: boolean
  caption: string
}) {
  return (
    <div class="table-scroll">
      <table class="responsive catalogue-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">索引号</th>
            <th scope="col">名称</th>
            <th scope="col">文号</th>
            {props.showOrgan ? <th scope="col">发布机构</th> : null}
            <th scope="col">发布日期</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td class="index-no">{e.indexNo ?? '—'}</td>
              <td>
                <a href={e.href}>{e.title}</a> <ValidityBadge validity={e.validity} label={e.validityLabel} />{' '}
                <SampleBadge sample={e.sample} />
              </td>
              <td>{e.docNumber ?? ''}</td>
              {props.showOrgan ? <td>{e.organ?.name ?? ''}</td> : null}
              <td class="nowrap">{e.publishedDate ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

// ─── catalogue pages ───────────────────────────────────────────────────────────────────────

export interface CatalogueViewProps extends PageContext {
  /** The organ whose column this is, or null for the whole installation. */
  organ: Organ | null
  /** Organ choices for the filter (null: too many, a text box instead). */
  organs: readonly OrganRef[] | null
  organText?: string | undefined
  params: CatalogueParams
  years: readonly number[]
  entries: readonly CatalogueEntry[]
  pagination: Pagination
  errors?: Record<string, string[]> | undefined
}

function organCrumbs(organ: Organ, last: string): Array<[string, string?]> {
  return [['首页', '/'], [organ.name, `/organs/${encodeURIComponent(organ.code)}`], [last]]
}

/** 法定主动公开内容 of one organ, or the catalogue across the installation. */
export function CatalogueView(props: CatalogueViewProps) {
  const base = props.organ ? `/organs/${encodeURIComponent(props.organ.code)}/catalogue` : '/catalogue'
  const title = props.organ ? `${props.organ.name} 法定主动公开内容` : '政府信息公开目录'
  const hrefFor = (page: number) => withQuery(base, catalogueQuery({ ...props.params, page }))
  const csvHref = withQuery(base, catalogueQuery({ ...props.params, page: undefined }, { format: 'csv' }))
  const topicFeed =
    props.params.topic && props.params.topic.includes(TOPIC_SEPARATOR) ? props.params.topic : null
  return (
    <Layout
      title={title}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={
        props.organ ? organCrumbs(props.organ, '法定主动公开内容') : [['首页', '/'], ['政府信息公开目录']]
      }
      head={
        <>
          {props.organ ? (
            <FeedLinks base={organFeedBase(props.organ.code)} title={`${props.organ.name} 最新公开信息`} />
          ) : null}
          {topicFeed ? (
            <FeedLinks base={topicFeedBase(topicFeed)} title={`主题：${topicLabel(topicFeed)}`} />
          ) : null}
        </>
      }
    >
      <h1>{title}</h1>
      {props.organ ? (
        <p class="muted">
          依据《中华人民共和国政府信息公开条例》第二十条、第二十一条主动公开的政府信息。另见
          <a href={`/organs/${encodeURIComponent(props.organ.code)}/catalogue-index`}>政府信息公开目录</a>、
          <a href={`/organs/${encodeURIComponent(props.organ.code)}/guide`}>政府信息公开指南</a>。
        </p>
      ) : (
        <p class="muted">本平台各机关主动公开的政府信息，可按机关、主题分类、体裁、年份等条件筛选。</p>
      )}
      {props.errors ? (
        <div class="error-summary" role="alert">
          筛选条件有误，已忽略标出的条件。
        </div>
      ) : null}
      <FilterForm
        action={base}
        params={props.params}
        years={props.years}
        organs={props.organ ? undefined : props.organs}
        organText={props.organText}
        errors={props.errors}
      />
      <div class="list-head">
        <TotalLine pagination={props.pagination} />
        <p class="exports">
          <a href={csvHref} download>
            导出当前条件下的结果（CSV）
          </a>
          {props.organ ? (
            <>
              {' · '}
              <a href={`${organFeedBase(props.organ.code)}.rss`}>RSS 订阅</a>
              {' · '}
              <a href={`${organFeedBase(props.organ.code)}.atom`}>Atom 订阅</a>
            </>
          ) : null}
        </p>
      </div>
      {props.entries.length === 0 ? (
        <p class="empty">没有符合条件的政府信息。</p>
      ) : (
        <EntryTable entries={props.entries} showOrgan={!props.organ} caption={`${title}列表`} />
      )}
      <Pager pagination={props.pagination} href={hrefFor} />
    </Layout>
  )
}

// ─── item page ─────────────────────────────────────────────────────────────────────────────

function MetaRow(props: { cells: Array<[string, ComponentChildren]> }) {
  const [first, second] = props.cells
  return (
    <tr>
      {first ? (
        <>
          <th scope="row">{first[0]}</th>
          <td colSpan={second ? undefined : 3}>{first[1]}</td>
        </>
      ) : null}
      {second ? (
        <>
          <th scope="row">{second[0]}</th>
          <td>{second[1]}</td>
        </>
      ) : null}
    </tr>
  )
}

function ValidityCell(props: { item: PublicItem }) {
  const i = props.item
  return (
    <>
      {i.validityLabel}
      {i.validityDate ? `（${cnDate(i.validityDate)}${i.validity === 'valid' ? '起' : ''}）` : null}
      {i.replacedBy ? (
        <>
          {'，'}
          {i.validity === 'revised' ? '修订后版本：' : '替代文件：'}
          <a href={i.replacedBy.href}>{i.replacedBy.title}</a>
        </>
      ) : null}
    </>
  )
}

export function ItemView(props: PageContext & { item: PublicItem; organ: OrganRef }) {
  const i = props.item
  const organHref = `/organs/${encodeURIComponent(props.organ.code)}`
  return (
    <Layout
      title={i.title}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={[
        ['首页', '/'],
        [props.organ.name, organHref],
        ['法定主动公开内容', `${organHref}/catalogue`],
        ['正文'],
      ]}
      head={<FeedLinks base={organFeedBase(props.organ.code)} title={`${props.organ.name} 最新公开信息`} />}
    >
      <article class="item-page">
        <h1 class="item-title">
          {i.title} <SampleBadge sample={i.sample} />
        </h1>
        <table class="meta-table item-meta">
          <caption class="visually-hidden">信息属性</caption>
          <tbody>
            <MetaRow
              cells={[
                ['索引号', i.indexNo ?? '—'],
                ['主题分类', i.topicLabel ?? '—'],
              ]}
            />
            <MetaRow
              cells={[
                [
                  '发布机构',
                  <>
                    <a href={organHref}>{props.organ.name}</a>
                    {i.jointIssuers.length > 0 ? `（联合发文：${i.jointIssuers.join('、')}）` : null}
                  </>,
                ],
                ['成文日期', cnDate(i.writtenDate) || '—'],
              ]}
            />
            <MetaRow cells={[['名称', i.title]]} />
            <MetaRow
              cells={[
                [
                  '文号',
                  <>
                    {i.docNumber ?? '—'}
                    {i.docNumberRaw && i.docNumber && i.docNumberRaw.trim() !== i.docNumber ? (
                      <span class="muted">（原文：{i.docNumberRaw}）</span>
                    ) : null}
                  </>,
                ],
                ['发布日期', cnDate(i.publishedDate) || '—'],
              ]}
            />
            <MetaRow
              cells={[
                ['体裁', i.genre ?? '—'],
                ['公开方式', i.disclosureModeLabel],
              ]}
            />
            <MetaRow
              cells={[
                ['公开范围', i.scopeLabel],
                ['公开时限', i.termLabel],
              ]}
            />
            <MetaRow cells={[['有效性', <ValidityCell item={i} />]]} />
            {i.art20FullLabel || i.art21Item ? (
              <MetaRow
                cells={[
                  [
                    '公开事项',
                    <>
                      {i.art20FullLabel ? `条例${i.art20FullLabel}` : null}
                      {i.art20FullLabel && i.art21Item ? '；' : null}
                      {i.art21Item ? `条例第二十一条：${i.art21Item}` : null}
                    </>,
                  ],
                ]}
              />
            ) : null}
            {i.keyAreas.length > 0 ? <MetaRow cells={[['重点领域', i.keyAreas.join('、')]]} /> : null}
          </tbody>
        </table>
        {i.validity !== 'valid' ? (
          <p class="notice validity-notice" role="note">
            本文件有效性：
            <ValidityCell item={i} />。
          </p>
        ) : null}
        {i.bodyHtml === null ? (
          <p class="empty">
            本信息的公开方式为“{i.disclosureModeLabel}”{i.withheldReason ? `（${i.withheldReason}）` : ''}
            ，正文不在网上公开。如需获取，可
            <a href={`${organHref}/apply`}>依申请公开</a>。
          </p>
        ) : (
          <div class="item-body" dangerouslySetInnerHTML={{ __html: i.bodyHtml }} />
        )}
        {i.attachments.length > 0 ? (
          <section class="attachments" aria-labelledby="attachments-h">
            <h2 id="attachments-h">附件</h2>
            <ul>
              {i.attachments.map((a) => (
                <li>
                  <a href={a.href} download={a.filename}>
                    {a.filename}
                  </a>{' '}
                  <span class="muted">（{a.sizeLabel}）</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {i.summary ? (
          <section class="item-summary no-print" aria-labelledby="summary-h">
            <h2 id="summary-h">内容概述</h2>
            <p>{i.summary}</p>
          </section>
        ) : null}
      </article>
    </Layout>
  )
}

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

// ─── 政府信息公开目录 and 政府信息公开制度 ─────────────────────────────────────────────────────────

export function CatalogueIndexView(
  props: PageContext & { organ: Organ; entries: readonly CatalogueEntry[]; pagination: Pagination },
) {
  const base = `/organs/${encodeURIComponent(props.organ.code)}/catalogue-index`
  return (
    <Layout
      title={`${props.organ.name} 政府信息公开目录`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={organCrumbs(props.organ, '政府信息公开目录')}
      head={<FeedLinks base={organFeedBase(props.organ.code)} title={`${props.organ.name} 最新公开信息`} />}
    >
      <h1>{props.organ.name} 政府信息公开目录</h1>
      <p class="muted">
        依据《中华人民共和国政府信息公开条例》第十二条，政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。
        按主题分类、体裁等筛选请见
        <a href={`/organs/${encodeURIComponent(props.organ.code)}/catalogue`}>法定主动公开内容</a>。
      </p>
      <TotalLine pagination={props.pagination} />
      {props.entries.length === 0 ? (
        <p class="empty">本机关尚未主动公开政府信息。</p>
      ) : (
        <div class="table-scroll">
          <table class="responsive catalogue-index">
            <caption class="visually-hidden">政府信息公开目录</caption>
            <thead>
              <tr>
                <th scope="col">索引</th>
                <th scope="col">名称</th>
                <th scope="col">内容概述</th>
                <th scope="col">生成日期</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <tr>
                  <td class="index-no">{e.indexNo ?? '—'}</td>
                  <td>
                    <a href={e.href}>{e.title}</a> <SampleBadge sample={e.sample} />
                  </td>
                  <td>{e.summary ?? ''}</td>
                  <td class="nowrap">{e.writtenDate ?? e.publishedDate ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pagination={props.pagination} href={(page) => (page > 1 ? `${base}?page=${page}` : base)} />
    </Layout>
  )
}

export function RulesView(
  props: PageContext & {
    organ: Organ
    intro: string | null
    entries: readonly CatalogueEntry[]
    pagination: Pagination
  },
) {
  const base = `/organs/${encodeURIComponent(props.organ.code)}/rules`
  return (
    <Layout
      title={`${props.organ.name} 政府信息公开制度`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={organCrumbs(props.organ, '政府信息公开制度')}
    >
      <h1>{props.organ.name} 政府信息公开制度</h1>
      {props.intro ? <TextBlock text={props.intro} /> : null}
      <p class="muted">
        本栏目列出本机关已公开的政府信息公开工作制度：主题分类为“{topicLabel(RULES_TOPIC)}”且体裁为
        {RULES_GENRES.map((g) => `“${g}”`).join('、')}的政府信息。
      </p>
      {props.entries.length === 0 ? (
        <p class="empty">本机关尚未在本平台公开政府信息公开工作制度。</p>
      ) : (
        <>
          <TotalLine pagination={props.pagination} />
          <EntryTable entries={props.entries} showOrgan={false} caption="政府信息公开制度列表" />
        </>
      )}
      <Pager pagination={props.pagination} href={(page) => (page > 1 ? `${base}?page=${page}` : base)} />
    </Layout>
  )
}

/** Staff-written plain text as paragraphs (blank lines separate paragraphs, newlines are kept). */
export function TextBlock(props: { text: string }) {
  const paras = props.text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  return (
    <div class="text-block">
      {paras.map((p) => (
        <p>
          {p.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </div>
  )
}
