export { isUniqueViolation } from '../../db/errors.js'
import type { Kdb } from '../../db/database.js'
import type { NewOrganRow, OrganRow, OrganRowUpdate } from './organ.table.js'

export function listOrganRows(db: Kdb): Promise<OrganRow[]> {
  return db.selectFrom('organ').selectAll().orderBy('sort_order').orderBy('name').execute()
}

export function findOrganById(db: Kdb, id: string): Promise<OrganRow | undefined> {
  return db.selectFrom('organ').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findOrganByCode(db: Kdb, code: string): Promise<OrganRow | undefined> {
  return db.selectFrom('organ').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function insertOrgan(db: Kdb, row: NewOrganRow): Promise<void> {
  await db.insertInto('organ').values(row).execute()
}

/** Applies `patch` only if nobody changed the organ since `expectedVersion` was read. */
export async function updateOrganIfVersion(
  db: Kdb,
  id: string,
  expectedVersion: number,
  patch: OrganRowUpdate,
): Promise<boolean> {
  const r = await db
    .updateTable('organ')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Every organ's (id, parentId): enough to compute subtrees and access scopes. */
export async function listOrganLinks(db: Kdb): Promise<Array<{ id: string; parentId: string | null }>> {
  const rows = await db.selectFrom('organ').select(['id', 'parent_id']).execute()
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id }))
}
