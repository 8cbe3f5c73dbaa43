import type { Kdb } from '../../db/database.js'
import type { CalendarProvider } from '../../shared/calendar/provider.js'
import {
  chinaDate,
  WorkCalendar,
  type CalendarLayer,
  type YearCoverage,
} from '../../shared/calendar/workdays.js'
import type { Actor } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import { DomainError, ValidationError, type FieldErrors } from '../../shared/errors.js'
import { newId } from '../../shared/ids.js'
import { actorFields, recordAudit } from '../audit/index.js'
import { fieldErrorsLine, isGlobalAdmin } from '../organs/index.js'
import {
  CALENDAR_FIELD_LABELS,
  calendarDayOfRow,
  checkCalendarDayInput,
  type CalendarDayInput,
} from './calendar.js'
import * as repo from './calendar.repository.js'
import type { CalendarDayRow } from './calendar.table.js'

/**
 * How often another process looks at the calendar's change version (one counter row): an entry
 * made in one process is seen by the others within this time. The process that made the change
 * reloads at once.
 */
export const CALENDAR_VERSION_CHECK_MS = 5_000

/**
 * The database-backed calendar: the packaged notices with the administrator entries over them.
 * Loaded on first use; afterwards, at most every `checkEveryMs`, one read of the change version
 * decides whether to reload the entries.
 */
export function createCalendarProvider(
  db: Kdb,
  packaged: CalendarLayer,
  options: { checkEveryMs?: number; nowMs?: () => number } = {},
): CalendarProvider {
  const checkEvery = options.checkEveryMs ?? CALENDAR_VERSION_CHECK_MS
  const nowMs = options.nowMs ?? Date.now
  let loaded: { calendar: WorkCalendar; version: number; checkedAt: number } | undefined
  let pending: Promise<WorkCalendar> | undefined
  // Bumped by invalidate(): a load that started before it must not be kept.
  let generation = 0

  const refresh = async (gen: number): Promise<WorkCalendar> => {
    const at = nowMs()
    const version = await repo.readCalendarVersion(db)
    if (loaded && loaded.version === version) {
      loaded.checkedAt = at
      return loaded.calendar
    }
    const rows = await repo.listCalendarDays(db)
    const calendar = WorkCalendar.withEntries(packaged, rows.map(calendarDayOfRow))
    if (gen === generation) {
      loaded = { calendar, version, checkedAt: at }
    }
    return calendar
  }

  return {
    get() {
      if (loaded && nowMs() - loaded.checkedAt < checkEvery) {
        return Promise.resolve(loaded.calendar)
      }
      if (!pending) {
        const mine = refresh(generation).finally(() => {
          if (pending === mine) {
            pending = undefined
          }
        })
        pending = mine
      }
      return pending
    },
    invalidate() {
      generation += 1
      loaded = undefined
      pending = undefined
    },
  }
}

/** A run of years as the admin page lists it (consecutive years of one source, without entries, share a row). */
export interface CalendarYearView {
  /** The latest and earliest year of the run (equal for a single year). */
  year: number
  firstYear: number
  coverage: YearCoverage
  /** Administrator entries dated in the year(s). */
  entries: number
}

export interface CalendarOverview {
  years: CalendarYearView[]
  /** The first year from the current one on that nothing covers. */
  nextUncoveredYear: number
  entries: CalendarDayRow[]
  /** May the viewer add and remove entries (a global administrator)? */
  canEdit: boolean
}

