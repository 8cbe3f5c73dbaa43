import type { Viewer } from '../../shared/actor.js'
import { ErrorSummary, Layout, SelectField, TextField } from '../../http/layout.js'
import type { FieldErrors } from '../../shared/errors.js'
import type { AuditBrowseResult, AuditReadScope } from './audit-browser.service.js'
import type { AuditLogRow } from './audit.table.js'

/** Chinese names of the audit actions the platform writes; unknown codes are shown raw. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.locked': '账号锁定',
  'auth.logout': '退出登录',
  'user.password_changed': '修改密码',
  'user.created': '新增用户',
  'user.disabled': '停用用户',
  'user.enabled': '启用用户',
  'user.password_reset': '重置密码',
  'user.role_granted': '授予角色',
  'user.role_revoked': '收回角色',
  'organ.created': '新增机关',
  'organ.updated': '修改机关',
  'organ_text.updated': '修改公开指南或制度文本',
  'item.create': '起草信息',
  'item.update': '修改信息',
  'item.discard': '废弃草稿',
  'item.submit': '提交初审',
  'item.approve_first': '初审通过',
  'item.return_first': '初审退回',
  'item.approve_final': '复核通过',
  'item.return_final': '复核退回',
  'item.publish': '发布信息',
  'item.withdraw': '撤回信息',
  'item.set_validity': '变更有效性',
  'item.revise': '修订信息',
  'item.imported': '批量导入信息',
}

/** Action families for the filter's suggestions (prefix → label). */
export const AUDIT_ACTION_PREFIXES: ReadonlyArray<[string, string]> = [
  ['auth.', '登录与会话'],
  ['user.', '用户与角色'],
  ['organ.', '机关'],
  ['organ_text.', '公开指南与制度'],
  ['item.', '主动公开信息'],
]

/** Chinese names of audit target types; unknown types are shown raw. */
const TARGET_TYPE_LABELS: Record<string, string> = {
  user: '用户',
  organ: '机关',
  item: '信息',
  role_grant: '角色授权',
  organ_text: '机关文本',
}

/** Chinese names of common summary keys; other keys are shown raw. */
const SUMMARY_KEY_LABELS: Record<string, string> = {
  before: '修改前',
  after: '修改后',
  ip: 'IP 地址',
  reason: '原因',
  title: '标题',
  comment: '意见',
  failures: '连续失败次数',
  lockedUntil: '锁定至',
}

/** Keys whose values are never shown, whatever a writer put in a summary. */
const SECRET_KEY = /pass(word)?|hash|token|secret|csrf/i
const MAX_VALUE_CHARS = 160

/** An instant as Beijing time (UTC+8, no daylight saving), e.g. 2026-11-28 09:05:03. */
export function formatShanghai(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) {
    return iso
  }
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

