import { parseIsoDate } from '../../shared/dates.js'
import type { FieldErrors } from '../../shared/errors.js'
import { weekday, type CalendarDay } from '../../shared/calendar/workdays.js'
import { CALENDAR_DAY_KINDS, type CalendarDayKind, type CalendarDayRow } from './calendar.table.js'

/** Rules for administrator-entered calendar days (pure). */

export const CALENDAR_DAY_KIND_LABELS: Record<CalendarDayKind, string> = {
  holiday: '休息日（放假）',
  workday: '调休上班',
}

export const CALENDAR_FIELD_LABELS: Record<string, string> = {
  date: '日期',
  kind: '类型',
  name: '节日名称',
  noticeNumber: '通知文号',
  noticeDate: '通知日期',
}

export const CALENDAR_NAME_MAX = 20
/** The first year an entry may be dated in (the 2008 条例 took effect on 2008-05-01; data from 2007). */
export const CALENDAR_FIRST_YEAR = 2007
export const CALENDAR_NOTICE_NUMBER_MAX = 60

/** A calendar day as typed into the form. */
export interface CalendarDayInput {
  date: string
  kind: string
  name: string
  noticeNumber: string
  noticeDate: string
}

/** A checked entry, ready to store. */
export interface CalendarDayEntry {
  date: string
  kind: CalendarDayKind
  name: string
  noticeNumber: string
  noticeDate: string
}

function isKind(s: string): s is CalendarDayKind {
  return (CALENDAR_DAY_KINDS as readonly string[]).includes(s)
}

/**
 * Checks a day entered from a holiday notice: real dates (the strict parser) from 2007 up to next
 * year (a notice is published late in the year before), a known kind, a name and the notice's
 * number and date. A make-up working day (调休上班) falls on a Saturday or
 * Sunday: a weekday is a working day already. The notice cannot be dated after `today`.
 */
export function checkCalendarDayInput(
  input: CalendarDayInput,
  today: string,
): { ok: true; entry: CalendarDayEntry } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {}
  const date = input.date.trim()
  const kind = input.kind.trim()
  const name = input.name.trim()
  const noticeNumber = input.noticeNumber.trim()
  const noticeDate = input.noticeDate.trim()
  if (date === '') {
    fields.date = ['请填写日期']
  } else if (!parseIsoDate(date)) {
    fields.date = ['日期无效，请填写真实存在的日期，格式为 YYYY-MM-DD，如 2027-02-08']
  } else {
    const latest = Number(today.slice(0, 4)) + 1
    const year = Number(date.slice(0, 4))
    if (year < CALENDAR_FIRST_YEAR || year > latest) {
      fields.date = [`只能录入 ${CALENDAR_FIRST_YEAR} 年至 ${latest} 年的日期（通知于上一年年底发布）`]
    }
  }
  if (!isKind(kind)) {
    fields.kind = ['请选择类型：休息日或调休上班']
  } else if (kind === 'workday' && !fields.date) {
    const wd = weekday(date)
    if (wd !== 0 && wd !== 6) {
      fields.kind = ['调休上班日应为周六或周日（周一至周五本为工作日）']
    }
  }
  if (name === '') {
    fields.name = ['请填写节日名称，如 春节']
  } else if (name.length > CALENDAR_NAME_MAX) {
    fields.name = [`节日名称不能超过 ${CALENDAR_NAME_MAX} 个字符`]
  }
  if (noticeNumber === '') {
    fields.noticeNumber = ['请填写国务院办公厅通知的文号，如 国办发明电〔2025〕7号']
  } else if (noticeNumber.length > CALENDAR_NOTICE_NUMBER_MAX) {
    fields.noticeNumber = [`通知文号不能超过 ${CALENDAR_NOTICE_NUMBER_MAX} 个字符`]
  }
  if (noticeDate === '') {
    fields.noticeDate = ['请填写通知的发布日期']
  } else if (!parseIsoDate(noticeDate)) {
    fields.noticeDate = ['通知日期无效，请填写真实存在的日期，格式为 YYYY-MM-DD']
  } else if (noticeDate > today) {
    fields.noticeDate = ['通知日期不能晚于今天']
  }
  if (Object.keys(fields).length > 0 || !isKind(kind)) {
    return { ok: false, fields }
  }
  return { ok: true, entry: { date, kind, name, noticeNumber, noticeDate } }
}

/** A stored entry as a calendar day. */
export function calendarDayOfRow(row: Pick<CalendarDayRow, 'date' | 'kind' | 'name'>): CalendarDay {
  return { date: row.date, name: row.name, isOffDay: row.kind === 'holiday' }
}
