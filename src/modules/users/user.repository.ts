import type { Kdb } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors.js'
import type { AppUserRow, AppUserRowUpdate, NewAppUserRow, RoleGrantRow, SessionRow } from './user.table.js'

export function findUserById(db: Kdb, id: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findUserByUsername(db: Kdb, username: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
}

export function listUsers(db: Kdb): Promise<AppUserRow[]> {
  return db.selectFrom('app_user').selectAll().orderBy('username').execute()
}

export async function insertUser(db: Kdb, row: NewAppUserRow): Promise<void> {
  await db.insertInto('app_user').values(row).execute()
}

export async function updateUser(db: Kdb, id: string, patch: AppUserRowUpdate): Promise<void> {
  await db.updateTable('app_user').set(patch).where('id', '=', id).execute()
}

export function listGrantsOfUser(db: Kdb, userId: string): Promise<RoleGrantRow[]> {
  return db.selectFrom('role_grant').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
}

export function listGrantsOfUsers(db: Kdb, userIds: string[]): Promise<RoleGrantRow[]> {
  if (userIds.length === 0) {
    return Promise.resolve([])
  }
  return db.selectFrom('role_grant').selectAll().where('user_id', 'in', userIds).execute()
}

export async function insertGrant(db: Kdb, row: RoleGrantRow): Promise<void> {
  await db
    .insertInto('role_grant')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'organ_id', 'role']).doNothing())
    .execute()
}

export async function deleteGrant(db: Kdb, id: string): Promise<number> {
  const r = await db.deleteFrom('role_grant').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export function findGrantById(db: Kdb, id: string): Promise<RoleGrantRow | undefined> {
  return db.selectFrom('role_grant').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertSession(db: Kdb, row: SessionRow): Promise<void> {
  await db.insertInto('session').values(row).execute()
}

export function findSessionById(db: Kdb, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function touchSession(db: Kdb, id: string, at: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: at }).where('id', '=', id).execute()
}

export async function deleteSession(db: Kdb, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute()
}

export async function deleteSessionsOfUser(db: Kdb, userId: string): Promise<void> {
  await db.deleteFrom('session').where('user_id', '=', userId).execute()
}

export async function deleteOtherSessionsOfUser(
  db: Kdb,
  userId: string,
  keepSessionId: string,
): Promise<void> {
  await db.deleteFrom('session').where('user_id', '=', userId).where('id', '!=', keepSessionId).execute()
}

/** A grant with its organ's name and code, for listings. */
export interface GrantWithOrganRow extends RoleGrantRow {
  organ_name: string
  organ_code: string
}

/** Grants with their organs' names: of the given users, or of everybody when `userIds` is omitted. */
export function listGrantsWithOrgans(db: Kdb, userIds?: string[]): Promise<GrantWithOrganRow[]> {
  let q = db
    .selectFrom('role_grant as g')
    .innerJoin('organ as o', 'o.id', 'g.organ_id')
    .select([
      'g.id',
      'g.user_id',
      'g.organ_id',
      'g.role',
      'g.include_subtree',
      'g.created_at',
      'o.name as organ_name',
      'o.code as organ_code',
    ])
  if (userIds) {
    if (userIds.length === 0) {
      return Promise.resolve([])
    }
    q = q.where('g.user_id', 'in', userIds)
  }
  return q.orderBy('g.created_at').orderBy('g.id').execute()
}

export function findGrantOf(
  db: Kdb,
  userId: string,
  organId: string,
  role: RoleGrantRow['role'],
): Promise<RoleGrantRow | undefined> {
  return db
    .selectFrom('role_grant')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organ_id', '=', organId)
    .where('role', '=', role)
    .executeTakeFirst()
}

/** Inserts a user; false when the user name was taken meanwhile (unique constraint). */
export async function insertUserUnlessTaken(db: Kdb, row: NewAppUserRow): Promise<boolean> {
  try {
    await db.insertInto('app_user').values(row).execute()
    return true
  } catch (err) {
    if (isUniqueViolation(err)) {
      return false
    }
    throw err
  }
}
