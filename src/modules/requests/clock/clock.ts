import {
  ART30_CORRECTION_NOTICE_WORKING_DAYS,
  ART32_CONSULTEE_WORKING_DAYS,
  FEE_PAYMENT_WORKING_DAYS,
  replyPeriodsFor,
} from '../../../shared/calendar/statutory-periods.js'
import {
  addCalendarDays,
  CalendarNotCoveredError,
  dateOfDayNumber,
  dayNumber,
  type WorkCalendar,
} from '../../../shared/calendar/workdays.js'
import { DomainError, type ErrorCode } from '../../../shared/errors.js'

/**
 * The statutory clock of a request (依申请公开), pure over a WorkCalendar in strict mode: a date in a
 * year the calendar does not cover throws CalendarNotCoveredError naming the year, never a guess.
 *
 * Counting (民法典 Art. 201): 「开始的当日不计入，自下一日开始计算」 — day 1 is the first working day
 * after the start date. The start date is the date of receipt (条例 Art. 31), or, after a 补正, the
 * date the corrected request was received (条例 Art. 30: 「答复期限自行政机关收到补正的申请之日起计算」).
 */

/** A 补正 (条例 Art. 30). */
export interface CorrectionEvent {
  /** The day the 补正告知书 was issued. */
  requested: string
  /** The day the corrected request was received; the reply clock restarts from it. */
  corrected?: string | null
  /** The day the applicant's correction period (stated in the notice) ran out without a correction. */
  lapsed?: string | null
}

/**
 * A consultation of a third party (条例 Art. 32) or of another organ (Art. 33 para. 2, Art. 34): the
 * working days d with sent < d ≤ end are not counted, where end is the day the reply was received,
 * at most the consultee's 15-working-day limit (Art. 32 / Art. 34); without a reply, the limit.
 */
export interface ConsultationEvent {
  sent: string
  replied?: string | null
}

/** A fee notice (国办函〔2020〕109号): the applicant pays within 20 working days of receiving it. */
export interface FeeEvent {
  /** The day the applicant received the 收费通知. */
  noticeReceived: string
  paid?: string | null
}

export interface ClockInput {
  /** The date of receipt, by channel (条例 Art. 31). */
  received: string
  correction?: CorrectionEvent | null
  consultations?: readonly ConsultationEvent[]
  /** Working days of each approved extension (条例 Art. 33: at most once). */
  extensions?: readonly number[]
  fee?: FeeEvent | null
  /** Today, for the states that follow from time passing (fee unpaid); optional. */
  asOf?: string | null
}

export type ClockState =
  | 'running'
  | 'waiting_for_correction'
  | 'abandoned_no_correction'
  | 'waiting_for_fee'
  | 'abandoned_fee_unpaid'

/** Why a day is counted or not. */
export type DayReason =
  'working_day' | 'make_up_day' | 'weekend' | 'holiday' | 'consultation' | 'waiting_for_correction'

export interface ExplainedDay {
  date: string
  counted: boolean
  /** The ordinal of a counted day (1 = day 1); null for a skipped day. */
  ordinal: number | null
  reason: DayReason
  /** The holiday's name for a holiday or make-up day. */
  holiday: string | null
}

export interface ClockResult {
  regime: ReturnType<typeof replyPeriodsFor>
  /** The day the reply clock starts from (receipt, or receipt of the correction). */
  start: string
  /** The reply's due date; null while the clock does not run (waiting for / abandoned at 补正). */
  due: string | null
  /** Working days counted: the reply period plus the extension. */
  workingDays: number
  /** Art. 30: the 补正 notice is due within 7 working days of receipt. */
  correctionNoticeDue: string
  /** True when the 补正 notice was issued after its due date. */
  correctionNoticeLate: boolean
  /** The last day to pay a noticed fee. */
  feePaymentDue: string | null
  state: ClockState
  /** Every calendar day from the day after the receipt to the due date, counted or skipped. */
  explanation: ExplainedDay[]
}

/** A bad sequence of events; the code says which. */
export class ClockSequenceError extends DomainError {
  constructor(code: ErrorCode, detail: string) {
    super(code, detail)
    this.name = 'ClockSequenceError'
  }
}

function check(ok: boolean, code: ErrorCode, detail: string): void {
  if (!ok) {
    throw new ClockSequenceError(code, detail)
  }
}

/**
 * Strict `addWorkingDays`, memoised per calendar: a WorkCalendar never changes (a provider builds a
 * new one when the entries change), and queues ask for the same few (date, n) pairs again and again.
 */
const addCache = new WeakMap<WorkCalendar, Map<string, string>>()

