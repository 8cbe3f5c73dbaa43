import type { Kdb } from '../../db/database.js'
import type { Insertable, Updateable } from 'kysely'
import type { OrganTextRow, OrganTextTable } from '../catalogue/catalogue.table.js'

/** SQL of the staff-editable texts of an organ's disclosure column (organ_text). */

export function findOrganText(db: Kdb, organId: string, kind: string): Promise<OrganTextRow | undefined> {
  return db
    .selectFrom('organ_text')
    .selectAll()
    .where('organ_id', '=', organId)
    .where('kind', '=', kind)
    .executeTakeFirst()
}

export async function insertOrganText(db: Kdb, row: Insertable<OrganTextTable>): Promise<void> {
  await db.insertInto('organ_text').values(row).execute()
}

/** Replaces the text only if nobody changed it since `expectedVersion` was read. */
export async function updateOrganTextIfVersion(
  db: Kdb,
  organId: string,
  kind: string,
  expectedVersion: number,
  patch: Updateable<OrganTextTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('organ_text')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('organ_id', '=', organId)
    .where('kind', '=', kind)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