function valueText(v: unknown): string {
  const s = v === null || v === undefined ? '（空）' : typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A summary's JSON as an escaped key/value list; changed fields as “before → after”. */
export function AuditSummary(props: { json: string }) {
  let parsed: unknown
  try {
    parsed = JSON.parse(props.json)
  } catch {
    return <span>{valueText(props.json)}</span>
  }
  if (!isRecord(parsed)) {
    return <span>{valueText(parsed)}</span>
  }
  const entries = Object.entries(parsed)
  if (entries.length === 0) {
    return <span class="muted">—</span>
  }
  return (
    <ul class="summary-list">
      {entries.flatMap(([key, value]) => {
        if (key === 'changed' && isRecord(value)) {
          return Object.entries(value).map(([field, change]) => (
            <li>
              <span class="summary-key">{field}</span>：
              {SECRET_KEY.test(field)
                ? '（已修改，内容不显示）'
                : isRecord(change) && ('before' in change || 'after' in change)
                  ? `${valueText(change.before)} → ${valueText(change.after)}`
                  : valueText(change)}
            </li>
          ))
        }
        return [
          <li>
            <span class="summary-key">{SUMMARY_KEY_LABELS[key] ?? key}</span>：
            {SECRET_KEY.test(key) ? (
              '（不显示）'
            ) : isRecord(value) ? (
              <ul>
                {Object.entries(value).map(([k, v]) => (
                  <li>
                    <span class="summary-key">{k}</span>：{SECRET_KEY.test(k) ? '（不显示）' : valueText(v)}
                  </li>
                ))}
              </ul>
            ) : (
              valueText(value)
            )}
          </li>,
        ]
      })}
    </ul>
  )
}

/** The raw filter values as typed (kept on re-render). */
export interface AuditFormValues {
  organ?: string | undefined
  actor?: string | undefined
  action?: string | undefined
  target?: string | undefined
  from?: string | undefined
  to?: string | undefined
  /** '1' to verify a long chain on this visit. */
  verify?: string | undefined
}

function queryString(values: AuditFormValues, page: number): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string' && v !== '') {
      p.set(k, v)
    }
  }
  if (page > 1) {
    p.set('page', String(page))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

function ChainStatus(props: { result: AuditBrowseResult; values: AuditFormValues }) {
  const c = props.result.chain
  if (!c) {
    return (
      <p class="chain-status chain-pending" role="status">
        校验审计链：全平台共 {props.result.chainLength}{' '}
        条审计记录，数量较多，为免影响系统运行，查看时不自动校验。{' '}
        <a href={`/console/audit${queryString({ ...props.values, verify: '1' }, props.result.page)}`}>
          立即校验
        </a>
      </p>
    )
  }
  return c.ok ? (
    <p class="chain-status chain-ok" role="status">
      校验审计链：通过。全平台共 {c.checked} 条审计记录，均未被修改或删除。
    </p>
  ) : (
    <p class="chain-status chain-broken" role="alert">
      校验审计链：未通过！第 {c.firstBroken?.seq} 条记录起审计链断裂（{c.firstBroken?.problem}
      ）。请立即报告安全管理人员，并使用 <code>gongkai audit verify</code> 复核。
    </p>
  )
}

function FilterForm(props: {
  values: AuditFormValues
  errors?: FieldErrors | undefined
  scope: AuditReadScope
}) {
  const v = props.values
  const e = props.errors ?? {}
  return (
    <form method="get" action="/console/audit" class="filters" aria-label="筛选审计日志">
      <SelectField name="organ" label="机关" value={v.organ ?? ''} errors={e.organ}>
        <option value="">全部（我有权查阅的）</option>
        {props.scope.noOrganEntries ? (
          <option value="none" selected={v.organ === 'none'}>
            不属于具体机关（登录等）
          </option>
        ) : null}
        {props.scope.organs.map((o) => (
          <option value={o.id} selected={v.organ === o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
      <TextField name="actor" label="操作人（用户名）" value={v.actor} errors={e.actor} maxLength={64} />
      <TextField
        name="action"
        label="操作类型（代码前缀）"
        value={v.action}
        errors={e.action}
        maxLength={64}
        list="action-prefixes"
      />
      <datalist id="action-prefixes">
        {AUDIT_ACTION_PREFIXES.map(([prefix, label]) => (
          <option value={prefix}>{label}</option>
        ))}
      </datalist>
      <TextField name="target" label="对象编号" value={v.target} errors={e.target} maxLength={64} />
      {/* A wrong date is shown again as text, so the browser keeps what was typed. */}
      <TextField
        name="from"
        label="起始日期"
        type={e.from ? 'text' : 'date'}
        value={v.from}
        errors={e.from}
      />
      <TextField name="to" label="截止日期" type={e.to ? 'text' : 'date'} value={v.to} errors={e.to} />
      <div class="filter-actions">
        <button type="submit">筛选</button> <a href="/console/audit">清除条件</a>
      </div>
    </form>
  )
}

function AuditRow(props: { row: AuditLogRow; organNames: Map<string, string>; values: AuditFormValues }) {
  const r = props.row
  const label = AUDIT_ACTION_LABELS[r.action]
  return (
    <tr>
      <td data-label="时间" class="nowrap">
        <time dateTime={r.at}>{formatShanghai(r.at)}</time>
        <div class="muted small">#{Number(r.seq)}</div>
      </td>
      <td data-label="操作人">
        <a href={`/console/audit${queryString({ ...props.values, actor: r.actor_name }, 1)}`}>
          {r.actor_name}
        </a>
      </td>
      <td data-label="机关">
        {r.organ_id ? (props.organNames.get(r.organ_id) ?? r.organ_id) : <span class="muted">—</span>}
      </td>
      <td data-label="操作">
        {label ? (
          <>
            {label}
            <div class="muted small">
              <code>{r.action}</code>
            </div>
          </>
        ) : (
          <code>{r.action}</code>
        )}
      </td>
      <td data-label="对象">
        {TARGET_TYPE_LABELS[r.target_type] ?? r.target_type}
        {r.target_id ? (
          <div class="small">
            <a
              href={`/console/audit${queryString({ ...props.values, target: r.target_id }, 1)}`}
              class="code"
              title={`${r.target_id}（只看这一对象的记录）`}
            >
              {r.target_id.length > 12 ? `${r.target_id.slice(0, 8)}…` : r.target_id}
            </a>
          </div>
        ) : null}
      </td>
      <td data-label="摘要">
        <AuditSummary json={r.summary} />
      </td>
    </tr>
  )
}

/** The console's audit browser: filters, the chain check, one page of entries. */
export function AuditPage(props: {
  viewer: Viewer
  csrfToken: string
  values: AuditFormValues
  scope: AuditReadScope
  result?: AuditBrowseResult | undefined
  errors?: FieldErrors | undefined
}) {
  const { result, values } = props
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1
  return (
    <Layout
      title="审计日志"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['审计日志']]}
    >
      <h1>审计日志</h1>
      <p class="muted">
        记录工作人员对数据的每一次改动以及登录情况，只能追加，不能修改或删除；每条记录与前一条以哈希值相连，任何改动都会被“校验审计链”发现。您可以查阅
        {props.scope.everything ? '全平台' : `所管辖的 ${props.scope.organs.length} 个机关`}
        的记录
        {props.scope.noOrganEntries
          ? '（含登录等不属于具体机关的记录）'
          : '；登录等不属于具体机关的记录仅全平台系统管理员可查阅'}
        。时间为北京时间。
      </p>
      {result ? <ChainStatus result={result} values={values} /> : null}
      <ErrorSummary message={props.errors ? '筛选条件有误，请检查标出的字段。' : undefined} />
      <FilterForm values={values} errors={props.errors} scope={props.scope} />
      {result ? (
        <>
          <h2 id="h-entries">
            记录（共 {result.total} 条{result.total > 0 ? `，第 ${result.page}/${pages} 页` : ''}）
          </h2>
          {result.rows.length === 0 ? (
            <p class="empty">没有符合条件的记录。</p>
          ) : (
            <div class="table-scroll">
              <table class="audit-table responsive" aria-labelledby="h-entries">
                <thead>
                  <tr>
                    <th scope="col">时间</th>
                    <th scope="col">操作人</th>
                    <th scope="col">机关</th>
                    <th scope="col">操作</th>
                    <th scope="col">对象</th>
                    <th scope="col">摘要</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((row) => (
                    <AuditRow row={row} organNames={result.organNames} values={values} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 ? (
            <nav class="pager" aria-label="分页">
              {result.page > 1 ? (
                <a href={`/console/audit${queryString(values, result.page - 1)}`} rel="prev">
                  上一页
                </a>
              ) : null}
              <span>
                第 {result.page} 页，共 {pages} 页
              </span>
              {result.page < pages ? (
                <a href={`/console/audit${queryString(values, result.page + 1)}`} rel="next">
                  下一页
                </a>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </Layout>
  )
}
