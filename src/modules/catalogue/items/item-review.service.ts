import type { Trx } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError, ValidationError, type FieldErrors } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import {
  assertMay,
  assertVersion,
  audit,
  issueIndexNumber,
  type ItemActor,
  type Loaded,
  loadForActor,
  searchDocOf,
  snapshotOf,
  updateOrConflict,
} from './item-context.js'
import { type ItemAction } from './item-transitions.js'
import { checklistClears, checklistOnlyMissesNotes, checklistProblems, type Checklist } from './item.js'
import * as repo from './item.repository.js'
import { chinaDate } from './publication-deadline.js'

/**
 * The two-stage review (先审查、后公开): the 信息员's first review with the 保密审查 checklist, the 分管领导's final approval, and publication with a 索引号.
 */

export interface ReviewInput {
  decision: 'approve' | 'return'
  /** First stage: the checklist, answered item by item. */
  checklist?: Partial<Checklist>
  /** The reason for returning (required) or a remark. */
  comment: string
  expectedVersion: number
}

/** Approving needs every question answered, and each 是 explained (the message names the 说明 field). */
function assertChecklistComplete(id: string, checklist: Partial<Checklist>): void {
  const problems = checklistProblems(checklist)
  if (Object.keys(problems).length > 0) {
    const code = checklistOnlyMissesNotes(checklist)
      ? 'ITEM_CHECKLIST_NOTE_MISSING'
      : 'ITEM_CHECKLIST_INCOMPLETE'
    throw new DomainError(code, `checklist incomplete for ${id}`, { fields: problems })
  }
}

/** Returning may leave questions open, but a 是 it records must say what it is about. */
function assertYesAnswersExplained(id: string, checklist: Partial<Checklist>): void {
  const problems = checklistProblems(checklist)
  const fields = Object.fromEntries(
    Object.entries(problems).filter(([name]) => checklist[name.slice('check_'.length)] !== undefined),
  )
  if (Object.keys(fields).length > 0) {
    throw new DomainError('ITEM_CHECKLIST_NOTE_MISSING', `checklist 是 unexplained for ${id}`, { fields })
  }
}

/**
 * The first review by a 信息员: approving needs every checklist question answered 否 (先审查、后公开,
 * 逐项审查: 保守国家秘密法实施条例 Art. 42); returning needs a reason, shown to the drafter.
 * @throws ITEM_CHECKLIST_INCOMPLETE, ITEM_CHECKLIST_BLOCKS_PUBLICATION, SEPARATION_OF_DUTIES …
 */
export async function firstReview(deps: AppDeps, actor: ItemActor, id: string, input: ReviewInput) {
  const action: ItemAction = input.decision === 'approve' ? 'approve_first' : 'return_first'
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, action)
  const checklist = input.checklist ?? {}
  const comment = input.comment.trim()
  if (input.decision === 'approve') {
    assertChecklistComplete(id, checklist)
    if (!checklistClears(checklist)) {
      const fields: FieldErrors = {}
      for (const [k, a] of Object.entries(checklist)) {
        if (a?.answer === 'yes') {
          fields[`check_${k}`] = ['答“是”的信息不能作为主动公开信息通过审查']
        }
      }
      throw new DomainError('ITEM_CHECKLIST_BLOCKS_PUBLICATION', `checklist has 是 for ${id}`, { fields })
    }
  } else if (comment === '') {
    throw new ValidationError({ comment: ['退回须说明理由'] })
  } else {
    assertYesAnswersExplained(id, checklist)
  }
  assertVersion(l.row, input.expectedVersion)
  const now = deps.clock.now().toISOString()
  await deps.db.kysely.transaction().execute(async (trx) => {
    await updateOrConflict(
      trx,
      l.row,
      input.expectedVersion,
      input.decision === 'approve'
        ? { status: 'final_review', first_reviewer_id: actor.userId, updated_at: now }
        : { status: 'draft', return_reason: comment, first_reviewer_id: null, updated_at: now },
    )
    await repo.insertReview(trx, {
      id: newId(),
      item_id: id,
      stage: 'first',
      reviewer_id: actor.userId,
      decision: input.decision === 'approve' ? 'approved' : 'returned',
      checklist: JSON.stringify(checklist),
      comment: comment === '' ? null : comment,
      at: now,
    })
    await audit(trx, deps, actor, l.organ.id, `item.${action}`, id, {
      title: l.row.title,
      checklist,
      comment: comment === '' ? null : comment,
    })
  })
}

/**
 * The final review by the 分管领导: approving publishes the item (a revision's working copy is
 * published into the item it revises); returning needs a reason.
 * @returns the id of the published item (differs from `id` for a revision)
 */
