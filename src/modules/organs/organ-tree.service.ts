import type { Kdb } from '../../db/database.js'
import type { Actor, Grant, Role } from '../../shared/actor.js'
import { adminScope, adminScopeWithin, isGlobalAdministrator, type AdminScope } from '../access/index.js'
import { linksOfPaths, pathAncestorIds, pathDepth, pathIds } from './organ-path.js'
import { flattenForest, organForest, organRowToOrgan, type Organ, type OrganAtDepth } from './organ.js'
import * as repo from './organ.repository.js'
import type { OrganReach } from './organ.repository.js'

/**
 * Targeted reads of the organ tree through materialised paths: an organ's ancestors, what a set
 * of grants covers, one level of the tree. Request paths use these, never the whole tree (a
 * province holds 10,000 organs).
 */

/** Trees up to this many organs are shown whole (the console tree, `<select>` choices). */
export const SMALL_TREE_LIMIT = 300

/** Every organ, in display order. Not for request paths: the CLI, demo data and tests. */
export async function listOrgans(db: Kdb): Promise<Organ[]> {
  return (await repo.listOrganRows(db)).map(organRowToOrgan)
}

/** The whole organ tree in display order, each organ with its depth (CLI; small trees). */
export async function listOrganTree(db: Kdb): Promise<OrganAtDepth[]> {
  return flattenForest(organForest(await listOrgans(db)))
}

/** How many organs there are (to choose between a whole tree and a browser/search). */
export async function countOrgans(db: Kdb): Promise<number> {
  return repo.countOrgans(db)
}

/** True when at least one organ exists. */
export function hasAnyOrgan(db: Kdb): Promise<boolean> {
  return repo.anyOrganExists(db)
}

/** The organs with these ids, in display order (sort order, then name). Unknown ids are left out. */
export async function organsByIds(db: Kdb, ids: Iterable<string>): Promise<Organ[]> {
  const rows = await repo.listOrganRowsByIds(db, [...new Set(ids)])
  return rows
    .sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name, 'zh-CN'))
    .map(organRowToOrgan)
}

/** The ancestors of an organ, nearest first (for subtree grants); [] for an unknown organ. */
export async function organAncestorIds(db: Kdb, id: string): Promise<string[]> {
  const path = (await repo.pathsOfIds(db, [id])).get(id)
  return path ? pathAncestorIds(path) : []
}

/** An organ with its ancestors' ids (nearest first), or null. One query. */
export async function organWithAncestors(
  db: Kdb,
  id: string,
): Promise<{ organ: Organ; ancestorIds: string[]; depth: number } | null> {
  const row = await repo.findOrganById(db, id)
  return row
    ? { organ: organRowToOrgan(row), ancestorIds: pathAncestorIds(row.path), depth: pathDepth(row.path) }
    : null
}

/** The organ and its ancestors, root first (breadcrumbs). */
export async function organLineage(db: Kdb, id: string): Promise<Organ[]> {
  const path = (await repo.pathsOfIds(db, [id])).get(id)
  if (!path) {
    return []
  }
  const ids = pathIds(path)
  const byId = new Map((await repo.listOrganRowsByIds(db, ids)).map((r) => [r.id, organRowToOrgan(r)]))
  return ids.map((i) => byId.get(i)).filter((o): o is Organ => o !== undefined)
}

/** (id, parentId) of these organs and all their ancestors: enough for any access rule about them. */
export async function organLinksAround(
  db: Kdb,
  ids: Iterable<string>,
): Promise<Array<{ id: string; parentId: string | null }>> {
  return linksOfPaths((await repo.pathsOfIds(db, [...new Set(ids)])).values())
}

/**
 * What `actor` may administer, computed over exactly the organs asked about (and their
 * ancestors): the rules in users/access.ts, without reading the tree.
 */
export async function adminScopeFor(db: Kdb, actor: Actor, organIds: Iterable<string>): Promise<AdminScope> {
  const grantIds = actor.grants === 'all' ? [] : actor.grants.map((g) => g.organId)
  const [links, roots] = await Promise.all([
    organLinksAround(db, [...organIds, ...grantIds]),
    repo.rootOrganIds(db),
  ])
  return adminScopeWithin(actor.grants, links, roots)
}

