import type { Viewer } from '../../../shared/actor.js'
import type { Organ } from '../../organs/index.js'
import type { Validity } from '../catalogue.table.js'
import { formatCount, pageWindow, type CatalogueEntry, type Pagination } from './catalogue-public.js'

// Parts every public catalogue page shares: page context, dates, feed links, badges, the pager,
// the total line and the list table.

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

export function Highlighted(props: { segments: readonly TextSegment[] }) {
  return <>{props.segments.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</>
}

export function SampleBadge(props: { sample: boolean }) {
  return props.sample ? (
    <span class="badge sample" title="演示用示例数据，并非真实政府信息">
      示例数据
    </span>
  ) : null
}

export function ValidityBadge(props: { validity: Validity; label: string }) {
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

export function organCrumbs(organ: Organ, last: string): Array<[string, string?]> {
  return [['首页', '/'], [organ.name, `/organs/${encodeURIComponent(organ.code)}`], [last]]
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