function addWorkingDays(calendar: WorkCalendar, date: string, n: number): string {
  let cache = addCache.get(calendar)
  if (!cache) {
    cache = new Map()
    addCache.set(calendar, cache)
  }
  const key = `${date}+${n}`
  let due = cache.get(key)
  if (due === undefined) {
    due = calendar.addWorkingDays(date, n, { strict: true }).date
    if (cache.size >= 100_000) {
      cache.clear()
    }
    cache.set(key, due)
  }
  return due
}

/** Throws CalendarNotCoveredError for every year of (from, to] that no notice covers. */
function requireCovered(calendar: WorkCalendar, from: string, to: string): void {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    if (calendar.coverage(y) === 'none') {
      throw new CalendarNotCoveredError(y)
    }
  }
}

function validate(input: ClockInput, maxExtension: number): void {
  const r = input.received
  dayNumber(r)
  const c = input.correction
  if (c) {
    check(c.requested >= r, 'CLOCK_EVENT_BEFORE_RECEIPT', `correction requested ${c.requested} < ${r}`)
    if (c.corrected) {
      check(
        c.corrected >= c.requested,
        'CLOCK_CORRECTION_BEFORE_REQUEST',
        `corrected ${c.corrected} < requested ${c.requested}`,
      )
      check(!c.lapsed, 'CLOCK_CORRECTION_CONFLICT', 'both corrected and lapsed')
    }
    if (c.lapsed) {
      check(c.lapsed >= c.requested, 'CLOCK_CORRECTION_BEFORE_REQUEST', `lapsed ${c.lapsed} < ${c.requested}`)
    }
  }
  for (const k of input.consultations ?? []) {
    check(k.sent >= r, 'CLOCK_EVENT_BEFORE_RECEIPT', `consultation sent ${k.sent} < ${r}`)
    if (k.replied) {
      check(
        k.replied >= k.sent,
        'CLOCK_CONSULTATION_REPLY_BEFORE_SENT',
        `consultation reply ${k.replied} < sent ${k.sent}`,
      )
    }
  }
  const ext = input.extensions ?? []
  check(ext.length <= 1, 'CLOCK_EXTENSION_REPEATED', `${ext.length} extensions`)
  for (const n of ext) {
    check(
      Number.isInteger(n) && n >= 1 && n <= maxExtension,
      'CLOCK_EXTENSION_OVER_MAXIMUM',
      `extension of ${n} working days, the maximum is ${maxExtension}`,
    )
  }
  const f = input.fee
  if (f) {
    check(f.noticeReceived >= r, 'CLOCK_EVENT_BEFORE_RECEIPT', `fee notice ${f.noticeReceived} < ${r}`)
    if (f.paid) {
      check(
        f.paid >= f.noticeReceived,
        'CLOCK_FEE_PAID_BEFORE_NOTICE',
        `paid ${f.paid} < ${f.noticeReceived}`,
      )
    }
  }
}

/** Day numbers d excluded by consultations: sent < d ≤ min(reply, the consultee's limit). */
function consultationWindows(
  calendar: WorkCalendar,
  consultations: readonly ConsultationEvent[],
): Array<[number, number]> {
  return consultations.map((k) => {
    // Art. 32 / Art. 34: the consultee has 15 working days from receiving the letter.
    const limit = addWorkingDays(calendar, k.sent, ART32_CONSULTEE_WORKING_DAYS)
    const end = k.replied && k.replied < limit ? k.replied : limit
    return [dayNumber(k.sent), dayNumber(end)]
  })
}

/**
 * The reply's due date, the 补正 notice's due date, the state, and every day explained.
 * `explain: false` skips building the explanation (queues and reports need only the dates).
 */