/** The whole-tree scope, for small trees only (the console tree page, `<select>` choices). */
export async function adminScopeOverSmallTree(db: Kdb, actor: Actor): Promise<AdminScope> {
  const links = (await listOrgans(db)).map((o) => ({ id: o.id, parentId: o.parentId }))
  return adminScope(actor.grants, links)
}

/** True when the actor is a global administrator (rule 2). */
export async function isGlobalAdmin(db: Kdb, actor: Actor): Promise<boolean> {
  return isGlobalAdministrator(actor.grants, await repo.rootOrganIds(db))
}

/**
 * The organs these grants cover, subtrees expanded through the path index; `everything` when
 * subtree grants sit on every top-level organ (callers may then skip an organ filter).
 */
export async function organsCoveredByGrants(
  db: Kdb,
  grants: readonly Grant[],
): Promise<{ ids: Set<string>; everything: boolean }> {
  const subtreeIds = [...new Set(grants.filter((g) => g.includeSubtree).map((g) => g.organId))]
  const [paths, roots] = await Promise.all([repo.pathsOfIds(db, subtreeIds), repo.rootOrganIds(db)])
  const ids = new Set(grants.map((g) => g.organId))
  for (const id of await repo.idsInSubtrees(db, [...paths.values()])) {
    ids.add(id)
  }
  const everything = roots.length > 0 && roots.every((r) => paths.has(r))
  return { ids, everything }
}

/** The organs on which `grants` give one of `roles` (subtrees expanded). */
export async function organsWithRoleIn(
  db: Kdb,
  grants: readonly Grant[],
  roles: readonly Role[],
): Promise<{ ids: Set<string>; everything: boolean }> {
  return organsCoveredByGrants(
    db,
    grants.filter((g) => roles.includes(g.role)),
  )
}

/** Where `grants` reach, for searches restricted to it: subtree paths and single organs. */
export async function reachOfGrants(db: Kdb, grants: readonly Grant[]): Promise<OrganReach> {
  const sub = [...new Set(grants.filter((g) => g.includeSubtree).map((g) => g.organId))]
  const paths = await repo.pathsOfIds(db, sub)
  return { paths: [...paths.values()], ids: grants.filter((g) => !g.includeSubtree).map((g) => g.organId) }
}

/** How many children one organ may show at once (a level of a province holds well under this). */
export const CHILD_LIST_LIMIT = 1000

/** The children of an organ (null: the top-level organs), in display order. */
export async function childOrgans(db: Kdb, parentId: string | null): Promise<Organ[]> {
  return (await repo.listChildRows(db, parentId, CHILD_LIST_LIMIT, 0)).map(organRowToOrgan)
}

/** One level of the tree: the children of `parentId` (null: the top level), one page. */
export interface OrganLevel {
  parent: Organ | null
  /** The parent and its ancestors, root first (breadcrumbs). */
  lineage: Organ[]
  organs: Array<Organ & { childCount: number }>
  total: number
  page: number
  pageCount: number
}

export const ORGAN_LEVEL_PAGE_SIZE = 50

export async function organLevel(db: Kdb, parentId: string | null, page: number): Promise<OrganLevel> {
  const lineage = parentId ? await organLineage(db, parentId) : []
  const parent = lineage[lineage.length - 1] ?? null
  const total = await repo.countChildren(db, parentId)
  const pageCount = Math.max(1, Math.ceil(total / ORGAN_LEVEL_PAGE_SIZE))
  const p = Math.min(Math.max(1, page), pageCount)
  const rows = await repo.listChildRows(db, parentId, ORGAN_LEVEL_PAGE_SIZE, (p - 1) * ORGAN_LEVEL_PAGE_SIZE)
  const counts = await repo.childCounts(
    db,
    rows.map((r) => r.id),
  )
  return {
    parent,
    lineage,
    organs: rows.map((r) => ({ ...organRowToOrgan(r), childCount: counts.get(r.id) ?? 0 })),
    total,
    page: p,
    pageCount,
  }
}
