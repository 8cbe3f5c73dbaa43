import type { Trx } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import type { Role } from '../../users/user.table.js'
import type { NewItemRow } from '../catalogue.table.js'
import {
  assertMay,
  assertVersion,
  audit,
  contentColumns,
  type ItemActor,
  loadForActor,
  organAndRoles,
  updateOrConflict,
  validOrThrow,
  withEditor,
} from './item-context.js'
import { DRAFTING_ROLES } from './item-transitions.js'
import {
  ITEM_FIELD_LABELS,
  itemRowToItem,
  itemToFormValues,
  validateItemForm,
  type ItemFormValues,
} from './item.js'
import * as repo from './item.repository.js'

/**
 * Drafting: create, save (optimistic concurrency), discard and submit a draft for review.
 */

export interface CreateOptions {
  sample?: boolean
  source?: string | null
}

/**
 * Creates a draft for an organ the actor drafts for (信息员 or 承办人).
 * @throws ValidationError with every wrong field; DomainError FORBIDDEN, ORGAN_NOT_FOUND
 */
export async function createItem(
  deps: AppDeps,
  actor: ItemActor,
  organId: string,
  values: ItemFormValues,
  options: CreateOptions = {},
): Promise<{ id: string }> {
  const found = await organAndRoles(deps.db.kysely, actor, organId)
  const organ = found?.organ
  const roles = found?.roles ?? new Set<Role>()
  if (!organ || roles.size === 0) {
    throw new DomainError('ORGAN_NOT_FOUND', `${actor.username} has no role on organ ${organId}`)
  }
  if (!DRAFTING_ROLES.some((r) => roles.has(r))) {
    throw new DomainError('FORBIDDEN', `${actor.username} may not draft for ${organ.id}`)
  }
  const v = validOrThrow(values)
  const id = newId()
  const now = deps.clock.now().toISOString()
  await deps.db.kysely.transaction().execute(async (trx) => {
    const row: NewItemRow = {
      id,
      doc_no: await repo.nextDocNo(trx),
      organ_id: organ.id,
      ...contentColumns(v),
      status: 'draft',
      drafted_by: actor.userId,
      editors: JSON.stringify([actor.userId]),
      sample: options.sample ? 1 : 0,
      source: options.source ?? null,
      revision: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    }
    await repo.insertItem(trx, row)
    await audit(trx, deps, actor, organ.id, 'item.create', id, { title: v.title, formedDate: v.formedDate })
  })
  return { id }
}

/**
 * Saves a draft, provided nobody saved it since the form was loaded (`expectedVersion`).
 * @throws ITEM_CHANGED_CONCURRENTLY (nothing is saved; the caller re-shows the user's input)
 */
export async function updateDraft(
  deps: AppDeps,
  actor: ItemActor,
  id: string,
  expectedVersion: number,
  values: ItemFormValues,
): Promise<void> {
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, 'edit')
  const v = validOrThrow(values)
  assertVersion(l.row, expectedVersion)
  const cols = contentColumns(v)
  const changed = (Object.keys(cols) as Array<keyof typeof cols>).filter(
    (k) => k !== 'body_text' && String(cols[k] ?? '') !== String(l.row[k] ?? ''),
  )
  await deps.db.kysely.transaction().execute(async (trx) => {
    await updateOrConflict(trx, l.row, expectedVersion, {
      ...cols,
      editors: changed.length > 0 ? withEditor(l.row, actor.userId) : l.row.editors,
      updated_at: deps.clock.now().toISOString(),
    })
    await audit(trx, deps, actor, l.organ.id, 'item.update', id, { changed })
  })
}

/** Deletes a draft that was never published (a fresh draft or a revision's working copy). */
export async function discardDraft(deps: AppDeps, actor: ItemActor, id: string, expectedVersion: number) {
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, 'discard')
  assertVersion(l.row, expectedVersion)
  await deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await repo.deleteItemIfVersion(trx, id, expectedVersion))) {
      throw new DomainError('ITEM_CHANGED_CONCURRENTLY', `item ${id} changed`)
    }
    await audit(trx, deps, actor, l.organ.id, 'item.discard', id, {
      title: l.row.title,
      revisionOf: l.row.revision_of_id,
    })
  })
  return { revisionOfId: l.row.revision_of_id }
}

// ─── review ────────────────────────────────────────────────────────────────────────────────

/** Sends a draft to the first review (信息员 保密审查). */
export async function submitItem(deps: AppDeps, actor: ItemActor, id: string, expectedVersion: number) {
  const l = await loadForActor(deps, actor, id)
  assertMay(l, actor, 'submit')
  assertVersion(l.row, expectedVersion)
  // A draft saved before a rule tightened still has to pass the form's rules.
  const recheck = validateItemForm(itemToFormValues(itemRowToItem(l.row)))
  if (!recheck.ok) {
    const labels = Object.keys(recheck.fields).map((k) => ITEM_FIELD_LABELS[k as keyof ItemFormValues] ?? k)
    throw new DomainError('REQUEST_INVALID', `draft ${id} incomplete: ${labels.join(', ')}`, {
      fields: recheck.fields,
      userMessage: `草稿尚不完整，请先修改后再送审：${labels.join('、')}。`,
    })
  }
  await deps.db.kysely.transaction().execute(async (trx) => {
    await updateOrConflict(trx, l.row, expectedVersion, {
      status: 'first_review',
      submitted_by: actor.userId,
      return_reason: null,
      first_reviewer_id: null,
      final_approver_id: null,
      updated_at: deps.clock.now().toISOString(),
    })
    await audit(trx, deps, actor, l.organ.id, 'item.submit', id, { title: l.row.title })
  })
}

/**
 * Records that `userId` wrote part of an item's content outside the drafting form (an attachment),
 * in the caller's transaction, so that separation of duties covers them too.
 */
export async function recordItemEditor(trx: Trx, itemId: string, userId: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await repo.findItemById(trx, itemId)
    if (!row) {
      throw new DomainError('ITEM_NOT_FOUND', `no item ${itemId}`)
    }
    const next = withEditor(row, userId)
    if (next === row.editors || (await repo.replaceItemEditors(trx, itemId, row.editors, next))) {
      return
    }
  }
  throw new DomainError('ITEM_CHANGED_CONCURRENTLY', `editors of item ${itemId} kept changing`)
}