export async function finalReview(
  deps: AppDeps,
  actor: ItemActor,
  id: string,
  input: Omit<ReviewInput, 'checklist'>,
): Promise<{ id: string }> {
  const action: ItemAction = input.decision === 'approve' ? 'approve_final' : 'return_final'
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, action)
  const comment = input.comment.trim()
  if (input.decision === 'return' && comment === '') {
    throw new ValidationError({ comment: ['退回须说明理由'] })
  }
  assertVersion(l.row, input.expectedVersion)
  const now = deps.clock.now()
  const nowIso = now.toISOString()
  return deps.db.kysely.transaction().execute(async (trx) => {
    await repo.insertReview(trx, {
      id: newId(),
      item_id: id,
      stage: 'final',
      reviewer_id: actor.userId,
      decision: input.decision === 'approve' ? 'approved' : 'returned',
      checklist: '{}',
      comment: comment === '' ? null : comment,
      at: nowIso,
    })
    if (input.decision === 'return') {
      await updateOrConflict(trx, l.row, input.expectedVersion, {
        status: 'draft',
        return_reason: comment,
        first_reviewer_id: null,
        updated_at: nowIso,
      })
      await audit(trx, deps, actor, l.organ.id, 'item.return_final', id, { title: l.row.title, comment })
      return { id }
    }
    const published = await publish(trx, deps, actor, l, input.expectedVersion, chinaDate(now), nowIso)
    await audit(trx, deps, actor, l.organ.id, 'item.publish', published.id, {
      title: l.row.title,
      indexNo: published.indexNo,
      revision: published.revision,
      ...(l.row.revision_of_id ? { workingCopy: id } : {}),
      comment: comment === '' ? null : comment,
    })
    return { id: published.id }
  })
}
async function publish(
  trx: Trx,
  deps: AppDeps,
  actor: ItemActor,
  l: Loaded,
  expectedVersion: number,
  today: string,
  nowIso: string,
): Promise<{ id: string; indexNo: string; revision: number }> {
  const copy = l.row
  if (copy.revision_of_id === null) {
    const { indexNo, year, serial } = await issueIndexNumber(trx, deps, l.organ, today)
    await updateOrConflict(trx, copy, expectedVersion, {
      status: 'published',
      index_no: indexNo,
      index_year: year,
      index_serial: serial,
      published_date: today,
      published_year: year,
      published_at: nowIso,
      revision: 1,
      final_approver_id: actor.userId,
      return_reason: null,
      updated_at: nowIso,
    })
    const row = await repo.findItemById(trx, copy.id)
    if (!row) {
      throw new DomainError('ITEM_NOT_FOUND', `item ${copy.id} vanished`)
    }
    await repo.insertRevision(trx, {
      id: newId(),
      item_id: row.id,
      revision: 1,
      snapshot: snapshotOf(row),
      note: null,
      created_by: actor.userId,
      created_at: nowIso,
    })
    await deps.search.upsert(trx, [await searchDocOf(trx, row)])
    return { id: row.id, indexNo, revision: 1 }
  }

  // A revision: the working copy's content goes into the published item, which keeps its id,
  // 索引号 and first 发布日期; the working copy goes away, its reviews move to the item.
  const original = await repo.findItemById(trx, copy.revision_of_id)
  if (!original || original.status !== 'published' || original.index_no === null) {
    throw new DomainError('ITEM_INVALID_TRANSITION', `revised item ${copy.revision_of_id} is not published`)
  }
  const revision = Number(original.revision) + 1
  // Reviews and attachments first: deleting the copy would cascade to them.
  await repo.moveReviews(trx, copy.id, original.id)
  await repo.moveAttachments(trx, copy.id, original.id)
  if (!(await repo.deleteItemIfVersion(trx, copy.id, expectedVersion))) {
    throw new DomainError('ITEM_CHANGED_CONCURRENTLY', `working copy ${copy.id} changed`)
  }
  await updateOrConflict(trx, original, Number(original.version), {
    title: copy.title,
    summary: copy.summary,
    body_html: copy.body_html,
    body_text: copy.body_text,
    doc_number_raw: copy.doc_number_raw,
    doc_number: copy.doc_number,
    doc_number_agency: copy.doc_number_agency,
    doc_number_year: copy.doc_number_year,
    doc_number_serial: copy.doc_number_serial,
    joint_issuers: copy.joint_issuers,
    written_date: copy.written_date,
    formed_date: copy.formed_date,
    topic: copy.topic,
    genre: copy.genre,
    art20_item: copy.art20_item,
    art21_item: copy.art21_item,
    key_areas: copy.key_areas,
    scope: copy.scope,
    term: copy.term,
    validity: copy.validity,
    validity_date: copy.validity_date,
    replaced_by_id: copy.validity === 'revised' ? original.replaced_by_id : null,
    revision,
    revised_date: today,
    first_reviewer_id: copy.first_reviewer_id,
    final_approver_id: actor.userId,
    updated_at: nowIso,
  })
  const row = await repo.findItemById(trx, original.id)
  if (!row) {
    throw new DomainError('ITEM_NOT_FOUND', `item ${original.id} vanished`)
  }
  await repo.insertRevision(trx, {
    id: newId(),
    item_id: row.id,
    revision,
    snapshot: snapshotOf(row),
    note: null,
    created_by: actor.userId,
    created_at: nowIso,
  })
  await deps.search.upsert(trx, [await searchDocOf(trx, row)])
  return { id: row.id, indexNo: original.index_no, revision }
}
