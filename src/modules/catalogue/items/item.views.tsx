import type { ComponentChildren } from 'preact'
import type { Viewer } from '../../../shared/actor.js'
import {
  CsrfField,
  DateField,
  ErrorSummary,
  FieldError,
  Layout,
  SelectField,
  TextAreaField,
  TextField,
  type SelectOption,
} from '../../../http/layout.js'
import type { FieldErrors } from '../../../shared/errors.js'
import type { Organ } from '../../organs/index.js'
import { ART20_ITEMS, ART21_ITEMS, art20Label } from '../classification/index.js'
import type { ItemAttachments } from '../attachments/index.js'
import { itemAttachmentsHref, staffAttachmentHref } from '../attachments/index.js'
import { KIND_INFO, sizeLabel } from '../attachments/index.js'
import { ITEM_STATUSES, type ItemStatus } from '../catalogue.table.js'
import {
  CHECKLIST,
  CHECKLIST_ANSWER_TEXT,
  DISCLOSURE_MODE_TEXT,
  ITEM_FIELD_LABELS,
  ITEM_STATUS_LABELS,
  SCOPE_TEXT,
  TERM_TEXT,
  VALIDITY_TEXT,
  type Checklist,
  type ItemFormValues,
} from './item.js'
import { ITEM_ACTION_LABELS } from './item-transitions.js'
import type { ConsoleList, ItemDetail } from './item.service.js'
import { sanitizeBodyHtml } from '../body/index.js'
import { GENRES, KEY_AREAS, TOPIC_GROUPS, TOPIC_SEPARATOR, topicLabel } from '../classification/index.js'
import type { Art26Clock } from './publication-deadline.js'

/** Console pages of disclosure items (drafting, review, publication). */

const CONSOLE_CRUMBS: Array<[string, string?]> = [
  ['工作台', '/console'],
  ['政府信息管理', '/console/items'],
]

export function itemConsoleHref(id: string): string {
  return `/console/items/${encodeURIComponent(id)}`
}

function publicHref(indexNo: string | null, id: string): string {
  return `/items/${encodeURIComponent(indexNo ?? id)}`
}

/** "2026-10-20T02:00:00.000Z" → "2026-10-20 10:00" (China time). */
function instant(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}

export function StatusBadge(props: { status: ItemStatus }) {
  return <span class={`badge status-${props.status}`}>{ITEM_STATUS_LABELS[props.status]}</span>
}

/** The Art. 26 clock as a short badge: due date and working days left, or late. */
export function ClockBadge(props: { clock: Art26Clock | null }) {
  const c = props.clock
  if (!c) {
    return <span class="muted">—</span>
  }
  const est = c.estimated ? '（估算）' : ''
  if (c.remaining === null) {
    return c.late ? (
      <span class="badge late" title={`应于 ${c.dueDate} 前公开`}>
        逾期发布{c.lateBy ? ` ${c.lateBy} 个工作日` : ''}
      </span>
    ) : (
      <span class="badge ok">按时发布</span>
    )
  }
  if (c.late) {
    return (
      <span class="badge late">
        已超期（应于 {c.dueDate} 前公开）{est}
      </span>
    )
  }
  return (
    <span class={c.remaining <= 5 ? 'badge warn-badge' : 'badge ok'}>
      {c.dueDate} 前公开，剩 {c.remaining} 个工作日{est}
    </span>
  )
}

// ─── list ──────────────────────────────────────────────────────────────────────────────────

export interface ListQuery {
  status?: ItemStatus | undefined
  organId?: string | undefined
  title?: string | undefined
}