export function computeClock(
  calendar: WorkCalendar,
  input: ClockInput,
  options: { explain?: boolean } = {},
): ClockResult {
  const regime = replyPeriodsFor(input.received)
  validate(input, regime.extensionWorkingDays)
  const explain = options.explain ?? true
  requireCovered(calendar, input.received, input.received)
  // 条例 Art. 30: the 补正 notice within 7 working days of receipt.
  const correctionNoticeDue = addWorkingDays(calendar, input.received, ART30_CORRECTION_NOTICE_WORKING_DAYS)
  const c = input.correction ?? null
  const correctionNoticeLate = c !== null && c.requested > correctionNoticeDue
  const feePaymentDue = input.fee
    ? addWorkingDays(calendar, input.fee.noticeReceived, FEE_PAYMENT_WORKING_DAYS)
    : null

  const base = { regime, correctionNoticeDue, correctionNoticeLate, feePaymentDue }
  const workingDays = regime.replyWorkingDays + (input.extensions?.[0] ?? 0)
  if (c && !c.corrected) {
    // The clock does not run until the corrected request arrives (Art. 30).
    return {
      ...base,
      start: input.received,
      due: null,
      workingDays,
      state: c.lapsed ? 'abandoned_no_correction' : 'waiting_for_correction',
      explanation: [],
    }
  }
  const start = c?.corrected ?? input.received
  const windows = consultationWindows(calendar, input.consultations ?? [])
  const explanation: ExplainedDay[] = []
  if (explain && c?.corrected) {
    for (let d = addCalendarDays(input.received, 1); d <= start; d = addCalendarDays(d, 1)) {
      explanation.push({
        date: d,
        counted: false,
        ordinal: null,
        reason: 'waiting_for_correction',
        holiday: null,
      })
    }
  }
  if (!explain) {
    const due = dueWithoutExplanation(calendar, start, workingDays, windows)
    return { ...base, start, due, workingDays, state: stateAfterFee(input, feePaymentDue), explanation: [] }
  }
  let day = dayNumber(start)
  let date = start
  let year = Number(start.slice(0, 4))
  requireCovered(calendar, start, start)
  let count = 0
  while (count < workingDays) {
    day += 1
    date = addCalendarDays(date, 1)
    const y = Number(date.slice(0, 4))
    if (y !== year) {
      year = y
      requireCovered(calendar, date, date)
    }
    const working = calendar.isWorkingDay(date)
    const consulting = working && windows.some(([from, to]) => from < day && day <= to)
    if (working && !consulting) {
      count += 1
    }
    if (explain) {
      explanation.push(explainDay(calendar, date, working, consulting, count))
    }
  }
  return { ...base, start, due: date, workingDays, state: stateAfterFee(input, feePaymentDue), explanation }
}

function stateAfterFee(input: ClockInput, feePaymentDue: string | null): ClockState {
  const fee = input.fee
  if (fee && !fee.paid && feePaymentDue) {
    return input.asOf && input.asOf > feePaymentDue ? 'abandoned_fee_unpaid' : 'waiting_for_fee'
  }
  return 'running'
}

/**
 * The due date by whole-range counts (the hot path of queues and reports). With E(D) the excluded
 * working days in (start, D], the iteration D = start + (n + E(D)) working days rises to the first
 * day whose counted days reach n, which is the due date.
 */
function dueWithoutExplanation(
  calendar: WorkCalendar,
  start: string,
  n: number,
  windows: ReadonlyArray<[number, number]>,
): string {
  const strict = { strict: true } as const
  let due = addWorkingDays(calendar, start, n)
  if (windows.length === 0) {
    return due
  }
  const merged = mergeWindows(windows, dayNumber(start))
  let excluded = 0
  for (;;) {
    const dueN = dayNumber(due)
    let e = 0
    for (const [from, to] of merged) {
      if (from < dueN) {
        e += calendar.workingDaysBetween(dateOfDayNumber(from), dateOfDayNumber(Math.min(to, dueN)), strict)
      }
    }
    if (e === excluded) {
      return due
    }
    excluded = e
    due = addWorkingDays(calendar, start, n + excluded)
  }
}

/** Windows (from, to] clipped to days after `start`, sorted, overlaps merged. */
function mergeWindows(windows: ReadonlyArray<[number, number]>, start: number): Array<[number, number]> {
  const sorted = windows
    .map(([a, b]): [number, number] => [Math.max(a, start), b])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  const out: Array<[number, number]> = []
  for (const w of sorted) {
    const last = out.at(-1)
    if (last && w[0] <= last[1]) {
      last[1] = Math.max(last[1], w[1])
    } else {
      out.push([w[0], w[1]])
    }
  }
  return out
}

function explainDay(
  calendar: WorkCalendar,
  date: string,
  working: boolean,
  consulting: boolean,
  count: number,
): ExplainedDay {
  const e = calendar.explain(date)
  const holiday = e.kind === 'holiday' || e.kind === 'make_up' ? e.name : null
  if (!working) {
    return {
      date,
      counted: false,
      ordinal: null,
      reason: e.kind === 'holiday' ? 'holiday' : 'weekend',
      holiday,
    }
  }
  if (consulting) {
    return { date, counted: false, ordinal: null, reason: 'consultation', holiday }
  }
  return {
    date,
    counted: true,
    ordinal: count,
    reason: e.kind === 'make_up' ? 'make_up_day' : 'working_day',
    holiday,
  }
}
