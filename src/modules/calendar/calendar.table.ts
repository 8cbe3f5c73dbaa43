import type { Insertable, Selectable } from 'kysely'

/** 休息日 (a holiday) or 调休上班 (a make-up working day). */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number]

/**
 * A day an administrator entered from a 国务院办公厅 holiday notice (《关于YYYY年部分节假日安排的通知》),
 * merged over the packaged notice data. One entry per date.
 */
export interface CalendarDayTable {
  id: string
  /** YYYY-MM-DD, unique. */
  date: string
  kind: CalendarDayKind
  /** The holiday, e.g. 春节 (a make-up day names the holiday it makes up for). */
  name: string
  /** The notice's number, e.g. 国办发明电〔2025〕7号. */
  notice_number: string
  /** The notice's date, YYYY-MM-DD. */
  notice_date: string
  created_at: string
  created_by: string | null
}

export type CalendarDayRow = Selectable<CalendarDayTable>
export type NewCalendarDayRow = Insertable<CalendarDayTable>
