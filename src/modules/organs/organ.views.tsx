import type { Viewer } from '../../shared/actor.js'
import { CsrfField, ErrorSummary, Layout, SelectField, TextField } from '../../http/layout.js'
import type { FieldErrors } from '../../shared/errors.js'
import { canManageOrgan, canPlaceOrganUnder, type AdminScope } from '../access/index.js'
import {
  ORGAN_FIELD_LABELS,
  ORGAN_KIND_LABELS,
  type Organ,
  type OrganAtDepth,
  type OrganNode,
} from './organ.js'
import { ORGAN_KINDS } from './organ.table.js'
import { OrganField } from './organ-field.views.js'

/** The raw values of a form as typed (kept on re-render). */
import type { FormValues } from '../../http/forms.js'
export type { FormValues }

/** One choice of a <select> (the shared type; user.routes imports it from here). */
export type { SelectOption } from '../../http/layout.js'

/** An organ's name indented by its depth, for <option> labels (CSS cannot indent options). */
export function indentedName(t: OrganAtDepth): string {
  return `${'　'.repeat(t.depth)}${t.organ.name}（${t.organ.code}）`
}

const ORGAN_NOTICES = { created: '已新增机关', updated: '已保存机关信息' } as const
export type OrganNotice = keyof typeof ORGAN_NOTICES

function OrganBranch(props: { nodes: OrganNode[]; scope: AdminScope }) {
  return (
    <ul>
      {props.nodes.map((n) => (
        <OrganLeaf node={n} scope={props.scope} />
      ))}
    </ul>
  )
}

function OrganLeaf(props: { node: OrganNode; scope: AdminScope }) {
  const o = props.node.organ
  return (
    <li>
      <span class="organ-name">{o.name}</span>{' '}
      <span class="muted">
        {ORGAN_KIND_LABELS[o.kind]} · <span class="code">{o.code}</span>
      </span>
      {canManageOrgan(props.scope, o.id) ? (
        <>
          {' '}
          <a href={`/console/organs/${o.id}/edit`} aria-label={`编辑：${o.name}`}>
            编辑
          </a>
        </>
      ) : null}
      {canPlaceOrganUnder(props.scope, o.id) ? (
        <>
          {' '}
          <a href={`/console/organs/new?parent=${o.id}`} aria-label={`新增下级：${o.name}`}>
            新增下级
          </a>
        </>
      ) : null}
      {props.node.children.length > 0 ? (
        <OrganBranch nodes={props.node.children} scope={props.scope} />
      ) : null}
    </li>
  )
}

/** The organ tree with codes; edit and add links where the administrator may use them. */
export function OrgansPage(props: {
  viewer: Viewer
  csrfToken: string
  forest: OrganNode[]
  scope: AdminScope
  count: number
  notice?: { kind: OrganNotice; organ: Organ } | undefined
}) {
  const mayAdd = props.scope.global || props.scope.subtreeOrgans.size > 0
  return (
    <Layout
      title="机关管理"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['机关管理']]}
    >
      <h1>机关管理</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {ORGAN_NOTICES[props.notice.kind]}“{props.notice.organ.name}”。
        </p>
      ) : null}
      <p>
        共 {props.count} 个机关。您可以编辑所管理的机关，并在有“含下级机关”管理权限的机关下新增机关。
        {mayAdd ? (
          <>
            {' '}
            <a class="button" href="/console/organs/new">
              新增机关
            </a>
          </>
        ) : null}
      </p>
      {props.forest.length === 0 ? (
        <p class="empty">尚未添加任何机关。</p>
      ) : (
        <nav aria-label="机关树">
          <ul class="tree admin-organ-tree">
            {props.forest.map((n) => (
              <OrganLeaf node={n} scope={props.scope} />
            ))}
          </ul>
        </nav>
      )}
    </Layout>
  )
}