function listHref(q: ListQuery, page: number): string {
  const p = new URLSearchParams()
  if (q.status) {
    p.set('status', q.status)
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
        起草、审查、发布本机关的主动公开政府信息。信息应自形成或者变更之日起 20
        个工作日内公开（条例第二十六条）。
      </p>
      {list.canDraft ? (
        <p>
          <a class="button" href="/console/items/new">
            起草信息
          </a>
        </p>
      ) : null}
      <form method="get" action="/console/items" class="filters" role="search" aria-label="筛选信息">
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

// ─── drafting form ─────────────────────────────────────────────────────────────────────────

const EMPTY_CHOICE: SelectOption = { value: '', label: '请选择' }

/** [value, label] pairs (e.g. Object.entries of a label table) as <select> choices. */
function choices(pairs: Array<[string, string]>): SelectOption[] {
  return pairs.map(([value, label]) => ({ value, label }))
}

/** A choice inside an <optgroup> of a SelectField, selected when it is the current value. */
function Option(props: { value: string; current: string; children: ComponentChildren }) {
  return (
    <option value={props.value} selected={props.value === props.current}>
      {props.children}
    </option>
  )
}

function RadioGroup(props: {
  name: string
  legend: string
  value: string
  options: Array<[string, string]>
  errors?: string[] | undefined
}) {
  const id = `f-${props.name}`
  const invalid = props.errors && props.errors.length > 0
  return (
    <fieldset
      class={`field choice-group${invalid ? ' has-error' : ''}`}
      aria-describedby={invalid ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label class="choice">
          <input type="radio" name={props.name} value={value} checked={props.value === value} /> {label}
        </label>
      ))}
      <FieldError id={id} errors={props.errors} />
    </fieldset>
  )
}

/** Every field of an item, shared by the new and edit pages. */
function ItemFields(props: { values: ItemFormValues; errors: FieldErrors }) {
  const v = props.values
  const e = props.errors
  return (
    <>
      <TextField name="title" label="名称" value={v.title} errors={e.title} required />
      <TextAreaField name="summary" label="内容概述" value={v.summary} errors={e.summary} rows={3} />
      <TextAreaField
        name="bodyHtml"
        label="正文"
        value={v.bodyHtml}
        errors={e.bodyHtml}
        rows={12}
        hint="可粘贴带格式的正文（HTML）。保存时会清除脚本等不安全的内容；纯文本按段落保存。"
      />
      <TextField
        name="docNumber"
        label="文号"
        value={v.docNumber}
        errors={e.docNumber}
        hint="如 张广电发〔2026〕12号。保存时规范为“机关代字〔年份〕序号号”，原文照录。"
      />
      <TextAreaField
        name="jointIssuers"
        label="联合发文机关"
        value={v.jointIssuers}
        errors={e.jointIssuers}
        rows={2}
        hint="联合发文时填写，每行一个机关。"
      />
      <DateField name="writtenDate" label="成文日期" value={v.writtenDate} errors={e.writtenDate} />
      <DateField
        name="formedDate"
        label="形成或变更日期"
        value={v.formedDate}
        errors={e.formedDate}
        required
        hint="条例第二十六条：应自信息形成或者变更之日起 20 个工作日内公开，期限由此日期起算（扣除法定节假日，计入调休上班日）。"
      />
      <SelectField name="topic" label="主题分类" value={v.topic} errors={e.topic} required>
        <option value="">请选择</option>
        {TOPIC_GROUPS.map((g) =>
          g.children.length === 0 ? (
            <Option value={g.name} current={v.topic}>
              {g.name}
            </Option>
          ) : (
            <optgroup label={g.name}>
              {g.children.map((c) => (
                <Option value={`${g.name}${TOPIC_SEPARATOR}${c}`} current={v.topic}>
                  {c}
                </Option>
              ))}
            </optgroup>
          ),
        )}
      </SelectField>
      <SelectField
        name="genre"
        label="体裁"
        value={v.genre}
        errors={e.genre}
        required
        options={[EMPTY_CHOICE, ...GENRES.map((g) => ({ value: g, label: g }))]}
      />
      <SelectField
        name="art20Item"
        label="条例第二十条事项"
        value={v.art20Item}
        errors={e.art20Item}
        options={[
          { value: '', label: '不属于第二十条所列事项' },
          ...ART20_ITEMS.map((i) => ({ value: String(i.no), label: `${i.label}${i.text}` })),
        ]}
      />
      <SelectField
        name="art21Item"
        label="条例第二十一条事项"
        value={v.art21Item}
        errors={e.art21Item}
        hint="设区的市级、县级人民政府及其部门，乡（镇）人民政府根据本地方的具体情况主动公开的事项。"
        options={[
          { value: '', label: '不属于第二十一条所列事项' },
          ...ART21_ITEMS.map((i) => ({ value: i, label: i })),
        ]}
      />
      <fieldset class={`field choice-group${e.keyAreas ? ' has-error' : ''}`}>
        <legend>重点领域</legend>
        {KEY_AREAS.map((k) => (
          <label class="choice">
            <input type="checkbox" name="keyAreas" value={k} checked={v.keyAreas.includes(k)} /> {k}
          </label>
        ))}
        <FieldError id="f-keyAreas" errors={e.keyAreas} />
      </fieldset>
      <RadioGroup
        name="disclosureMode"
        legend="公开方式"
        value={v.disclosureMode}
        errors={e.disclosureMode}
        options={Object.entries(DISCLOSURE_MODE_TEXT)}
      />
      <TextAreaField
        name="withheldReason"
        label="不予公开理由"
        value={v.withheldReason}
        errors={e.withheldReason}
        rows={2}
        hint="选择“不予公开”时必填，写明依据（条例第十四条至第十六条）。只有“主动公开”的信息才能送审发布。"
      />
      <SelectField
        name="scope"
        label="公开范围"
        value={v.scope}
        errors={e.scope}
        options={choices(Object.entries(SCOPE_TEXT))}
      />
      <SelectField
        name="term"
        label="公开时限"
        value={v.term}
        errors={e.term}
        options={choices(Object.entries(TERM_TEXT))}
      />
      <SelectField
        name="validity"
        label="有效性"
        value={v.validity}
        errors={e.validity}
        options={(['valid', 'expired', 'repealed'] as const).map((k) => ({
          value: k,
          label: VALIDITY_TEXT[k],
        }))}
      />
      <DateField name="validityDate" label="失效/废止日期" value={v.validityDate} errors={e.validityDate} />
    </>
  )
}

