// The only entrance to calendar/ from outside it.
export * from './calendar.js'
export * from './calendar.service.js'
export type { CalendarDayKind, CalendarDayRow } from './calendar.table.js'
export { CALENDAR_DAY_KINDS } from './calendar.table.js'
