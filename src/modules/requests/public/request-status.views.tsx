import type { Viewer } from '../../../shared/actor.js'
import { chinaMinute } from '../../../shared/china-time.js'
import { CsrfField, ErrorSummary, Layout, TextField } from '../../../http/layout.js'
import {
  CHANNEL_LABELS,
  STATUS_LABELS,
  REQUEST_ACTION_LABELS,
  type ApplicantStatus,
  type Channel,
  type InfoRequestRow,
  type RequestClock,
  type RequestEventRow,
  type RequestStatus,
} from '../cases/index.js'
import { clockSummaryText, explainDayText } from '../clock/index.js'
import { isOutcomeKey, outcomeOf } from '../outcomes/index.js'

const EVENT_LABELS: Record<string, string> = {
  ...REQUEST_ACTION_LABELS,
  submitted: '网上提交申请',
  recorded: '工作人员登记申请',
}

export function eventLabel(kind: string): string {
  return EVENT_LABELS[kind] ?? kind
}

/** The clock with every day explained (staff and applicant see the same). */
export function ClockExplanation(props: { clock: RequestClock }) {
  const c = props.clock
  if (!c.ok) {
    return <p class="notice">{c.message}</p>
  }
  const days = c.result.explanation
  return (
    <section aria-labelledby="clock-h">
      <h2 id="clock-h">答复期限</h2>
      <ul>
        {clockSummaryText(c.result).map((l) => (
          <li>{l}</li>
        ))}
      </ul>
      {days.length > 0 ? (
        <details>
          <summary>逐日说明（{days.length} 天）</summary>
          <ol class="clock-days">
            {days.map((d) => (
              <li class={d.counted ? 'counted' : 'skipped'}>{explainDayText(d)}</li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  )
}

export function Timeline(props: { events: readonly RequestEventRow[]; showActors: boolean }) {
  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">办理过程</h2>
      <ol class="timeline">
        {props.events.map((e) => (
          <li>
            <strong>{e.date}</strong> {eventLabel(e.kind)}
            {e.note ? `：${e.note}` : ''}
            {props.showActors ? (
              <span class="meta">
                {' '}
                （{e.actor_name}，记录于 {chinaMinute(e.at)}）
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

/** Shown once, right after the request committed: the tracking number and the secret. */
export function ReceiptPage(props: {
  viewer: Viewer | null
  row: InfoRequestRow
  organName: string
  secret: string
  duplicate: boolean
}) {
  const r = props.row
  return (
    <Layout title="申请接收回执" viewer={props.viewer} crumbs={[['首页', '/'], ['依申请公开']]}>
      <h1>政府信息公开申请接收回执</h1>
      {props.duplicate ? <p class="notice">该申请此前已成功提交，以下为同一份回执（未重复登记）。</p> : null}
      <dl class="receipt">
        <dt>受理机关</dt>
        <dd>{props.organName}</dd>
        <dt>查询码</dt>
        <dd>
          <strong class="code">{r.tracking_number}</strong>
        </dd>
        <dt>查询密码</dt>
        <dd>
          <strong class="code">{props.secret}</strong>（仅显示这一次，请抄写或打印保存）
        </dd>
        <dt>申请人</dt>
        <dd>{r.applicant_name}</dd>
        <dt>提交时间</dt>
        <dd>{chinaMinute(r.submitted_at)}</dd>
        <dt>申请方式</dt>
        <dd>{CHANNEL_LABELS[r.channel as Channel]}</dd>
        <dt>所需信息</dt>
        <dd class="pre">{r.description}</dd>
      </dl>
      <p>
        {r.received_date
          ? `收到申请之日为 ${r.received_date}，自次日起计算 20 个工作日答复期限（条例第三十三条）。`
          : '工作人员将与您确认收到申请，确认之日为收到申请之日（条例第三十一条），答复期限自该日次日起计算。'}
      </p>
      <p>
        <a href="/requests/status">查询办理进度</a> · 打印本页：使用浏览器的“打印”功能。
      </p>
    </Layout>
  )
}

export function StatusLookupPage(props: {
  viewer: Viewer | null
  csrfToken: string
  tracking: string
  message?: string | undefined
}) {
  return (
    <Layout
      title="查询申请进度"
      viewer={props.viewer}
      crumbs={[['首页', '/'], ['依申请公开', '/requests/new'], ['查询']]}
    >
      <h1>查询政府信息公开申请</h1>
      <ErrorSummary message={props.message} />
      <form method="post" action="/requests/status">
        <CsrfField token={props.csrfToken} />
        <TextField name="tracking" label="查询码" value={props.tracking} required autocomplete="off" />
        <TextField name="secret" label="查询密码" type="password" required autocomplete="off" />
        <button type="submit">查询</button>
      </form>
    </Layout>
  )
}

export function ApplicantStatusPage(props: { viewer: Viewer | null; status: ApplicantStatus }) {
  const s = props.status
  const r = s.row
  const outcome = r.outcome && isOutcomeKey(r.outcome) && r.closed_date ? outcomeOf(r.outcome) : null
  return (
    <Layout title="申请办理进度" viewer={props.viewer} crumbs={[['首页', '/'], ['依申请公开'], ['办理进度']]}>
      <h1>申请办理进度</h1>
      <dl class="receipt">
        <dt>查询码</dt>
        <dd>{r.tracking_number}</dd>
        <dt>受理机关</dt>
        <dd>{s.organName}</dd>
        <dt>状态</dt>
        <dd>{STATUS_LABELS[r.status as RequestStatus]}</dd>
        <dt>收到申请之日</dt>
        <dd>{r.received_date ?? '待确认'}</dd>
        {outcome ? (
          <>
            <dt>办理结果</dt>
            <dd>{outcome.short}</dd>
          </>
        ) : null}
      </dl>
      {r.status === 'closed' || r.status === 'withdrawn' ? null : <ClockExplanation clock={s.clock} />}
      <section aria-labelledby="letters-h">
        <h2 id="letters-h">答复及告知文书</h2>
        {s.sentLetters.length === 0 ? (
          <p>暂无已送达的文书。</p>
        ) : (
          <ul>
            {s.sentLetters.map((l) => (
              <li>
                {l.number ?? ''} 于 {l.sent_date} 送达
              </li>
            ))}
          </ul>
        )}
      </section>
      <Timeline events={s.events} showActors={false} />
    </Layout>
  )
}