/** The admin page's data: years covered and by what, the next uncovered year, the entries. */
export async function calendarOverview(deps: AppDeps, actor: Actor): Promise<CalendarOverview> {
  const [calendar, entries, canEdit] = await Promise.all([
    deps.calendar.get(),
    repo.listCalendarDays(deps.db.kysely),
    isGlobalAdmin(deps.db.kysely, actor),
  ])
  const thisYear = Number(chinaDate(deps.clock.now()).slice(0, 4))
  const next = calendar.nextUncoveredYear(thisYear)
  const covered = calendar.coveredYears()
  const first = Math.min(covered[0] ?? thisYear, thisYear)
  const last = Math.max(covered.at(-1) ?? thisYear, next)
  const perYear = new Map<number, number>()
  for (const e of entries) {
    const y = Number(e.date.slice(0, 4))
    perYear.set(y, (perYear.get(y) ?? 0) + 1)
  }
  const years: CalendarYearView[] = []
  for (let y = last; y >= first; y--) {
    const row = { year: y, firstYear: y, coverage: calendar.coverage(y), entries: perYear.get(y) ?? 0 }
    const prev = years.at(-1)
    if (prev && prev.entries === 0 && row.entries === 0 && prev.coverage === row.coverage) {
      prev.firstYear = y
    } else {
      years.push(row)
    }
  }
  return { years, nextUncoveredYear: next, entries, canEdit }
}

function invalid(fields: FieldErrors): ValidationError {
  return new ValidationError(fields, fieldErrorsLine(fields, CALENDAR_FIELD_LABELS))
}

/** The calendar is installation-wide: only a global administrator changes it (access rule 2). */
async function assertMayEdit(deps: AppDeps, actor: Actor): Promise<void> {
  if (!(await isGlobalAdmin(deps.db.kysely, actor))) {
    throw new DomainError('FORBIDDEN', `${actor.name} is not a global administrator (calendar)`)
  }
}

function auditSummary(row: Pick<CalendarDayRow, 'date' | 'kind' | 'name' | 'notice_number' | 'notice_date'>) {
  return {
    date: row.date,
    kind: row.kind,
    name: row.name,
    noticeNumber: row.notice_number,
    noticeDate: row.notice_date,
  }
}

/**
 * Adds a day from a State Council holiday notice; the entry and its audit row commit together,
 * and the calendar of this process reloads.
 * @throws ValidationError (field errors), CALENDAR_DAY_TAKEN, FORBIDDEN
 */
export async function addCalendarDay(
  deps: AppDeps,
  actor: Actor,
  input: CalendarDayInput,
): Promise<CalendarDayRow> {
  await assertMayEdit(deps, actor)
  const checked = checkCalendarDayInput(input, chinaDate(deps.clock.now()))
  if (!checked.ok) {
    throw invalid(checked.fields)
  }
  const e = checked.entry
  const row: CalendarDayRow = {
    id: newId(),
    date: e.date,
    kind: e.kind,
    name: e.name,
    notice_number: e.noticeNumber,
    notice_date: e.noticeDate,
    created_at: deps.clock.now().toISOString(),
    created_by: actor.id,
  }
  await deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await repo.insertCalendarDayUnlessTaken(trx, row))) {
      throw new DomainError('CALENDAR_DAY_TAKEN', `calendar day ${e.date} exists`, {
        fields: { date: ['该日期已有录入的条目；如需更正，请先删除原条目'] },
      })
    }
    await repo.bumpCalendarVersion(trx)
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: null,
      action: 'calendar.day_added',
      targetType: 'calendar_day',
      targetId: row.id,
      summary: { after: auditSummary(row) },
    })
  })
  deps.calendar.invalidate()
  return row
}

/**
 * Removes an administrator entry (the packaged data for that date applies again), audited.
 * @throws CALENDAR_DAY_NOT_FOUND, FORBIDDEN
 */
export async function removeCalendarDay(deps: AppDeps, actor: Actor, id: string): Promise<CalendarDayRow> {
  await assertMayEdit(deps, actor)
  const removed = await deps.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findCalendarDayById(trx, id)
    if (!row || !(await repo.deleteCalendarDay(trx, id))) {
      throw new DomainError('CALENDAR_DAY_NOT_FOUND', `no calendar day ${id}`)
    }
    await repo.bumpCalendarVersion(trx)
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: null,
      action: 'calendar.day_removed',
      targetType: 'calendar_day',
      targetId: id,
      summary: { before: auditSummary(row) },
    })
    return row
  })
  deps.calendar.invalidate()
  return removed
}
