import { CalendarNotCoveredError, type WorkCalendar } from '../../../shared/calendar/workdays.js'
import { computeClock, type ClockInput, type ClockResult } from '../clock/index.js'
import type { InfoRequestRow, RequestConsultationRow } from './request.table.js'

/**
 * A stored request on the statutory clock (requests/clock, pure): the row and its consultations
 * become the clock's events. Every page, letter, queue and report that shows a date of a request
 * goes through here, so they cannot disagree.
 */

type ClockRow = Pick<
  InfoRequestRow,
  | 'received_date'
  | 'correction_requested'
  | 'correction_received'
  | 'correction_lapsed'
  | 'extension_days'
  | 'fee_notice_received'
  | 'fee_paid'
  | 'fee_waived'
>

export function clockInputOf(
  row: ClockRow,
  consultations: ReadonlyArray<Pick<RequestConsultationRow, 'sent_date' | 'replied_date'>>,
  asOf: string | null = null,
): ClockInput | null {
  if (!row.received_date) {
    return null
  }
  return {
    received: row.received_date,
    correction: row.correction_requested
      ? {
          requested: row.correction_requested,
          corrected: row.correction_received,
          lapsed: row.correction_lapsed,
        }
      : null,
    consultations: consultations.map((c) => ({ sent: c.sent_date, replied: c.replied_date })),
    extensions: row.extension_days ? [row.extension_days] : [],
    // A waived fee no longer holds the request (国办函〔2020〕109号 Art. 7: 减免).
    fee:
      row.fee_notice_received && !row.fee_waived
        ? { noticeReceived: row.fee_notice_received, paid: row.fee_paid }
        : null,
    asOf,
  }
}

/** The clock of a request: the result, or the year the calendar lacks (never a guessed date). */
export type RequestClock =
  | { ok: true; result: ClockResult }
  | { ok: false; uncoveredYear: number; message: string }
  | { ok: false; uncoveredYear: null; message: string }

export function requestClock(
  calendar: WorkCalendar,
  row: ClockRow,
  consultations: ReadonlyArray<Pick<RequestConsultationRow, 'sent_date' | 'replied_date'>>,
  options: { explain?: boolean; asOf?: string | null } = {},
): RequestClock {
  const input = clockInputOf(row, consultations, options.asOf ?? null)
  if (!input) {
    return { ok: false, uncoveredYear: null, message: '尚未确认收到申请之日，答复期限从确认之日起计算。' }
  }
  try {
    return { ok: true, result: computeClock(calendar, input, { explain: options.explain ?? true }) }
  } catch (err) {
    if (err instanceof CalendarNotCoveredError) {
      return { ok: false, uncoveredYear: err.year, message: err.userMessage }
    }
    throw err
  }
}

/** The due date kept on the row for the queues (null when the clock does not run or cannot). */
export function dueDateOf(
  calendar: WorkCalendar,
  row: ClockRow,
  consultations: ReadonlyArray<Pick<RequestConsultationRow, 'sent_date' | 'replied_date'>>,
): string | null {
  const c = requestClock(calendar, row, consultations, { explain: false })
  return c.ok ? c.result.due : null
}
