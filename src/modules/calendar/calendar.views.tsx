import type { Viewer } from '../../shared/actor.js'
import {
  CsrfField,
  DateField,
  ErrorSummary,
  Layout,
  SelectField,
  TextField,
  type SelectOption,
} from '../../http/layout.js'
import { ART26_PUBLICATION_WORKING_DAYS } from '../../shared/calendar/statutory-periods.js'
import type { YearCoverage } from '../../shared/calendar/workdays.js'
import type { FieldErrors } from '../../shared/errors.js'
import type { FormValues } from '../organs/index.js'
import { CALENDAR_DAY_KIND_LABELS, CALENDAR_FIELD_LABELS } from './calendar.js'
import type { CalendarOverview } from './calendar.service.js'
import { CALENDAR_DAY_KINDS } from './calendar.table.js'

export const COVERAGE_LABELS: Record<YearCoverage, string> = {
  notice: '内置国务院办公厅通知数据',
  admin: '管理员录入',
  both: '内置通知数据 + 管理员录入',
  none: '未覆盖',
}

const CALENDAR_NOTICES = {
  added: '已录入该日期，工作日计算即时生效。',
  removed: '已删除该条目；该日期恢复按内置数据或周一至周五规则计算。',
} as const
export type CalendarNotice = keyof typeof CALENDAR_NOTICES

const KIND_OPTIONS: SelectOption[] = [
  { value: '', label: '请选择' },
  ...CALENDAR_DAY_KINDS.map((k) => ({ value: k, label: CALENDAR_DAY_KIND_LABELS[k] })),
]

function AddDayForm(props: { csrfToken: string; values: FormValues; errors: FieldErrors }) {
  const v = props.values
  const e = props.errors
  const L = CALENDAR_FIELD_LABELS
  return (
    <form method="post" action="/console/calendar" novalidate>
      <CsrfField token={props.csrfToken} />
      <DateField
        name="date"
        label={L.date ?? ''}
        value={v.date}
        errors={e.date}
        required
        hint="放假或调休上班的那一天，格式 YYYY-MM-DD。一天一条。"
      />
      <SelectField
        name="kind"
        label={L.kind ?? ''}
        value={v.kind}
        errors={e.kind}
        required
        options={KIND_OPTIONS}
      />
      <TextField
        name="name"
        label={L.name ?? ''}
        value={v.name}
        errors={e.name}
        required
        maxLength={20}
        hint="如 春节；调休上班日填所调休的节日。"
      />
      <TextField
        name="noticeNumber"
        label={L.noticeNumber ?? ''}
        value={v.noticeNumber}
        errors={e.noticeNumber}
        required
        maxLength={60}
        hint="国务院办公厅《关于YYYY年部分节假日安排的通知》的文号，如 国办发明电〔2025〕7号。"
      />
      <DateField
        name="noticeDate"
        label={L.noticeDate ?? ''}
        value={v.noticeDate}
        errors={e.noticeDate}
        required
        hint="通知的发布日期，如 2025-11-04。"
      />
      <p>
        <button type="submit">录入</button>
      </p>
    </form>
  )
}

/** The working-day calendar: years covered and by what, the next uncovered year, entries. */
export function CalendarPage(props: {
  viewer: Viewer
  csrfToken: string
  overview: CalendarOverview
  notice?: CalendarNotice | undefined
  values?: FormValues
  errors?: FieldErrors | undefined
  message?: string | undefined
}) {
  const o = props.overview
  return (
    <Layout
      title="节假日安排"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['节假日安排']]}
    >
      <h1>节假日安排（工作日历）</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {CALENDAR_NOTICES[props.notice]}
        </p>
      ) : null}
      <p>
        按工作日计算的期限（如条例第二十六条的{ART26_PUBLICATION_WORKING_DAYS}
        个工作日）依据国务院办公厅每年发布的《关于部分节假日安排的通知》确定放假日和调休上班日。
        平台内置历年通知数据；新一年的通知发布后，由系统管理员在此录入。管理员录入的条目优先于内置数据。
      </p>
      <p class="callout" id="next-uncovered">
        <strong>尚未覆盖的下一年度：{o.nextUncoveredYear}年。</strong>
        跨入该年度的工作日计算暂按“周一至周五为工作日”估算，并标注为估算；请在该年度通知发布后录入其放假和调休上班日。
      </p>
      <h2>各年度覆盖情况</h2>
      <div class="table-scroll">
        <table class="responsive">
          <caption class="visually-hidden">各年度节假日安排的来源</caption>
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col">来源</th>
              <th scope="col">管理员录入条目</th>
            </tr>
          </thead>
          <tbody>
            {o.years.map((y) => (
              <tr class={y.coverage === 'none' ? 'uncovered' : undefined}>
                <td data-label="年度">
                  {y.firstYear === y.year ? `${y.year}年` : `${y.firstYear}–${y.year}年`}
                </td>
                <td data-label="来源">{COVERAGE_LABELS[y.coverage]}</td>
                <td data-label="管理员录入条目">{y.entries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>管理员录入的条目</h2>
      {o.entries.length === 0 ? (
        <p class="muted">尚无录入的条目。</p>
      ) : (
        <div class="table-scroll">
          <table class="responsive">
            <caption class="visually-hidden">管理员录入的放假和调休上班日</caption>
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">类型</th>
                <th scope="col">节日</th>
                <th scope="col">通知文号</th>
                <th scope="col">通知日期</th>
                {o.canEdit ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {o.entries.map((e) => (
                <tr>
                  <td data-label="日期">{e.date}</td>
                  <td data-label="类型">{CALENDAR_DAY_KIND_LABELS[e.kind]}</td>
                  <td data-label="节日">{e.name}</td>
                  <td data-label="通知文号">{e.notice_number}</td>
                  <td data-label="通知日期">{e.notice_date}</td>
                  {o.canEdit ? (
                    <td data-label="操作">
                      <form method="post" action={`/console/calendar/${e.id}/remove`} class="inline-form">
                        <CsrfField token={props.csrfToken} />
                        <button type="submit" class="secondary" aria-label={`删除 ${e.date} ${e.name}`}>
                          删除
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>录入一天</h2>
      {o.canEdit ? (
        <>
          <ErrorSummary
            message={props.message ?? (props.errors ? '未录入，请检查标出的字段。' : undefined)}
          />
          <AddDayForm csrfToken={props.csrfToken} values={props.values ?? {}} errors={props.errors ?? {}} />
        </>
      ) : (
        <p class="muted">工作日历适用于全平台，只有管理全部机关的系统管理员可以录入或删除条目。</p>
      )}
    </Layout>
  )
}
