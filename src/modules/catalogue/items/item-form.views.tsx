import type { ComponentChildren } from 'preact'
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
import type { Viewer } from '../../../shared/actor.js'
import { ART26_PUBLICATION_WORKING_DAYS } from '../../../shared/calendar/statutory-periods.js'
import type { FieldErrors } from '../../../shared/errors.js'
import { OrganField, type Organ } from '../../organs/index.js'
import {
  ART20_ITEMS,
  ART21_ITEMS,
  GENRES,
  KEY_AREAS,
  TOPIC_GROUPS,
  TOPIC_SEPARATOR,
} from '../classification/index.js'
import {
  DISCLOSURE_MODE_TEXT,
  ITEM_FIELD_LABELS,
  SCOPE_TEXT,
  TERM_TEXT,
  VALIDITY_TEXT,
  type ItemFormValues,
} from './item.js'
import type { ItemDetail } from './item.service.js'

import { CONSOLE_CRUMBS, itemConsoleHref } from './item-common.views.js'

/**
 * The drafting form (new item, edit draft).
 */

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
        hint={`条例第二十六条：应自信息形成或者变更之日起 ${ART26_PUBLICATION_WORKING_DAYS} 个工作日内公开，期限由此日期起算（扣除法定节假日，计入调休上班日）。`}
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
  const labels = keys.map((k) =>
    k === 'organ' || k === 'organId' ? '发布机构' : (ITEM_FIELD_LABELS[k as keyof ItemFormValues] ?? k),
  )
  return `提交的内容有误，请检查：${labels.join('、')}。`
}

/** The 发布机构 of the new-item form: a select of a few organs, or a text field (OrganField). */
export interface NewItemOrgan {
  /** The organs to choose from; null: the text field (too many organs for a select). */
  organs: Organ[] | null
  organId: string
  /** The text field's value, suggestions and "did you mean" choices. */
  text: string
  suggestions: readonly Organ[]
  choices?: readonly Organ[] | undefined
}

function NewItemOrganField(props: { organ: NewItemOrgan; errors: FieldErrors }) {
  const o = props.organ
  if (o.organs === null) {
    return (
      <OrganField
        name="organ"
        label="发布机构"
        value={o.text}
        errors={props.errors.organ ?? props.errors.organId}
        required
        suggestions={o.suggestions}
        choices={o.choices}
        hint="输入本人负责起草的机关的名称、简称或机构代码，可从提示中选择。"
      />
    )
  }
  if (o.organs.length === 1) {
    return (
      <>
        <input type="hidden" name="organId" value={o.organs[0]?.id} />
        <p>
          发布机构：<strong>{o.organs[0]?.name}</strong>
        </p>
      </>
    )
  }
  return (
    <SelectField
      name="organId"
      label="发布机构"
      value={o.organId}
      errors={props.errors.organId}
      required
      options={o.organs.map((x) => ({ value: x.id, label: x.name }))}
    />
  )
}

export function NewItemPage(props: {
  viewer: Viewer
  csrfToken: string
  organ: NewItemOrgan
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
        <NewItemOrganField organ={props.organ} errors={errors} />
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

export function ReturnNotice(props: { reason: string }) {
  return (
    <div class="error-summary" role="note">
      已被退回修改。退回理由：{props.reason}
    </div>
  )
}
