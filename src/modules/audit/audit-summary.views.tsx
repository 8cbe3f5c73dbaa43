import { fieldLabel } from './audit-labels.js'

/** Keys whose values are never shown, whatever a writer put in a summary. */
const SECRET_KEY = /pass(word)?|hash|token|secret|csrf/i
const MAX_VALUE_CHARS = 160

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A value as readable text: 是/否, （空）, lists joined with 、, long text cut. */
export function valueText(v: unknown): string {
  const s =
    v === null || v === undefined || v === ''
      ? '（空）'
      : typeof v === 'boolean'
        ? v
          ? '是'
          : '否'
        : typeof v === 'string'
          ? v
          : Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)
            ? v.map((x) => String(x)).join('、') || '（空）'
            : JSON.stringify(v)
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s
}

function shown(key: string, v: unknown): string {
  return SECRET_KEY.test(key) ? '（内容不显示）' : valueText(v)
}

interface ChangeRow {
  field: string
  before: unknown
  after: unknown
}

/** The before/after rows a summary holds, or null when it has no change in it. */
function changeRows(s: Record<string, unknown>): ChangeRow[] | null {
  const changed = s.changed
  if (isRecord(changed)) {
    return Object.entries(changed).map(([field, c]) =>
      isRecord(c) && ('before' in c || 'after' in c)
        ? { field, before: c.before, after: c.after }
        : { field, before: undefined, after: c },
    )
  }
  const before = s.before
  const after = s.after
  if (isRecord(before) || isRecord(after)) {
    const b = isRecord(before) ? before : {}
    const a = isRecord(after) ? after : {}
    return [...new Set([...Object.keys(b), ...Object.keys(a)])].map((field) => ({
      field,
      before: b[field],
      after: a[field],
    }))
  }
  if ('before' in s || 'after' in s) {
    return [{ field: '文本', before, after }]
  }
  return null
}

function ChangeTable(props: { rows: ChangeRow[]; created: boolean; removed: boolean }) {
  return (
    <table class="change-table">
      <thead>
        <tr>
          <th scope="col">字段</th>
          {props.created ? null : <th scope="col">修改前</th>}
          {props.removed ? null : <th scope="col">{props.created ? '内容' : '修改后'}</th>}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{fieldLabel(r.field)}</th>
            {props.created ? null : <td>{shown(r.field, r.before)}</td>}
            {props.removed ? null : <td>{shown(r.field, r.after)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * A summary's JSON, readable: a change as a 字段 / 修改前 / 修改后 table with Chinese field
 * names, other keys as a labelled list; everything escaped, secrets never shown.
 */
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
  const rows = changeRows(parsed)
  const changeKeys = new Set(['changed', 'before', 'after'])
  const rest = Object.entries(parsed).filter(([k]) => !(rows && changeKeys.has(k)))
  if (!rows && rest.length === 0) {
    return <span class="muted">—</span>
  }
  const onlyAfter = rows !== null && !('changed' in parsed) && !('before' in parsed)
  const onlyBefore = rows !== null && !('changed' in parsed) && !('after' in parsed)
  return (
    <div class="audit-summary">
      {rest.length > 0 ? (
        <ul class="summary-list">
          {rest.map(([key, value]) => (
            <li>
              <span class="summary-key">{fieldLabel(key)}</span>：
              {key === 'changed' && Array.isArray(value)
                ? value.map((f) => fieldLabel(String(f))).join('、') || '（无）'
                : isRecord(value) && !SECRET_KEY.test(key)
                  ? Object.entries(value)
                      .map(([k, v]) => `${fieldLabel(k)}：${shown(k, v)}`)
                      .join('；')
                  : shown(key, value)}
            </li>
          ))}
        </ul>
      ) : null}
      {rows && rows.length > 0 ? <ChangeTable rows={rows} created={onlyAfter} removed={onlyBefore} /> : null}
    </div>
  )
}
