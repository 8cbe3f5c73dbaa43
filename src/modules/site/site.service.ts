import type { Kdb } from '../../db/database.js'
import { DomainError } from '../../shared/errors.js'
import { organForest, type OrganNode } from '../organs/index.js'
import { listOrgans } from '../organs/index.js'
import { placeOrgan, type OrganInTree } from './site.js'

/** Every organ as a forest for the public home page (governments → departments → institutions). */
export async function loadOrganDirectory(db: Kdb): Promise<OrganNode[]> {
  return organForest(await listOrgans(db))
}

/**
 * The organ whose column is asked for, placed in the tree.
 * @throws DomainError ORGAN_NOT_FOUND when no organ has this code
 */
export async function loadOrganColumn(db: Kdb, code: string): Promise<OrganInTree> {
  const normalised = code.trim().toUpperCase()
  const all = await listOrgans(db)
  const organ = all.find((o) => o.code === normalised)
  if (!organ) {
    throw new DomainError('ORGAN_NOT_FOUND', `no organ with code ${code}`)
  }
  return placeOrgan(all, organ)
}
