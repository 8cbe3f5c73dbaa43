import type { Kdb } from '../../db/database.js'
import { DomainError } from '../../shared/errors.js'
import { ancestorIds, organRowToOrgan, type Organ } from './organ.js'
import * as repo from './organ.repository.js'

/** Every organ, in display order. */
export async function listOrgans(db: Kdb): Promise<Organ[]> {
  return (await repo.listOrganRows(db)).map(organRowToOrgan)
}

/** The organ with this code (统一社会信用代码 or 组织机构代码), or null. */
export async function findOrganByCode(db: Kdb, code: string): Promise<Organ | null> {
  const row = await repo.findOrganByCode(db, code.trim().toUpperCase())
  return row ? organRowToOrgan(row) : null
}

/** @throws DomainError ORGAN_NOT_FOUND */
export async function getOrganByCode(db: Kdb, code: string): Promise<Organ> {
  const organ = await findOrganByCode(db, code)
  if (!organ) {
    throw new DomainError('ORGAN_NOT_FOUND', `no organ with code ${code}`)
  }
  return organ
}

/** @throws DomainError ORGAN_NOT_FOUND */
export async function getOrganById(db: Kdb, id: string): Promise<Organ> {
  const row = await repo.findOrganById(db, id)
  if (!row) {
    throw new DomainError('ORGAN_NOT_FOUND', `no organ ${id}`)
  }
  return organRowToOrgan(row)
}

/** The ancestors of an organ, nearest first (for subtree grants). */
export async function organAncestorIds(db: Kdb, id: string): Promise<string[]> {
  return ancestorIds(await listOrgans(db), id)
}
