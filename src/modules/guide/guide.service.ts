import type { Kdb } from '../../db/database.js'
import type { AppDeps } from '../../shared/deps.js'
import { getOrganByCode } from '../organs/index.js'
import { chinaDate } from '../../shared/calendar/workdays.js'
import { countPublishedItemsBy } from '../catalogue/public/index.js'
import { buildGuide, type GuideModel, type OrganTextKind } from './guide.js'
import * as repo from './guide.repository.js'

/** The guide of the organ with this code, generated from its current data. */
export async function loadGuide(deps: AppDeps, code: string): Promise<GuideModel> {
  const db = deps.db.kysely
  const organ = await getOrganByCode(db, code)
  const [topicCounts, genreCounts, art20Counts, text] = await Promise.all([
    countPublishedItemsBy(db, organ.id, 'topic'),
    countPublishedItemsBy(db, organ.id, 'genre'),
    countPublishedItemsBy(db, organ.id, 'art20_item'),
    repo.findOrganText(db, organ.id, 'guide'),
  ])
  return buildGuide({
    organ,
    topicCounts,
    genreCounts,
    art20Counts,
    staffText: text ? { body: text.body, updatedAt: text.updated_at } : null,
    indexNumberFormat: deps.config.indexNumberFormat,
    today: chinaDate(deps.clock.now()),
  })
}

/** A staff text of an organ's column, or null when none was written. */
export async function findOrganTextBody(
  db: Kdb,
  organId: string,
  kind: OrganTextKind,
): Promise<string | null> {
  const row = await repo.findOrganText(db, organId, kind)
  return row && row.body.trim() !== '' ? row.body : null
}
