import { chinaSecond } from '../../shared/china-time.js'
import type { Viewer } from '../../shared/actor.js'
import { ErrorSummary, Layout, SelectField, TextField } from '../../http/layout.js'
import type { FieldErrors } from '../../shared/errors.js'
import type { AuditBrowseResult, AuditReadScope } from './audit-browser.service.js'
import type { AuditLogRow } from './audit.table.js'
import { AUDIT_ACTION_LABELS, AUDIT_ACTION_PREFIXES, TARGET_TYPE_LABELS } from './audit-labels.js'
import { AuditSummary } from './audit-summary.views.js'

export { AUDIT_ACTION_LABELS } from './audit-labels.js'
export { AuditSummary } from './audit-summary.views.js'

/** An instant as Beijing time, e.g. 2026-11-28 09:05:03 (the one formatter: src/shared/china-time.ts). */
export const formatShanghai = chinaSecond

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
  if (!c.firstBroken) {
    return (
      <p class="chain-status chain-ok" role="status">
        校验审计链：通过。全平台共 {c.checked} 条审计记录，每条记录的密钥校验值均正确，未被修改或删除。
        {c.legacyEntries > 0
          ? `其中最早的 ${c.legacyEntries} 条写于启用密钥之前，只有普通哈希保护，防篡改能力较弱。`
          : ''}
      </p>
    )
  }
  return (
    <p class="chain-status chain-broken" role="alert">
      校验审计链：未通过！第 {c.firstBroken.seq} 条记录起审计链断裂（{c.firstBroken.problem}
      ）。请立即报告安全管理人员，并使用 <code>gongkai audit verify</code> 复核。
    </p>
  )
}

/** Anchor alerts, shown at the top: a failed checkpoint write, checkpoints that do not hold. */
function AnchorAlerts(props: { result: AuditBrowseResult }) {
  const a = props.result.anchor
  const checked = props.result.chain?.anchors
  return (
    <>
      {a.failure ? (
        <p class="chain-status chain-broken" role="alert">
          最近一次写入审计锚点失败（{formatShanghai(a.failure.at)}）：{a.failure.message}
          。数据修改已正常保存，请检查锚点文件的位置和权限。
        </p>
      ) : null}
      {checked && !checked.ok ? (
        <div class="chain-status chain-broken" role="alert">
          <p>
            锚点校验未通过：{checked.total - checked.held}{' '}
            个锚点与审计链不符（审计记录可能被截断或改写，或锚点文件被篡改）。请立即报告安全管理人员。
          </p>
          <details>
            <summary>技术细节</summary>
            <ul>
              {checked.problems.map((p) => (
                <li>
                  第 {p.line} 行{p.seq !== undefined ? `（锚定第 ${p.seq} 条）` : ''}：{p.problem}
                </li>
              ))}
            </ul>
          </details>
        </div>
      ) : null}
    </>
  )
}

/** The anchors outside the database: where they are and the newest checkpoint. */
function AnchorStatus(props: { result: AuditBrowseResult }) {
  const a = props.result.anchor
  const latest = a.latest
  return (
    <section class="anchor-status" aria-labelledby="h-anchor">
      <h2 id="h-anchor">审计锚点</h2>
      <p class="muted small">
        系统定期把审计链的最新位置（条数和哈希值）用同一密钥签名，追加写入数据库之外的锚点文件。只改数据库的人无法让审计链变短或改写已锚定的记录而不被发现。
      </p>
      {!a.file ? (
        <p>未配置锚点文件（内存数据库），无法发现审计记录被截断。</p>
      ) : a.readError ? (
        <p role="alert">锚点文件无法读取：{a.readError}</p>
      ) : latest ? (
        <dl class="anchor-facts">
          <dt>最新锚点</dt>
          <dd>第 {latest.seq} 条记录</dd>
          <dt>哈希值</dt>
          <dd>
            <code title={latest.hash}>{latest.hash.slice(0, 16)}…</code>
          </dd>
          <dt>时间</dt>
          <dd>
            <time dateTime={latest.at}>{formatShanghai(latest.at)}</time>
          </dd>
          <dt>签名</dt>
          <dd>
            {latest.alg === 'hmac-sm3' ? 'HMAC-SM3' : 'HMAC-SHA-256'}，密钥标识 <code>{latest.kid}</code>
          </dd>
          <dt>锚点文件</dt>
          <dd>
            <code>{a.file}</code>
          </dd>
        </dl>
      ) : (
        <p>
          尚未写入锚点（文件 <code>{a.file}</code>）。每新增 {a.every} 条记录或定时写入一次，也可运行{' '}
          <code>gongkai audit checkpoint</code>。
        </p>
      )}
    </section>
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
    <tr data-seq={Number(r.seq)}>
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
        记录工作人员对数据的每一次改动以及登录情况，只能追加，不能修改或删除；每条记录与前一条以密钥校验值（HMAC）相连，任何改动都会被“校验审计链”发现。您可以查阅
        {props.scope.everything ? '全平台' : `所管辖的 ${props.scope.organs.length} 个机关`}
        的记录
        {props.scope.noOrganEntries
          ? '（含登录等不属于具体机关的记录）'
          : '；登录等不属于具体机关的记录仅全平台系统管理员可查阅'}
        。时间为北京时间。
      </p>
      {result ? <ChainStatus result={result} values={values} /> : null}
      {result ? <AnchorAlerts result={result} /> : null}
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
      {result ? <AnchorStatus result={result} /> : null}
    </Layout>
  )
}