/** The values of the organ form for an existing organ. */
export function organFormValues(o: Organ): FormValues {
  return {
    name: o.name,
    shortName: o.shortName ?? '',
    kind: o.kind,
    parentId: o.parentId ?? '',
    code: o.code,
    sortOrder: String(o.sortOrder),
    officeName: o.office.name ?? '',
    officeAddress: o.office.address ?? '',
    officePostcode: o.office.postcode ?? '',
    officeHours: o.office.hours ?? '',
    officePhone: o.office.phone ?? '',
    officeFax: o.office.fax ?? '',
    officeEmail: o.office.email ?? '',
    officeWeb: o.office.web ?? '',
    version: String(o.version),
  }
}

/** The form to add or edit an organ. */
export function OrganFormPage(props: {
  viewer: Viewer
  csrfToken: string
  organ?: Organ | undefined
  values: FormValues
  errors?: FieldErrors | undefined
  message?: string | undefined
  /** The parent field: what it shows, the datalist, the "did you mean" choices. */
  parent: {
    text: string
    suggestions: readonly Organ[]
    choices?: readonly Organ[] | undefined
    /** The field may stay empty (a top-level organ). */
    topLevelAllowed: boolean
  }
}) {
  const v = props.values
  const e = props.errors ?? {}
  const L = ORGAN_FIELD_LABELS
  const title = props.organ ? `编辑机关：${props.organ.name}` : '新增机关'
  const text = (name: string, extra: { required?: boolean; hint?: string; type?: string } = {}) => (
    <TextField name={name} label={L[name] ?? name} value={v[name]} errors={e[name]} {...extra} />
  )
  return (
    <Layout
      title={title}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[
        ['工作台', '/console'],
        ['机关管理', '/console/organs'],
        [props.organ ? '编辑机关' : '新增机关'],
      ]}
    >
      <h1>{title}</h1>
      <ErrorSummary
        message={props.message ?? (props.errors ? '机关信息未保存，请检查标出的字段。' : undefined)}
      />
      <form
        method="post"
        action={props.organ ? `/console/organs/${props.organ.id}/edit` : '/console/organs'}
        novalidate
      >
        <CsrfField token={props.csrfToken} />
        {props.organ ? <input type="hidden" name="version" value={v.version ?? ''} /> : null}
        {text('name', { required: true })}
        {text('shortName')}
        <SelectField
          name="kind"
          label={L.kind ?? 'kind'}
          value={v.kind}
          errors={e.kind}
          required
          options={ORGAN_KINDS.map((k) => ({ value: k, label: ORGAN_KIND_LABELS[k] }))}
        />
        <OrganField
          name="parent"
          label={L.parentId ?? '上级机关'}
          value={props.parent.text}
          errors={e.parent}
          required={!props.parent.topLevelAllowed}
          suggestions={props.parent.suggestions}
          choices={props.parent.choices}
          hint={`输入上级机关的名称、简称或机构代码，可从提示中选择。${props.parent.topLevelAllowed ? '留空表示顶级机关（人民政府）。' : ''}`}
        />
        {text('code', {
          required: true,
          hint: '18 位统一社会信用代码（GB 32100），或 9 位组织机构代码（GB 11714，可写作 12345678-9）。系统会核对最后一位校验码。',
        })}
        {text('sortOrder', { hint: '同级机关按此数字从小到大排列。', type: 'number' })}
        <fieldset>
          <legend>政府信息公开工作机构（公开指南中公布）</legend>
          {text('officeName')}
          {text('officeAddress')}
          {text('officePostcode', { hint: '6 位数字。' })}
          {text('officeHours')}
          {text('officePhone', { type: 'tel' })}
          {text('officeFax', { type: 'tel' })}
          {text('officeEmail', { type: 'email' })}
          {text('officeWeb', { type: 'url', hint: '以 http:// 或 https:// 开头。' })}
        </fieldset>
        <p>
          <button type="submit">保存</button> <a href="/console/organs">取消</a>
        </p>
      </form>
    </Layout>
  )
}
