import type { Kdb } from '../../db/database.js'
import type { AppDeps } from '../../shared/deps.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { recordAudit } from '../audit/index.js'
import type { Organ } from '../organs/index.js'
import { getOrganByCode, organAncestorIds } from '../organs/index.js'
import { hasRoleOn } from '../access/index.js'
import { chinaDate } from '../../shared/calendar/workdays.js'
import { countPublishedItemsBy } from '../catalogue/public/index.js'
import {
  buildGuide,
  GUIDE_EDITOR_ROLES,
  organTextFormSchema,
  type GuideModel,
  type OrganTextKind,
} from './guide.js'
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

export interface OrganTextForEdit {
  organ: Organ
  kind: OrganTextKind
  body: string
  /** 0 when the text was never written. */
  version: number
  updatedAt: string | null
}

/** True when the viewer may edit the organ's column texts (信息员, 公开办负责人, 系统管理员 of the organ). */
async function mayEdit(db: Kdb, viewer: Viewer, organ: Organ): Promise<boolean> {
  return hasRoleOn(viewer, GUIDE_EDITOR_ROLES, organ.id, await organAncestorIds(db, organ.id))
}

/**
 * The text and its version, for the edit form.
 * @throws ORGAN_NOT_FOUND, FORBIDDEN
 */
export async function loadOrganTextForEdit(
  db: Kdb,
  viewer: Viewer,
  code: string,
  kind: OrganTextKind,
): Promise<OrganTextForEdit> {
  const organ = await getOrganByCode(db, code)
  if (!(await mayEdit(db, viewer, organ))) {
    throw new DomainError('FORBIDDEN', `${viewer.username} may not edit texts of organ ${organ.code}`)
  }
  const row = await repo.findOrganText(db, organ.id, kind)
  return {
    organ,
    kind,
    body: row?.body ?? '',
    version: row?.version ?? 0,
    updatedAt: row?.updated_at ?? null,
  }
}

function excerpt(s: string): string {
  return s.length > 500 ? `${s.slice(0, 500)}…` : s
}

/**
 * Saves a column text if nobody changed it since `version` was read (0: never written), and
 * records the change in the audit trail in the same transaction.
 * @throws ValidationError (field errors), ORGAN_NOT_FOUND, FORBIDDEN, CONFLICT
 */
export async function saveOrganText(
  deps: AppDeps,
  viewer: Viewer,
  code: string,
  kind: OrganTextKind,
  input: { body?: unknown; version?: unknown },
): Promise<OrganTextForEdit> {
  const form = parseInput(organTextFormSchema, input)
  const db = deps.db.kysely
  const organ = await getOrganByCode(db, code)
  if (!(await mayEdit(db, viewer, organ))) {
    throw new DomainError('FORBIDDEN', `${viewer.username} may not edit texts of organ ${organ.code}`)
  }
  const now = deps.clock.now().toISOString()
  await db
    .transaction()
    .execute(async (trx) => {
      const current = await repo.findOrganText(trx, organ.id, kind)
      const currentVersion = current?.version ?? 0
      if (currentVersion !== form.version) {
        throw new DomainError(
          'CONFLICT',
          `organ_text ${organ.code}/${kind} is at version ${currentVersion}, not ${form.version}`,
        )
      }
      if (current && current.body === form.body) {
        return
      }
      if (current) {
        const ok = await repo.updateOrganTextIfVersion(trx, organ.id, kind, form.version, {
          body: form.body,
          updated_by: viewer.userId,
          updated_at: now,
        })
        if (!ok) {
          throw new DomainError('CONFLICT', `organ_text ${organ.code}/${kind} changed concurrently`)
        }
      } else {
        await repo.insertOrganText(trx, {
          organ_id: organ.id,
          kind,
          body: form.body,
          updated_by: viewer.userId,
          updated_at: now,
          version: 1,
        })
      }
      await recordAudit(trx, deps.clock, {
        actorId: viewer.userId,
        actorName: viewer.username,
        organId: organ.id,
        action: 'organ_text.updated',
        targetType: 'organ_text',
        targetId: `${organ.id}/${kind}`,
        summary: {
          kind,
          version: currentVersion + 1,
          before: current ? excerpt(current.body) : null,
          after: excerpt(form.body),
        },
      })
    })
    .catch((err: unknown) => {
      // Two first saves racing: the primary key refuses the second insert.
      const sqlCode = (err as { code?: unknown } | null)?.code
      if (sqlCode === '23505' || sqlCode === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new DomainError('CONFLICT', `organ_text ${organ.code}/${kind} was created concurrently`)
      }
      throw err
    })
  return loadOrganTextForEdit(db, viewer, code, kind)
}