function errorLine(errors: FieldErrors): string | undefined {
  const keys = Object.keys(errors)
  if (keys.length === 0) {
    return undefined
  }
  const labels = keys.map((k) => ITEM_FIELD_LABELS[k as keyof ItemFormValues] ?? k)
  return `提交的内容有误，请检查：${labels.join('、')}。`
}

export function NewItemPage(props: {
  viewer: Viewer
  csrfToken: string
  organs: Organ[]
  organId: string
  values: ItemFormValues
  errors?: FieldErrors
  message?: string
}) {
  const errors = props.errors ?? {}
  return (
    <Layout
      title="起草信息"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[...CONSOLE_CRUMBS, ['起草信息']]}
    >
      <h1>起草信息</h1>
      <ErrorSummary message={props.message ?? errorLine(errors)} />
      <form method="post" action="/console/items/new" class="item-form" novalidate>
        <CsrfField token={props.csrfToken} />
        {props.organs.length === 1 ? (
          <>
            <input type="hidden" name="organId" value={props.organs[0]?.id} />
            <p>
              发布机构：<strong>{props.organs[0]?.name}</strong>
            </p>
          </>
        ) : (
          <SelectField
            name="organId"
            label="发布机构"
            value={props.organId}
            errors={errors.organId}
            required
            options={props.organs.map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
        <ItemFields values={props.values} errors={errors} />
        <button type="submit">保存草稿</button>
      </form>
    </Layout>
  )
}

export function EditItemPage(props: {
  viewer: Viewer
  csrfToken: string
  detail: ItemDetail
  values: ItemFormValues
  version: number
  errors?: FieldErrors
  message?: string
}) {
  const { item, organ } = props.detail
  const errors = props.errors ?? {}
  return (
    <Layout
      title={`修改：${item.title}`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[...CONSOLE_CRUMBS, [item.title, itemConsoleHref(item.id)], ['修改']]}
    >
      <h1>修改草稿</h1>
      <ErrorSummary message={props.message ?? errorLine(errors)} />
      {item.returnReason ? <ReturnNotice reason={item.returnReason} /> : null}
      <p>
        发布机构：<strong>{organ.name}</strong>
        {item.revisionOfId ? '（修订稿：批准后以原索引号发布新版本）' : null}
      </p>
      <form method="post" action={`${itemConsoleHref(item.id)}/edit`} class="item-form" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="version" value={String(props.version)} />
        <ItemFields values={props.values} errors={errors} />
        <button type="submit">保存草稿</button> <a href={itemConsoleHref(item.id)}>取消</a>
      </form>
    </Layout>
  )
}

function ReturnNotice(props: { reason: string }) {
  return (
    <div class="error-summary" role="note">
      已被退回修改。退回理由：{props.reason}
    </div>
  )
}

// ─── item page ─────────────────────────────────────────────────────────────────────────────

/** Which action form failed, with its errors (the page is shown again with 422/409). */
export interface ActionFailure {
  form: 'first' | 'final' | 'withdraw' | 'validity' | 'submit' | 'other'
  message: string
  fields?: FieldErrors | undefined
  /** Checklist answers as the reviewer gave them (kept on a failed review). */
  checklist?: Partial<Checklist> | undefined
  comment?: string | undefined
}

const DONE_MESSAGES: Record<string, string> = {
  created: '草稿已保存。',
  saved: '草稿已保存。',
  submitted: '已送初审。',
  approve_first: '初审通过，已送分管领导复核。',
  return_first: '已退回起草人修改。',
  approve_final: '已批准发布。',
  return_final: '已退回起草人修改。',
  withdrawn: '已撤销发布。',
  validity: '有效性已更新。',
  revision: '已创建修订稿。修改后送审，批准后以原索引号发布新版本。',
}

function MetaRow(props: { label: string; children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  )
}

export function ItemPage(props: {
  viewer: Viewer
  csrfToken: string
  detail: ItemDetail
  done?: string | undefined
  failure?: ActionFailure | undefined
  /** A separation-of-duties note for a reviewer who may not review this item. */
  dutyNote?: string | null
  /** The item's attachments, and whether this viewer may change them. */
  attachments?: ItemAttachments | undefined
}) {
  const d = props.detail
  const { item, organ } = d
  const f = props.failure
  const done = props.done ? DONE_MESSAGES[props.done] : undefined
  return (
    <Layout
      title={item.title}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[...CONSOLE_CRUMBS, [item.title]]}
    >
      <h1>{item.title}</h1>
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      {f && f.form === 'other' ? <ErrorSummary message={f.message} /> : null}
      <p>
        <StatusBadge status={item.status} /> {item.sample ? <span class="badge sample">示例</span> : null}{' '}
        {item.status === 'published' ? <a href={publicHref(item.indexNo, item.id)}>查看公开页面</a> : null}
      </p>
      {item.status === 'draft' && item.returnReason ? <ReturnNotice reason={item.returnReason} /> : null}
      {item.status === 'withdrawn' ? <p class="warn">已撤销发布。撤销理由：{item.withdrawReason}</p> : null}
      {d.revisionOf ? (
        <p class="notice-info">
          这是《<a href={itemConsoleHref(d.revisionOf.id)}>{d.revisionOf.title}</a>》（索引号{' '}
          {d.revisionOf.indexNo}，现为第 {d.revisionOf.revision} 版）的修订稿。批准后以原索引号发布第{' '}
          {d.revisionOf.revision + 1} 版；在此之前公开的仍是原版本。
        </p>
      ) : null}
      {d.openRevision ? (
        <p class="notice-info">
          该信息有一份修订稿正在办理（{ITEM_STATUS_LABELS[d.openRevision.status]}）：
          <a href={itemConsoleHref(d.openRevision.id)}>查看修订稿</a>
        </p>
      ) : null}

      <section aria-labelledby="h-clock">
        <h2 id="h-clock">公开时限</h2>
        {d.clock ? (
          <p>
            形成或变更日期 {d.clock.formedDate}，依条例第二十六条应于 <strong>{d.clock.dueDate}</strong>{' '}
            前公开。 <ClockBadge clock={d.clock} />
          </p>
        ) : (
          <p class="muted">非主动公开信息，不适用条例第二十六条的公开时限。</p>
        )}
      </section>

      <section aria-labelledby="h-meta">
        <h2 id="h-meta">基本信息</h2>
        <div class="table-scroll">
          <table class="meta-table">
            <tbody>
              <MetaRow label="索引号">{item.indexNo ?? '（发布时生成）'}</MetaRow>
              <MetaRow label="发布机构">{organ.name}</MetaRow>
              {item.jointIssuers.length > 0 ? (
                <MetaRow label="联合发文">{item.jointIssuers.join('、')}</MetaRow>
              ) : null}
              <MetaRow label="文号">
                {item.docNumber ?? item.docNumberRaw ?? '—'}
                {item.docNumberRaw && item.docNumber && item.docNumberRaw !== item.docNumber ? (
                  <span class="muted">（原文：{item.docNumberRaw}）</span>
                ) : null}
                {item.docNumberRaw && !item.docNumber ? <span class="muted">（未能规范化）</span> : null}
              </MetaRow>
              <MetaRow label="成文日期">{item.writtenDate ?? '—'}</MetaRow>
              <MetaRow label="形成日期">{item.formedDate ?? '—'}</MetaRow>
              <MetaRow label="发布日期">{item.publishedDate ?? '—'}</MetaRow>
              {item.revision > 1 ? (
                <MetaRow label="修订">
                  第 {item.revision} 版，{item.revisedDate} 发布
                </MetaRow>
              ) : null}
              <MetaRow label="主题分类">{item.topic ? topicLabel(item.topic) : '—'}</MetaRow>
              <MetaRow label="体裁">{item.genre ?? '—'}</MetaRow>
              <MetaRow label="公开事项">
                {item.art20Item ? art20Label(item.art20Item) : '—'}
                {item.art21Item ? `；第二十一条：${item.art21Item}` : ''}
              </MetaRow>
              <MetaRow label="重点领域">{item.keyAreas.length > 0 ? item.keyAreas.join('、') : '—'}</MetaRow>
              <MetaRow label="公开方式">
                {DISCLOSURE_MODE_TEXT[item.disclosureMode]}
                {item.withheldReason ? `（理由：${item.withheldReason}）` : ''}
              </MetaRow>
              <MetaRow label="公开范围">{SCOPE_TEXT[item.scope]}</MetaRow>
              <MetaRow label="公开时限">{TERM_TEXT[item.term]}</MetaRow>
              <MetaRow label="有效性">
                {VALIDITY_TEXT[item.validity]}
                {item.validityDate ? `（${item.validityDate}）` : ''}
                {d.replacedBy ? (
                  <>
                    ，由《<a href={itemConsoleHref(d.replacedBy.id)}>{d.replacedBy.title}</a>》（
                    {d.replacedBy.indexNo}）替代
                  </>
                ) : null}
              </MetaRow>
              <MetaRow label="起草人">{d.names.drafter ?? '—'}</MetaRow>
              {d.names.firstReviewer ? <MetaRow label="初审人">{d.names.firstReviewer}</MetaRow> : null}
              {d.names.finalApprover ? <MetaRow label="批准人">{d.names.finalApprover}</MetaRow> : null}
            </tbody>
          </table>
        </div>
        {item.summary ? (
          <>
            <h3>内容概述</h3>
            <p>{item.summary}</p>
          </>
        ) : null}
        <h3>正文</h3>
        {item.bodyHtml ? (
          // Sanitised on input and again here on output (defence in depth).
          <div class="item-body" dangerouslySetInnerHTML={{ __html: sanitizeBodyHtml(item.bodyHtml) }} />
        ) : (
          <p class="muted">（无正文）</p>
        )}
      </section>

      {props.attachments ? <AttachmentsSection itemId={item.id} data={props.attachments} /> : null}

      <Actions {...props} />

      <section aria-labelledby="h-reviews">
        <h2 id="h-reviews">审查记录</h2>
        {d.reviews.length === 0 ? (
          <p class="muted">尚无审查记录。</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">环节</th>
                  <th scope="col">审查人</th>
                  <th scope="col">结论</th>
                  <th scope="col">意见与保密审查</th>
                </tr>
              </thead>
              <tbody>
                {d.reviews.map((r) => (
                  <tr>
                    <td class="nowrap">{instant(r.at)}</td>
                    <td>{r.stage === 'first' ? '初审（保密审查）' : '复核（分管领导）'}</td>
                    <td>{r.reviewerName}</td>
                    <td>{r.decision === 'approved' ? '通过' : '退回'}</td>
                    <td>
                      {r.comment ? <p>{r.comment}</p> : null}
                      {Object.keys(r.checklist).length > 0 ? (
                        <ul class="checklist-answers">
                          {CHECKLIST.map((q) => {
                            const a = r.checklist[q.key]
                            return a ? (
                              <li>
                                {q.question} <strong>{CHECKLIST_ANSWER_TEXT[a.answer]}</strong>
                                {a.note ? `（${a.note}）` : ''}
                              </li>
                            ) : null
                          })}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {d.revisions.length > 0 ? (
        <section aria-labelledby="h-revisions">
          <h2 id="h-revisions">发布版本</h2>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">版本</th>
                  <th scope="col">发布时间</th>
                  <th scope="col">批准人</th>
                  <th scope="col">名称与内容</th>
                </tr>
              </thead>
              <tbody>
                {d.revisions.map((r) => (
                  <tr>
                    <td>第 {r.revision} 版</td>
                    <td class="nowrap">{instant(r.at)}</td>
                    <td>{r.byName}</td>
                    <td>
                      <details>
                        <summary>{snapText(r.snapshot.title)}</summary>
                        <dl class="kv">
                          <dt>文号</dt>
                          <dd>{snapText(r.snapshot.docNumber ?? r.snapshot.docNumberRaw)}</dd>
                          <dt>形成日期</dt>
                          <dd>{snapText(r.snapshot.formedDate)}</dd>
                          <dt>有效性</dt>
                          <dd>{snapValidity(r.snapshot.validity)}</dd>
                          <dt>内容概述</dt>
                          <dd>{snapText(r.snapshot.summary)}</dd>
                        </dl>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </Layout>
  )
}

/** A media type as the upload rules name it ("PDF 文档"), or as it is. */
function mediaTypeLabel(mediaType: string): string {
  return Object.values(KIND_INFO).find((k) => k.mediaType === mediaType)?.label ?? mediaType
}

/** The item's attachments (name, type, size), with a link to the attachments page. */
function AttachmentsSection(props: { itemId: string; data: ItemAttachments }) {
  const { attachments, mayChange } = props.data
  return (
    <section aria-labelledby="h-attachments">
      <h2 id="h-attachments">附件</h2>
      {attachments.length === 0 ? (
        <p class="muted">暂无附件。</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">附件列表</caption>
            <thead>
              <tr>
                <th scope="col">文件名</th>
                <th scope="col">类型</th>
                <th scope="col">大小</th>
              </tr>
            </thead>
            <tbody>
              {attachments.map((a) => (
                <tr>
                  <td>
                    <a href={staffAttachmentHref(a.id)}>{a.filename}</a>
                  </td>
                  <td>{mediaTypeLabel(a.mediaType)}</td>
                  <td class="nowrap">{sizeLabel(a.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayChange ? (
        <p>
          <a href={itemAttachmentsHref(props.itemId)}>管理附件</a>
        </p>
      ) : null}
    </section>
  )
}

/** A snapshot field as text ('—' when absent or not text). */
function snapText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '—'
}

function snapValidity(v: unknown): string {
  return typeof v === 'string' && v in VALIDITY_TEXT ? VALIDITY_TEXT[v as keyof typeof VALIDITY_TEXT] : '—'
}

function VersionField(props: { version: number }) {
  return <input type="hidden" name="version" value={String(props.version)} />
}

function Actions(props: Parameters<typeof ItemPage>[0]) {
  const d = props.detail
  const { item } = d
  const a = new Set(d.actions)
  const f = props.failure
  const href = itemConsoleHref(item.id)
  const any = a.size > 0 || props.dutyNote
  if (!any) {
    return null
  }
  return (
    <section aria-labelledby="h-actions" class="item-actions">
      <h2 id="h-actions">办理</h2>
      {props.dutyNote ? (
        <p class="warn" role="note">
          {props.dutyNote}
        </p>
      ) : null}
      {a.has('edit') || a.has('submit') || a.has('discard') ? (
        <div class="action-row">
          {a.has('edit') ? (
            <a class="button secondary" href={`${href}/edit`}>
              {ITEM_ACTION_LABELS.edit}
            </a>
          ) : null}{' '}
          {a.has('submit') ? (
            <form method="post" action={`${href}/submit`} class="inline-form">
              <CsrfField token={props.csrfToken} />
              <VersionField version={item.version} />
              <button type="submit">送初审</button>
            </form>
          ) : null}{' '}
          {a.has('discard') ? (
            <form method="post" action={`${href}/discard`} class="inline-form">
              <CsrfField token={props.csrfToken} />
              <VersionField version={item.version} />
              <button type="submit" class="danger">
                {ITEM_ACTION_LABELS.discard}
              </button>
            </form>
          ) : null}
          {f && f.form === 'submit' ? <ErrorSummary message={f.message} /> : null}
        </div>
      ) : null}

      {a.has('approve_first') ? <FirstReviewForm {...props} /> : null}
      {a.has('approve_final') ? <FinalReviewForm {...props} /> : null}

      {a.has('revise') ? (
        <form method="post" action={`${href}/revise`} class="action-form">
          <CsrfField token={props.csrfToken} />
          <h3>修订</h3>
          <p class="hint">
            以原索引号发布新版本：先建修订稿，修改后重新经过初审和复核；其间公开的仍是现版本。
          </p>
          <button type="submit" class="secondary">
            创建修订稿
          </button>
        </form>
      ) : null}

      {a.has('set_validity') ? (
        <form method="post" action={`${href}/validity`} class="action-form" novalidate>
          <CsrfField token={props.csrfToken} />
          <VersionField version={item.version} />
          <h3>变更有效性</h3>
          {f && f.form === 'validity' ? <ErrorSummary message={f.message} /> : null}
          <SelectField
            name="validity"
            label="有效性"
            value={item.validity}
            errors={f?.form === 'validity' ? f.fields?.validity : undefined}
            options={(['valid', 'expired', 'repealed', 'revised'] as const).map((k) => ({
              value: k,
              label: VALIDITY_TEXT[k],
            }))}
          />
          <DateField
            name="date"
            label="失效/废止日期"
            value={item.validityDate ?? ''}
            errors={f?.form === 'validity' ? f.fields?.date : undefined}
          />
          <TextField
            name="replacement"
            label="替代信息的索引号（已修订时填写）"
            value={d.replacedBy?.indexNo ?? ''}
            errors={f?.form === 'validity' ? f.fields?.replacement : undefined}
          />
          <button type="submit" class="secondary">
            保存有效性
          </button>
        </form>
      ) : null}

      {a.has('withdraw') ? (
        <form method="post" action={`${href}/withdraw`} class="action-form" novalidate>
          <CsrfField token={props.csrfToken} />
          <VersionField version={item.version} />
          <h3>撤销发布</h3>
          {f && f.form === 'withdraw' ? <ErrorSummary message={f.message} /> : null}
          <TextAreaField
            name="reason"
            label="撤销理由"
            value={f?.form === 'withdraw' ? (f.comment ?? '') : ''}
            errors={f?.form === 'withdraw' ? f.fields?.reason : undefined}
            rows={2}
            required
            hint="撤销后该信息从公开目录和检索中移除，索引号保留不再使用。"
          />
          <button type="submit" class="danger">
            撤销发布
          </button>
        </form>
      ) : null}
    </section>
  )
}

function FirstReviewForm(props: Parameters<typeof ItemPage>[0]) {
  const { item } = props.detail
  const f = props.failure?.form === 'first' ? props.failure : undefined
  const answers = f?.checklist ?? {}
  return (
    <form method="post" action={`${itemConsoleHref(item.id)}/review/first`} class="action-form" novalidate>
      <CsrfField token={props.csrfToken} />
      <VersionField version={item.version} />
      <h3>初审：保密审查</h3>
      <p class="hint">
        按照“先审查、后公开”的原则逐项审查（保守国家秘密法实施条例第四十二条、条例第十七条）。任何一项答“是”的，不能作为主动公开信息通过。
      </p>
      {f ? <ErrorSummary message={f.message} /> : null}
      {CHECKLIST.map((q, i) => {
        const name = `check_${q.key}`
        const errs = f?.fields?.[name]
        const a = answers[q.key]
        return (
          <fieldset
            class={`field checklist-q${errs ? ' has-error' : ''}`}
            aria-describedby={errs ? `f-${name}-error` : undefined}
          >
            <legend>
              {i + 1}. {q.question} <span class="muted small">（{q.basis}）</span>
            </legend>
            <label class="choice">
              <input type="radio" name={name} value="no" checked={a?.answer === 'no'} /> 否
            </label>
            <label class="choice">
              <input type="radio" name={name} value="yes" checked={a?.answer === 'yes'} /> 是
            </label>
            <label class="choice-note" for={`f-note_${q.key}`}>
              说明
            </label>
            <input id={`f-note_${q.key}`} type="text" name={`note_${q.key}`} value={a?.note ?? ''} />
            <FieldError id={`f-${name}`} errors={errs} />
          </fieldset>
        )
      })}
      <TextAreaField
        name="comment"
        label="审查意见（退回时必填）"
        value={f?.comment ?? ''}
        errors={f?.fields?.comment}
        rows={2}
      />
      <button type="submit" name="decision" value="approve">
        {'初审通过'}
      </button>{' '}
      <button type="submit" name="decision" value="return" class="secondary">
        退回修改
      </button>
    </form>
  )
}

function FinalReviewForm(props: Parameters<typeof ItemPage>[0]) {
  const { item } = props.detail
  const f = props.failure?.form === 'final' ? props.failure : undefined
  return (
    <form method="post" action={`${itemConsoleHref(item.id)}/review/final`} class="action-form" novalidate>
      <CsrfField token={props.csrfToken} />
      <VersionField version={item.version} />
      <h3>复核：分管领导审批</h3>
      <p class="hint">
        初审人已逐项完成保密审查（见下方审查记录）。批准后立即发布，生成索引号，并进入公开目录和检索。
      </p>
      {f ? <ErrorSummary message={f.message} /> : null}
      <TextAreaField
        name="comment"
        label="审批意见（退回时必填）"
        value={f?.comment ?? ''}
        errors={f?.fields?.comment}
        rows={2}
      />
      <button type="submit" name="decision" value="approve">
        批准发布
      </button>{' '}
      <button type="submit" name="decision" value="return" class="secondary">
        退回修改
      </button>
    </form>
  )
}
