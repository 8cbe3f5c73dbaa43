import { isIsoDate } from '../../../shared/dates.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError, ValidationError, type FieldErrors } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import type { ItemRow, Validity } from '../catalogue.table.js'
import { parseIndexNumber } from '../classification/index.js'
import {
  assertMay,
  assertVersion,
  audit,
  loadForActor,
  updateOrConflict,
  type ItemActor,
} from './item-context.js'
import * as repo from './item.repository.js'
import { chinaDate } from './publication-deadline.js'

/**
 * After publication: withdrawal (撤销), validity (有效性: 失效/废止/已修订) and revisions.
 */

// ─── after publication ─────────────────────────────────────────────────────────────────────

/** Withdraws (撤销) a published item: off the public catalogue and out of search; reason kept. */
export async function withdrawItem(
  deps: AppDeps,
  actor: ItemActor,
  id: string,
  expectedVersion: number,
  reason: string,
) {
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, 'withdraw')
  const why = reason.trim()
  if (why === '') {
    throw new ValidationError({ reason: ['撤销须说明理由'] })
  }
  assertVersion(l.row, expectedVersion)
  await deps.db.kysely.transaction().execute(async (trx) => {
    await updateOrConflict(trx, l.row, expectedVersion, {
      status: 'withdrawn',
      withdraw_reason: why,
      updated_at: deps.clock.now().toISOString(),
    })
    await deps.search.remove(trx, [Number(l.row.doc_no)])
    await audit(trx, deps, actor, l.organ.id, 'item.withdraw', id, {
      title: l.row.title,
      indexNo: l.row.index_no,
      reason: why,
    })
  })
}

export interface ValidityInput {
  validity: Validity
  /** The date it became 失效/废止 (YYYY-MM-DD); required for those. */
  date: string
  /** 已修订: the 索引号 (or id) of the published item that replaces it. */
  replacement: string
  expectedVersion: number
}

/** Marks a published item 有效 / 失效 / 废止, or 已修订 with a link to the item replacing it. */
export async function setItemValidity(deps: AppDeps, actor: ItemActor, id: string, input: ValidityInput) {
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, 'set_validity')
  const fields: FieldErrors = {}
  const date = input.date.trim()
  let replacedBy: ItemRow | undefined
  if ((input.validity === 'expired' || input.validity === 'repealed') && !isIsoDate(date)) {
    fields.date = ['请填写失效或废止的日期（年-月-日）']
  }
  if (input.validity === 'revised') {
    const ref = input.replacement.trim()
    const parsed = parseIndexNumber(ref)
    replacedBy = parsed
      ? await repo.findItemByIndexNo(deps.db.kysely, ref.toUpperCase())
      : await repo.findItemById(deps.db.kysely, ref)
    if (!replacedBy || replacedBy.status !== 'published' || replacedBy.id === id) {
      throw new DomainError('ITEM_REPLACEMENT_INVALID', `no published replacement ${ref}`, {
        fields: { replacement: ['未找到该索引号对应的已发布信息'] },
      })
    }
  }
  if (Object.keys(fields).length > 0) {
    throw new ValidationError(fields)
  }
  assertVersion(l.row, input.expectedVersion)
  await deps.db.kysely.transaction().execute(async (trx) => {
    await updateOrConflict(trx, l.row, input.expectedVersion, {
      validity: input.validity,
      validity_date: input.validity === 'valid' ? null : date === '' ? null : date,
      replaced_by_id: replacedBy?.id ?? null,
      updated_at: deps.clock.now().toISOString(),
    })
    await audit(trx, deps, actor, l.organ.id, 'item.set_validity', id, {
      title: l.row.title,
      from: l.row.validity,
      to: input.validity,
      date: date === '' ? null : date,
      replacedBy: replacedBy?.index_no ?? null,
    })
  })
}

/**
 * Opens a revision of a published item: a working copy (a draft) with the item's content, which
 * goes through both reviews and is then published under the same 索引号 as revision n+1. The
 * published version stays public meanwhile.
 */
export async function startRevision(deps: AppDeps, actor: ItemActor, id: string): Promise<{ id: string }> {
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, 'revise')
  const copyId = newId()
  const now = deps.clock.now()
  const nowIso = now.toISOString()
  const o = l.row
  await deps.db.kysely.transaction().execute(async (trx) => {
    await repo.insertItem(trx, {
      id: copyId,
      doc_no: await repo.nextDocNo(trx),
      organ_id: o.organ_id,
      title: o.title,
      summary: o.summary,
      body_html: o.body_html,
      body_text: o.body_text,
      doc_number_raw: o.doc_number_raw,
      doc_number: o.doc_number,
      doc_number_agency: o.doc_number_agency,
      doc_number_year: o.doc_number_year,
      doc_number_serial: o.doc_number_serial,
      joint_issuers: o.joint_issuers,
      written_date: o.written_date,
      // Art. 26: the clock of a change runs from the day the information changed.
      formed_date: chinaDate(now),
      topic: o.topic,
      genre: o.genre,
      art20_item: o.art20_item,
      art21_item: o.art21_item,
      key_areas: o.key_areas,
      disclosure_mode: 'proactive',
      scope: o.scope,
      term: o.term,
      validity: o.validity === 'revised' ? 'valid' : o.validity,
      validity_date: o.validity === 'revised' ? null : o.validity_date,
      status: 'draft',
      drafted_by: actor.userId,
      editors: JSON.stringify([actor.userId]),
      sample: o.sample,
      revision: Number(o.revision),
      revision_of_id: o.id,
      version: 1,
      created_at: nowIso,
      updated_at: nowIso,
    })
    await audit(trx, deps, actor, l.organ.id, 'item.revise', o.id, {
      title: o.title,
      indexNo: o.index_no,
      workingCopy: copyId,
    })
  })
  return { id: copyId }
}
