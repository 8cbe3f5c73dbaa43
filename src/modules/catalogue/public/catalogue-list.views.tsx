import { Layout } from '../../../http/layout.js'
import type { Organ } from '../../organs/index.js'
import {
  catalogueQuery,
  RULES_GENRES,
  RULES_TOPIC,
  withQuery,
  type CatalogueEntry,
  type CatalogueParams,
  type OrganRef,
  type Pagination,
} from './catalogue-public.js'
import { TOPIC_SEPARATOR, topicLabel } from '../classification/index.js'
import {
  EntryTable,
  FeedLinks,
  type PageContext,
  Pager,
  SampleBadge,
  TextBlock,
  TotalLine,
  organCrumbs,
  organFeedBase,
  topicFeedBase,
} from './public-common.views.js'
import { FilterForm } from './filter-form.views.js'

// List pages: the catalogue (per organ and installation-wide), 政府信息公开目录, 政府信息公开制度.

// ─── catalogue pages ───────────────────────────────────────────────────────────────────────

export interface CatalogueViewProps extends PageContext {
  /** The organ whose column this is, or null for the whole installation. */
  organ: Organ | null
  /** Organ choices for the filter (null: too many, a text box instead). */
  organs: readonly OrganRef[] | null
  organText?: string | undefined
  /** The organs an ambiguous organ filter matched. */
  organChoices?: readonly OrganRef[] | undefined
  params: CatalogueParams
  years: readonly number[]
  entries: readonly CatalogueEntry[]
  pagination: Pagination
  errors?: Record<string, string[]> | undefined
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
        organChoices={props.organChoices}
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
        依据《中华人民共和国政府信息公开条例》第十二条，政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。生成日期为公文的成文日期，其他信息为发布日期；目录按发布日期由近及远排列。
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
                <th scope="col">发布日期</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <tr>
                  <td class="index-no" data-label="索引">
                    {e.indexNo ?? '—'}
                  </td>
                  <td data-label="名称">
                    <a href={e.href}>{e.title}</a> <SampleBadge sample={e.sample} />
                  </td>
                  <td data-label="内容概述">{e.summary ?? ''}</td>
                  <td class="nowrap" data-label="生成日期">
                    {e.writtenDate ?? e.publishedDate ?? ''}
                  </td>
                  <td class="nowrap" data-label="发布日期">
                    {e.publishedDate ?? ''}
                  </td>
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
