import type { Kdb } from '../../../db/database.js'
import { DomainError } from '../../../shared/errors.js'
import { itemHref, presentItem, refIsId, type OrganRef, type PublicItem } from './catalogue-public.js'
import * as repo from './catalogue-public.repository.js'
import { ReadCache, organMapOf } from './public-common.service.js'

// The public item page.

// ─── item page ─────────────────────────────────────────────────────────────────────────────

/**
 * A published item by 索引号 or id. Anything not published (drafts, items under review,
 * withdrawn items) is reported as not found, so the public cannot probe for them.
 * @throws DomainError ITEM_NOT_FOUND
 */
/**
 * A published item by id or 索引号, presented for its page. `stamp`: the caller's change stamp
 * (see catalogueStamp); under one, the organ's label comes from the organ map kept for it.
 * @throws DomainError ITEM_NOT_FOUND
 */
export async function getPublicItem(
  db: Kdb,
  ref: string,
  stamp?: string | null,
): Promise<{ item: PublicItem; organ: OrganRef }> {
  const trimmed = ref.trim()
  const byId = refIsId(trimmed) ? await repo.findPublishedItemById(db, trimmed.toLowerCase()) : undefined
  const byIndexNo =
    byId || trimmed === '' ? undefined : await repo.findPublishedItem(db, { indexNo: trimmed })
  const row = byId ?? byIndexNo
  if (!row) {
    throw new DomainError('ITEM_NOT_FOUND', `no published item ${ref}`)
  }
  const organ: OrganRef | undefined = byIndexNo
    ? { id: byIndexNo.organ_id, code: byIndexNo.organ_code, name: byIndexNo.organ_name }
    : await organOfItem(db, row.organ_id, stamp)
  if (!organ) {
    throw new DomainError('ITEM_NOT_FOUND', `organ ${row.organ_id} of item ${ref} is missing`)
  }
  const attachments = await repo.listAttachmentsOfItem(db, row.id)
  const replacement = row.replaced_by_id ? await repo.findPublishedItemRef(db, row.replaced_by_id) : undefined
  const replacedBy = replacement
    ? { title: replacement.title, href: itemHref(replacement), indexNo: replacement.index_no }
    : null
  return { item: presentItem(row, organ, attachments, replacedBy), organ }
}

/** An item's organ: from the organ map kept under an exact stamp, else one point query. */
async function organOfItem(
  db: Kdb,
  organId: string,
  stamp: string | null | undefined,
): Promise<OrganRef | undefined> {
  if (stamp) {
    const cache = ReadCache.open(db, stamp)
    const all = await cache.get('organRefs', async () => organMapOf(await repo.listOrganRefs(db, 1_000_000)))
    const hit = all.get(organId)
    if (hit) {
      return hit
    }
  }
  return (await repo.findOrganRefsByIds(db, [organId]))[0]
}
