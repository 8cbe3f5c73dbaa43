import { Layout, SelectField, TextField } from '../../../http/layout.js'
import type { Viewer } from '../../../shared/actor.js'
import { ART26_PUBLICATION_WORKING_DAYS } from '../../../shared/calendar/statutory-periods.js'
import { ITEM_STATUSES, type ItemStatus } from '../catalogue.table.js'
import { ITEM_STATUS_LABELS } from './item.js'
import type { ConsoleList } from './item.service.js'
import { WORK_QUEUE_LABELS, type WorkQueue } from './work-queues.js'

import { ClockBadge, StatusBadge, instant, itemConsoleHref } from './item-common.views.js'

/**
 * The console list of items (filters, pager).
 */

// ─── list ──────────────────────────────────────────────────────────────────────────────────

export interface ListQuery {
  status?: ItemStatus | undefined
  queue?: WorkQueue | undefined
  organId?: string | undefined
  title?: string | undefined
}

function listHref(q: ListQuery, page: number): string {
  const p = new URLSearchParams()
  if (q.status) {
    p.set('status', q.status)
  }
  if (q.queue) {
    p.set('queue', q.queue)
  }
  if (q.organId) {
    p.set('organ', q.organId)
  }
  if (q.title) {
    p.set('title', q.title)
  }
  if (page > 1) {
    p.set('page', String(page))
  }
  const s = p.toString()
  return s ? `/console/items?${s}` : '/console/items'
}

export function ItemListPage(props: {
  viewer: Viewer
  csrfToken: string
  list: ConsoleList
  query: ListQuery
}) {
  const { list, query } = props
  return (
    <Layout
      title="政府信息管理"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['政府信息管理']]}
    >
      <h1>政府信息管理（主动公开）</h1>
      <p class="lead">
        起草、审查、发布本机关的主动公开政府信息。信息应自形成或者变更之日起 {ART26_PUBLICATION_WORKING_DAYS}{' '}
        个工作日内公开（条例第二十六条）。
      </p>
      {list.canDraft ? (
        <p>
          <a class="button" href="/console/items/new">
            起草信息
          </a>
        </p>
      ) : null}
      {query.queue ? (
        <p class="notice-info" role="status">
          正在查看“{WORK_QUEUE_LABELS[query.queue]}”：只列出等待您办理的信息。
          <a href="/console/items">查看全部信息</a>
        </p>
      ) : null}
      <form method="get" action="/console/items" class="filters" role="search" aria-label="筛选信息">
        {query.queue ? <input type="hidden" name="queue" value={query.queue} /> : null}
        <SelectField name="status" label="状态">
          <option value="">全部</option>
          {ITEM_STATUSES.map((s) => (
            <option value={s} selected={query.status === s}>
              {ITEM_STATUS_LABELS[s]}（{list.counts[s] ?? 0}）
            </option>
          ))}
        </SelectField>
        <SelectField
          name="organ"
          label="机关"
          options={[
            { value: '', label: '我负责的全部机关' },
            ...list.organs.map((o) => ({ value: o.id, label: o.name })),
          ]}
          value={query.organId}
        />
        <TextField name="title" label="名称含" type="search" value={query.title} />
        <div class="filter-actions">
          <button type="submit">筛选</button>
        </div>
      </form>
      <p role="status">共 {list.total} 条</p>
      {list.rows.length === 0 ? (
        <p class="empty">没有符合条件的信息。</p>
      ) : (
        <div class="table-scroll">
          <table class="responsive">
            <caption class="visually-hidden">政府信息列表</caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">机关</th>
                <th scope="col">状态</th>
                <th scope="col">索引号</th>
                <th scope="col">公开时限（第二十六条）</th>
                <th scope="col">起草人</th>
                <th scope="col">更新</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr>
                  <td>
                    <a href={itemConsoleHref(r.id)}>{r.title}</a>
                    {r.sample === 1 ? <span class="badge sample"> 示例</span> : null}
                    {r.revision_of_id ? <span class="badge"> 修订稿</span> : null}
                    {r.status === 'draft' && r.return_reason ? <span class="badge late"> 被退回</span> : null}
                  </td>
                  <td>{r.organName}</td>
                  <td class="nowrap">
                    <StatusBadge status={r.status} />
                  </td>
                  <td class="nowrap">{r.index_no ?? '—'}</td>
                  <td>
                    <ClockBadge clock={r.clock} />
                  </td>
                  <td>{r.drafterName ?? '—'}</td>
                  <td class="nowrap">{instant(r.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.pageCount > 1 ? (
        <nav class="pager" aria-label="分页">
          {list.page > 1 ? <a href={listHref(query, list.page - 1)}>上一页</a> : null}
          <span>
            第 {list.page} / {list.pageCount} 页
          </span>
          {list.page < list.pageCount ? <a href={listHref(query, list.page + 1)}>下一页</a> : null}
        </nav>
      ) : null}
    </Layout>
  )
}
