import type { Viewer } from '../../../shared/actor.js'
import type { FieldErrors } from '../../../shared/errors.js'
import { chinaMinute } from '../../../shared/china-time.js'
import {
  CsrfField,
  DateField,
  ErrorSummary,
  Layout,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../http/layout.js'
import {
  APPLICANT_TYPE_LABELS,
  CHANNEL_LABELS,
  CHANNELS,
  QUEUE_LABELS,
  QUEUES,
  REQUEST_ACTION_LABELS,
  STATUS_LABELS,
  type ApplicantType,
  type Channel,
  type IntakeValues,
  type QueuePage,
  type RequestAction,
  type RequestDetail,
  type RequestStatus,
} from '../cases/index.js'
import {
  OUTCOME_GROUP_LABELS,
  OUTCOMES,
  isOutcomeKey,
  outcomeOf,
  type OutcomeGroup,
} from '../outcomes/index.js'
import { ClockExplanation, IntakeFields, Timeline } from '../public/index.js'

export function RequestQueuePage(props: { viewer: Viewer; page: QueuePage; mine: boolean }) {
  const p = props.page
  const fmt = (n: number) => (n > 500 ? '500+' : String(n))
  return (
    <Layout
      title="依申请公开"
      viewer={props.viewer}
      area="console"
      crumbs={[['工作台', '/console'], ['依申请公开']]}
    >
      <h1>依申请公开</h1>
      <p>
        <a href="/console/requests/new">登记申请（信函、传真、电话、当面等）</a>
      </p>
      <nav aria-label="队列">
        <ul class="tabs">
          {QUEUES.map((q) => (
            <li>
              <a
                href={`/console/requests?queue=${q}${props.mine ? '&mine=1' : ''}`}
                aria-current={q === p.queue ? 'page' : undefined}
              >
                {QUEUE_LABELS[q]}（{fmt(p.counts[q])}）
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{QUEUE_LABELS[p.queue]}</h2>
      {p.rows.length === 0 ? (
        <p>该队列暂无申请。</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">查询码</th>
                <th scope="col">机关</th>
                <th scope="col">申请人</th>
                <th scope="col">所需信息</th>
                <th scope="col">收到日期</th>
                <th scope="col">答复期限</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr
                  class={r.due_date && r.due_date < p.today && r.status !== 'closed' ? 'overdue' : undefined}
                >
                  <td>
                    <a href={`/console/requests/${r.id}`}>{r.tracking_number}</a>
                  </td>
                  <td>{r.organ_name}</td>
                  <td>
                    {maskedName(r.applicant_name)}（{APPLICANT_TYPE_LABELS[r.applicant_type as ApplicantType]}
                    ）
                  </td>
                  <td>{r.description}</td>
                  <td>{r.received_date ?? '待确认'}</td>
                  <td>{r.due_date ?? '—'}</td>
                  <td>{STATUS_LABELS[r.status as RequestStatus]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {p.page > 1 ? <a href={`/console/requests?queue=${p.queue}&page=${p.page - 1}`}>上一页</a> : null}{' '}
        {p.rows.length === p.pageSize ? (
          <a href={`/console/requests?queue=${p.queue}&page=${p.page + 1}`}>下一页</a>
        ) : null}{' '}
        <a href={`/console/requests.csv?queue=${p.queue}`}>导出 CSV</a>
      </p>
    </Layout>
  )
}

/** Lists show a name masked (张*三). */
export function maskedName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) {
    return name
  }
  if (chars.length === 2) {
    return `${chars[0]}*`
  }
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`
}

export function StaffRecordPage(props: {
  viewer: Viewer
  csrfToken: string
  organs: Array<{ id: string; name: string }>
  values: IntakeValues & { organId?: string }
  errors?: FieldErrors | undefined
  message?: string | undefined
}) {
  const v = props.values
  const e = props.errors ?? {}
  return (
    <Layout
      title="登记申请"
      viewer={props.viewer}
      area="console"
      crumbs={[['工作台', '/console'], ['依申请公开', '/console/requests'], ['登记']]}
    >
      <h1>登记政府信息公开申请</h1>
      <p>
        当面提交和电话（口头申请，由工作人员代为填写，条例第二十九条）以提交之日为收到之日；挂号信、快递以签收之日为收到之日；平常信函、传真、电子邮件须与申请人确认（条例第三十一条）。
      </p>
      <ErrorSummary message={props.message} />
      <form method="post" action="/console/requests/new" novalidate>
        <CsrfField token={props.csrfToken} />
        <SelectField
          name="organId"
          label="受理机关"
          value={v.organId}
          required
          options={props.organs.map((o) => ({ value: o.id, label: o.name }))}
        />
        <SelectField
          name="channel"
          label="申请方式"
          value={v.channel}
          errors={e.channel}
          required
          options={[
            { value: '', label: '请选择' },
            ...CHANNELS.filter((c) => c !== 'web').map((c) => ({ value: c, label: CHANNEL_LABELS[c] })),
          ]}
        />
        <DateField
          name="submittedDate"
          label="提交或签收日期"
          value={v.submittedDate}
          errors={e.submittedDate}
          required
        />
        <IntakeFields values={v} errors={e} />
        <button type="submit">登记</button>
      </form>
    </Layout>
  )
}

function OutcomeSelect() {
  const groups = [...new Set(OUTCOMES.map((o) => o.group))] as OutcomeGroup[]
  return (
    <SelectField name="outcome" label="办理结果（对应年度报告表三的行）" required>
      <option value="">请选择</option>
      {groups.map((g) => (
        <optgroup label={OUTCOME_GROUP_LABELS[g]}>
          {OUTCOMES.filter((o) => o.group === g && !o.terminal).map((o) => (
            <option value={o.key}>
              {o.label}（{o.basis}）
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  )
}

/** The form of one action: its own fields, the legal date, a note. */
function ActionForm(props: { id: string; action: RequestAction; csrfToken: string; detail: RequestDetail }) {
  const a = props.action
  const extra = (() => {
    switch (a) {
      case 'assign':
        return (
          <>
            <TextField name="handlerId" label="承办人（用户 ID，留空为本人）" />
            <TextField name="department" label="承办科室" />
          </>
        )
      case 'request_correction':
        return (
          <>
            <TextAreaField name="matters" label="需要补正的事项（一次性告知）" required />
            <DateField name="deadline" label="补正期限" required />
          </>
        )
      case 'consult':
        return (
          <>
            <SelectField
              name="kind"
              label="征求对象"
              options={[
                { value: 'third_party', label: '第三方（条例第三十二条）' },
                { value: 'organ', label: '共同制作机关（条例第三十四条）' },
              ]}
            />
            <TextField name="party" label="名称" required />
          </>
        )
      case 'consultation_reply':
        return (
          <>
            <SelectField
              name="consultationId"
              label="征求意见"
              options={props.detail.consultations
                .filter((c) => c.opinion === null)
                .map((c) => ({ value: c.id, label: `${c.party}（${c.sent_date} 发出）` }))}
            />
            <SelectField
              name="opinion"
              label="意见"
              options={[
                { value: 'agree', label: '同意公开' },
                { value: 'object', label: '不同意公开' },
                { value: 'none', label: '逾期未提出意见' },
              ]}
            />
          </>
        )
      case 'extend':
        return (
          <>
            <TextField name="days" label="延长工作日数" value="20" />
            <TextAreaField name="reason" label="延期理由" required />
          </>
        )
      case 'fee_notice':
        return (
          <>
            <SelectField
              name="method"
              label="计收方式（一件申请只用一种）"
              options={[
                { value: 'per_request', label: '按件计收' },
                { value: 'per_page', label: '按量计收' },
              ]}
            />
            <TextField name="quantity" label="页数 / 本月本件的序号" required />
            <TextField name="earlier" label="按件：本月此前已计的申请件数" value="0" />
          </>
        )
      case 'decide':
        return (
          <>
            <OutcomeSelect />
            <TextAreaField name="reason" label="理由（不予公开、部分公开等须写明）" />
            <TextField
              name="linkedItems"
              label="已主动公开的目录条目 ID（条例第三十六条第（一）项，可多个）"
            />
            <TextField name="responsibleOrgan" label="负责公开的机关（非本机关负责公开时）" />
          </>
        )
      case 'transfer':
        return <TextField name="organCode" label="接收机关的机构代码" required />
      case 'return':
        return <TextAreaField name="reason" label="退回理由" required />
      case 'approve_officer':
        return <TextAreaField name="piiReason" label="保留未遮盖个人信息的理由（如有）" />
      case 'send':
        return (
          <>
            <SelectField
              name="method"
              label="送达方式"
              options={[
                { value: 'post', label: '邮寄' },
                { value: 'email', label: '电子邮件' },
                { value: 'pickup', label: '当面领取' },
                { value: 'online', label: '网上查看' },
              ]}
            />
            <TextField name="proof" label="送达凭证（邮件单号等）" />
          </>
        )
      case 'approve_leader':
      case 'confirm':
      case 'correction_lapsed':
      case 'fee_lapsed':
      case 'fee_paid':
      case 'fee_waived':
      case 'record_correction':
      case 'withdraw':
        return null
    }
  })()
  return (
    <form method="post" action={`/console/requests/${props.id}/${a}`} class="action-form">
      <CsrfField token={props.csrfToken} />
      <fieldset>
        <legend>{REQUEST_ACTION_LABELS[a]}</legend>
        {extra}
        <DateField name="date" label="日期（该步骤实际发生之日）" />
        <TextField name="note" label="备注" />
        <button type="submit">{REQUEST_ACTION_LABELS[a]}</button>
      </fieldset>
    </form>
  )
}

export function RequestDetailPage(props: {
  viewer: Viewer
  csrfToken: string
  detail: RequestDetail
  message?: string | undefined
  done?: string | undefined
}) {
  const d = props.detail
  const r = d.row
  const outcome = r.outcome && isOutcomeKey(r.outcome) ? outcomeOf(r.outcome) : null
  return (
    <Layout
      title={`申请 ${r.tracking_number}`}
      viewer={props.viewer}
      area="console"
      crumbs={[['工作台', '/console'], ['依申请公开', '/console/requests'], [r.tracking_number]]}
    >
      <h1>申请 {r.tracking_number}</h1>
      {props.done ? (
        <p class="notice" role="status">
          已{REQUEST_ACTION_LABELS[props.done as RequestAction] ?? '保存'}。
        </p>
      ) : null}
      <ErrorSummary message={props.message} />
      <dl class="receipt">
        <dt>受理机关</dt>
        <dd>{d.organName}</dd>
        <dt>状态</dt>
        <dd>{STATUS_LABELS[r.status as RequestStatus]}</dd>
        <dt>申请方式</dt>
        <dd>
          {CHANNEL_LABELS[r.channel as Channel]}，提交于 {chinaMinute(r.submitted_at)}
        </dd>
        <dt>收到申请之日</dt>
        <dd>{r.received_date ?? '待确认（条例第三十一条）'}</dd>
        <dt>申请人</dt>
        <dd>
          {r.applicant_name}（{APPLICANT_TYPE_LABELS[r.applicant_type as ApplicantType]}）
          {r.contact_person ? `，联系人 ${r.contact_person}` : ''}
          {r.credit_code ? `，统一社会信用代码 ${r.credit_code}` : ''}
        </dd>
        <dt>证件号码</dt>
        <dd>{d.applicant.idNumber ?? '—'}</dd>
        <dt>电话 / 邮箱</dt>
        <dd>
          {d.applicant.phone ?? '—'} / {d.applicant.email ?? '—'}
        </dd>
        <dt>地址</dt>
        <dd>{d.applicant.address ?? '—'}</dd>
        <dt>所需信息</dt>
        <dd class="pre">{r.description}</dd>
        {r.doc_number ? (
          <>
            <dt>文号</dt>
            <dd>{r.doc_number}</dd>
          </>
        ) : null}
        {outcome ? (
          <>
            <dt>办理结果</dt>
            <dd>
              {outcome.label}（{outcome.basis}）{r.outcome_reason ? `：${r.outcome_reason}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {d.applicant.masked ? (
        <p>
          <a href={`/console/requests/${r.id}?reveal=1`}>
            查看完整个人信息（仅承办人员，查看将记入审计日志）
          </a>
        </p>
      ) : null}
      {r.repeat_of || d.earlier.length > 0 ? (
        <section aria-labelledby="earlier-h">
          <h2 id="earlier-h">
            同一申请人此前的申请{r.repeat_of ? '（内容相同，可能为重复申请，条例第三十六条第（六）项）' : ''}
          </h2>
          <ul>
            {d.earlier.map((e) => (
              <li>
                <a href={`/console/requests/${e.id}`}>{e.tracking_number}</a> {e.received_date ?? ''}{' '}
                {e.description.slice(0, 40)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ClockExplanation clock={d.clock} />
      {d.consultations.length > 0 ? (
        <section aria-labelledby="cons-h">
          <h2 id="cons-h">征求意见</h2>
          <ul>
            {d.consultations.map((c) => (
              <li>
                {c.party}：{c.sent_date} 发出，
                {c.opinion
                  ? `${c.replied_date ?? '期满'} ${{ agree: '同意公开', object: '不同意公开', none: '逾期未提出意见' }[c.opinion] ?? c.opinion}`
                  : '等待答复'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="letters-h">
        <h2 id="letters-h">文书</h2>
        {d.letters.length === 0 ? (
          <p>暂无。</p>
        ) : (
          <ul>
            {d.letters.map((l) => (
              <li>
                {l.number ?? '（未编号）'} {l.kind} · {l.status}
                {l.return_reason ? ` · 退回理由：${l.return_reason}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="actions-h">
        <h2 id="actions-h">办理</h2>
        {d.actions.length === 0 ? (
          <p>您当前没有可执行的操作。</p>
        ) : (
          d.actions.map((a) => <ActionForm id={r.id} action={a} csrfToken={props.csrfToken} detail={d} />)
        )}
      </section>
      <Timeline events={d.events} showActors />
    </Layout>
  )
}
