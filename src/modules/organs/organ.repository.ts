import { sql } from 'kysely'
import type { Kdb } from '../../db/database.js'
import { subtreeUpperBound } from './organ-path.js'
import type { NewOrganRow, OrganRow, OrganRowUpdate } from './organ.table.js'

/** Every organ. Not for request paths (a province has 10,000): the CLI, demo checks and tests. */
export function listOrganRows(db: Kdb): Promise<OrganRow[]> {
  return db.selectFrom('organ').selectAll().orderBy('sort_order').orderBy('name').execute()
}

export function findOrganById(db: Kdb, id: string): Promise<OrganRow | undefined> {
  return db.selectFrom('organ').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findOrganByCode(db: Kdb, code: string): Promise<OrganRow | undefined> {
  return db.selectFrom('organ').selectAll().where('code', '=', code).executeTakeFirst()
}

/** The organs with these ids (any order). */
export function listOrganRowsByIds(db: Kdb, ids: readonly string[]): Promise<OrganRow[]> {
  if (ids.length === 0) {
    return Promise.resolve([])
  }
  return db
    .selectFrom('organ')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

/** The paths of the organs with these ids. */
export async function pathsOfIds(db: Kdb, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map()
  }
  const rows = await db
    .selectFrom('organ')
    .select(['id', 'path'])
    .where('id', 'in', [...ids])
    .execute()
  return new Map(rows.map((r) => [r.id, r.path]))
}

/** The children of `parentId` (null: the top level), in display order, one page. */
export function listChildRows(
  db: Kdb,
  parentId: string | null,
  limit: number,
  offset: number,
): Promise<OrganRow[]> {
  return db
    .selectFrom('organ')
    .selectAll()
    .where('parent_id', parentId === null ? 'is' : '=', parentId)
    .orderBy('sort_order')
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countChildren(db: Kdb, parentId: string | null): Promise<number> {
  const r = await db
    .selectFrom('organ')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('parent_id', parentId === null ? 'is' : '=', parentId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** How many children each of these organs has (absent: none). */
export async function childCounts(db: Kdb, parentIds: readonly string[]): Promise<Map<string, number>> {
  if (parentIds.length === 0) {
    return new Map()
  }
  const rows = await db
    .selectFrom('organ')
    .select(['parent_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('parent_id', 'in', [...parentIds])
    .groupBy('parent_id')
    .execute()
  return new Map(rows.map((r) => [r.parent_id as string, Number(r.n)]))
}

/** The ids of the top-level organs. */
export async function rootOrganIds(db: Kdb): Promise<string[]> {
  const rows = await db.selectFrom('organ').select('id').where('parent_id', 'is', null).execute()
  return rows.map((r) => r.id)
}

export async function countOrgans(db: Kdb): Promise<number> {
  const r = await db
    .selectFrom('organ')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function anyOrganExists(db: Kdb): Promise<boolean> {
  return (await db.selectFrom('organ').select('id').limit(1).executeTakeFirst()) !== undefined
}

/** The ids in the subtrees rooted at these paths (the roots included), through the path index. */
export async function idsInSubtrees(db: Kdb, rootPaths: readonly string[]): Promise<string[]> {
  if (rootPaths.length === 0) {
    return []
  }
  const rows = await db
    .selectFrom('organ')
    .select('id')
    .where((eb) =>
      eb.or(rootPaths.map((p) => eb.and([eb('path', '>=', p), eb('path', '<', subtreeUpperBound(p))]))),
    )
    .execute()
  return rows.map((r) => r.id)
}

/** Rewrites the paths of a subtree after a move: the prefix `from` becomes `to`. */
export async function movePaths(db: Kdb, from: string, to: string): Promise<void> {
  await db
    .updateTable('organ')
    .set({ path: sql<string>`cast(${to} as text) || substr(path, ${from.length + 1})` })
    .where('path', '>=', from)
    .where('path', '<', subtreeUpperBound(from))
    .execute()
}

/** Escapes LIKE wildcards; the pattern uses '\' as its escape character. */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Part of the tree: the subtrees at `paths` plus the single organs `ids`. */
export interface OrganReach {
  paths: readonly string[]
  ids: readonly string[]
}

/**
 * Organs whose name, short name or code contains `q` (codes compared in upper case), exact name or
 * code matches first, then shorter names; optionally only inside some subtrees.
 */
export function searchOrganRows(db: Kdb, q: string, limit: number, within?: OrganReach): Promise<OrganRow[]> {
  const pattern = `%${likeEscape(q)}%`
  const codePattern = `%${likeEscape(q.toUpperCase())}%`
  let query = db
    .selectFrom('organ')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('name', 'like', sql<string>`${pattern} escape '\\'`),
        eb('short_name', 'like', sql<string>`${pattern} escape '\\'`),
        eb('code', 'like', sql<string>`${codePattern} escape '\\'`),
      ]),
    )
  if (within) {
    if (within.paths.length === 0 && within.ids.length === 0) {
      return Promise.resolve([])
    }
    query = query.where((eb) =>
      eb.or([
        ...within.paths.map((p) => eb.and([eb('path', '>=', p), eb('path', '<', subtreeUpperBound(p))])),
        ...(within.ids.length > 0 ? [eb('id', 'in', [...within.ids])] : []),
      ]),
    )
  }
  return query
    .orderBy(sql`case when name = ${q} or short_name = ${q} or code = ${q.toUpperCase()} then 0 else 1 end`)
    .orderBy(sql`length(name)`)
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute()
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

export { isUniqueViolation } from '../../db/errors.js'
