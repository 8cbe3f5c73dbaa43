import type { Kdb } from '../../db/database.js'
import { DomainError } from '../../shared/errors.js'
import {
  childOrgans,
  countOrgans,
  findOrganByCode,
  listOrgans,
  organForest,
  organLineage,
  SMALL_TREE_LIMIT,
  type OrganNode,
} from '../organs/index.js'
import { latestItems, type CatalogueEntry } from '../catalogue/public/index.js'
import type { OrganInTree } from './site.js'

/** How many of the latest published items the home page lists. */
export const HOME_LATEST_COUNT = 10

/**
 * The latest published items across every organ, newest first (ties by the later entry): one
 * bounded query (an index range, LIMIT HOME_LATEST_COUNT) and one for the organ labels of those rows.
 */
export async function loadLatestPublished(db: Kdb): Promise<CatalogueEntry[]> {
  return latestItems(db, {}, HOME_LATEST_COUNT)
}

/**
 * The public home page's organ directory: the whole tree when it is small (SMALL_TREE_LIMIT),
 * else the top-level organs (governments) with the organs directly below them; deeper levels are
 * reached through each organ's column.
 */
export async function loadOrganDirectory(db: Kdb): Promise<OrganNode[]> {
  if ((await countOrgans(db)) <= SMALL_TREE_LIMIT) {
    return organForest(await listOrgans(db))
  }
  const roots = await childOrgans(db, null)
  return Promise.all(
    roots.map(async (organ) => ({
      organ,
      children: (await childOrgans(db, organ.id)).map((c) => ({ organ: c, children: [] })),
    })),
  )
}

/**
 * The organ whose column is asked for, placed in the tree (its ancestors and children only).
 * @throws DomainError ORGAN_NOT_FOUND when no organ has this code
 */
export async function loadOrganColumn(db: Kdb, code: string): Promise<OrganInTree> {
  const organ = await findOrganByCode(db, code)
  if (!organ) {
    throw new DomainError('ORGAN_NOT_FOUND', `no organ with code ${code}`)
  }
  const lineage = await organLineage(db, organ.id)
  return { organ, ancestors: lineage.slice(0, -1), children: await childOrgans(db, organ.id) }
}
