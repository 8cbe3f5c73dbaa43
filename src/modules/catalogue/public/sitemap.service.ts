import type { Kdb } from '../../../db/database.js'
import { type Organ, listOrgans } from '../../organs/index.js'
import * as repo from './catalogue-public.repository.js'
import { ReadCache } from './public-common.service.js'

// Facts and rows for the sitemap.

// ─── sitemap ───────────────────────────────────────────────────────────────────────────────

export interface SitemapFacts {
  organs: Organ[]
  publishedItems: number
  maxDocNo: number
}

export async function sitemapFacts(db: Kdb, stamp?: string | null): Promise<SitemapFacts> {
  const cache = ReadCache.open(db, stamp)
  const organs = await listOrgans(db)
  const publishedItems = await cache.count({})
  const maxDocNo = await repo.maxDocNo(db)
  return { organs, publishedItems, maxDocNo }
}

export function sitemapItems(db: Kdb, from: number, to: number): Promise<repo.SitemapItemRow[]> {
  return repo.listPublishedRefsInDocNoRange(db, from, to)
}
