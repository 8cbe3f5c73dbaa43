import type { Kdb, Trx } from '../../db/database.js'
import type { CalendarDayRow, NewCalendarDayRow } from './calendar.table.js'

/** The counter bumped with every change to `calendar_day`: other processes reload when it moves. */
export const CALENDAR_VERSION_COUNTER = 'calendar.version'

/** Every administrator entry, by date. */
export async function listCalendarDays(db: Kdb): Promise<CalendarDayRow[]> {
  return db.selectFrom('calendar_day').selectAll().orderBy('date').execute()
}

export async function findCalendarDayById(db: Kdb, id: string): Promise<CalendarDayRow | undefined> {
  return db.selectFrom('calendar_day').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findCalendarDayByDate(db: Kdb, date: string): Promise<CalendarDayRow | undefined> {
  return db.selectFrom('calendar_day').selectAll().where('date', '=', date).executeTakeFirst()
}

/** Inserts an entry unless its date already has one; false when taken. */
export async function insertCalendarDayUnlessTaken(trx: Trx, row: NewCalendarDayRow): Promise<boolean> {
  const r = await trx
    .insertInto('calendar_day')
    .values(row)
    .onConflict((oc) => oc.column('date').doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Deletes an entry; false when it was not there. */
export async function deleteCalendarDay(trx: Trx, id: string): Promise<boolean> {
  const r = await trx.deleteFrom('calendar_day').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Moves the calendar's change version on (in the transaction of the change). */
export async function bumpCalendarVersion(trx: Trx): Promise<void> {
  await trx
    .insertInto('counter')
    .values({ name: CALENDAR_VERSION_COUNTER, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counter.value', '+', 1) })))
    .execute()
}

/** The calendar's change version (0 before any change). */
export async function readCalendarVersion(db: Kdb): Promise<number> {
  const row = await db
    .selectFrom('counter')
    .select('value')
    .where('name', '=', CALENDAR_VERSION_COUNTER)
    .executeTakeFirst()
  return row ? Number(row.value) : 0
}
