import type { Trx } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import type { Viewer } from '../../../shared/actor.js'
import { DomainError, ValidationError, type FieldErrors } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import { recordAudit } from '../../audit/index.js'
import { ancestorIds, type Organ } from '../../organs/index.js'
import { listOrgans } from '../../organs/index.js'
import { grantCovers, organsWithRole } from '../../users/index.js'
import type { Role } from '../../users/user.table.js'
import type { ItemRow, ItemRowUpdate, ItemStatus, NewItemRow, Validity } from '../catalogue.table.js'
import { parseDocNumber } from '../classification/index.js'
import { formatIndexNumber, parseIndexNumber } from '../classification/index.js'
import {
  checklistClears,
  checklistProblems,
  ITEM_FIELD_LABELS,
  itemRowToItem,
  itemToFormValues,
  parseChecklist,
  splitJointIssuers,
  validateItemForm,
  type Checklist,
  type Item,
  type ItemFormValues,
  type ValidItemForm,
} from './item.js'
import {
  allowedActions,
  DRAFTING_ROLES,
  refusal,
  VIEWING_ROLES,
  type ItemAction,
  type TransitionSubject,
} from './item-transitions.js'
import * as repo from './item.repository.js'
import { htmlToText, sanitizeBodyHtml } from '../body/index.js'
import { art26Clock, chinaDate, type Art26Clock } from './publication-deadline.js'

/**
 * Use cases of proactive disclosure items in the console: drafting, the two-stage review
 * (先审查、后公开), publication with a 索引号, withdrawal, validity and revisions. Every change runs
 * in one transaction with its audit entry and its search-index update.
 */

/** The staff member acting (a logged-in Viewer fits). */
export type ItemActor = Pick<Viewer, 'userId' | 'username' | 'grants'>

// ─── access ────────────────────────────────────────────────────────────────────────────────

interface OrganContext {
  organs: Organ[]
  byId: Map<string, Organ>
}

async function organContext(deps: AppDeps): Promise<OrganContext> {
  const organs = await listOrgans(deps.db.kysely)
  return { organs, byId: new Map(organs.map((o) => [o.id, o])) }
}

/** The roles the actor holds on an organ (directly or through a subtree grant). */
function rolesOn(actor: ItemActor, organId: string, ctx: OrganContext): Set<Role> {
  const ancestors = ancestorIds(ctx.organs, organId)
  return new Set(actor.grants.filter((g) => grantCovers(g, organId, ancestors)).map((g) => g.role))
}

/** The organs whose items the actor may see, in display order. */
function visibleOrgans(actor: ItemActor, ctx: OrganContext): Organ[] {
  const ids = organsWithRole(asViewerLike(actor), VIEWING_ROLES, ctx.organs)
  return ctx.organs.filter((o) => ids.has(o.id))
}

/** The organs the actor may draft for, in display order. */
function draftingOrgans(actor: ItemActor, ctx: OrganContext): Organ[] {
  const ids = organsWithRole(asViewerLike(actor), DRAFTING_ROLES, ctx.organs)
  return ctx.organs.filter((o) => ids.has(o.id))
}

function asViewerLike(actor: ItemActor): Viewer {
  return {
    userId: actor.userId,
    username: actor.username,
    displayName: actor.username,
    grants: actor.grants,
    mustChangePassword: false,
    sessionId: '',
    csrfToken: '',
  }
}

interface Loaded {
  row: ItemRow
  organ: Organ
  roles: Set<Role>
  subject: TransitionSubject
}

/**
 * Loads an item the actor has some role on. Items of organs the actor has no role on do not exist
 * for them (404), so that staff cannot probe other organs' drafts.
 */
async function loadForActor(
  deps: AppDeps,
  actor: ItemActor,
  id: string,
  db = deps.db.kysely,
): Promise<Loaded> {
  const row = await repo.findItemById(db, id)
  const ctx = await organContext(deps)
  const organ = row ? ctx.byId.get(row.organ_id) : undefined
  if (!row || !organ) {
    throw new DomainError('ITEM_NOT_FOUND', `no item ${id}`)
  }
  const roles = rolesOn(actor, organ.id, ctx)
  if (roles.size === 0) {
    throw new DomainError('ITEM_NOT_FOUND', `user ${actor.username} has no role on organ ${organ.id}`)
  }
  const open = row.status === 'published' ? await repo.findOpenRevisionOf(db, row.id) : undefined
  return { row, organ, roles, subject: subjectOf(row, open !== undefined) }
}

function subjectOf(row: ItemRow, hasOpenRevision: boolean): TransitionSubject {
  return {
    status: row.status,
    draftedBy: row.drafted_by,
    submittedBy: row.submitted_by,
    firstReviewerId: row.first_reviewer_id,
    disclosureMode: row.disclosure_mode,
    hasOpenRevision,
  }
}

/** Throws the refusal of an action, if any. */
function assertMay(l: Loaded, actor: ItemActor, action: ItemAction): void {
  const r = refusal(l.subject, { userId: actor.userId, roles: l.roles }, action)
  if (r) {
    throw new DomainError(r.code, `${actor.username} ${action} item ${l.row.id}: ${r.detail}`)
  }
}

function assertVersion(row: ItemRow, expectedVersion: number): void {
  if (Number(row.version) !== expectedVersion) {
    throw new DomainError(
      'ITEM_CHANGED_CONCURRENTLY',
      `item ${row.id} is at version ${row.version}, the form was for ${expectedVersion}`,
    )
  }
}

async function updateOrConflict(trx: Trx, row: ItemRow, expectedVersion: number, patch: ItemRowUpdate) {
  const ok = await repo.updateItemIfVersion(trx, row.id, expectedVersion, patch)
  if (!ok) {
    throw new DomainError(
      'ITEM_CHANGED_CONCURRENTLY',
      `item ${row.id} changed since version ${expectedVersion}`,
    )
  }
}

function audit(
  trx: Trx,
  deps: AppDeps,
  actor: ItemActor,
  organId: string,
  action: string,
  targetId: string,
  summary: Record<string, unknown>,
) {
  return recordAudit(trx, deps.clock, {
    actorId: actor.userId,
    actorName: actor.username,
    organId,
    action,
    targetType: 'item',
    targetId,
    summary,
  })
}

// ─── drafting ──────────────────────────────────────────────────────────────────────────────

/** The row values of a validated drafting form. */
function contentColumns(v: ValidItemForm) {
  const body = sanitizeBodyHtml(v.bodyHtml)
  const doc = parseDocNumber(v.docNumber)
  return {
    title: v.title,
    summary: v.summary === '' ? null : v.summary,
    body_html: body,
    body_text: htmlToText(body),
    doc_number_raw: doc ? doc.raw : null,
    doc_number: doc?.normalised ?? null,
    doc_number_agency: doc?.agency ?? null,
    doc_number_year: doc?.year ?? null,
    doc_number_serial: doc?.serial ?? null,
    joint_issuers: JSON.stringify(splitJointIssuers(v.jointIssuers)),
    written_date: v.writtenDate === '' ? null : v.writtenDate,
    formed_date: v.formedDate,
    topic: v.topic,
    genre: v.genre,
    art20_item: v.art20Item === '' ? null : Number(v.art20Item),
    art21_item: v.art21Item === '' ? null : v.art21Item,
    key_areas: JSON.stringify([...new Set(v.keyAreas)]),
    disclosure_mode: v.disclosureMode,
    withheld_reason: v.disclosureMode === 'withheld' ? v.withheldReason : null,
    scope: v.scope,
    term: v.term,
    validity: v.validity,
    validity_date: v.validity === 'valid' ? null : v.validityDate,
  } satisfies ItemRowUpdate
}

function validOrThrow(values: ItemFormValues): ValidItemForm {
  const r = validateItemForm(values)
  if (!r.ok) {
    throw new ValidationError(r.fields)
  }
  return r.value
}

/** Extra settings of items created by the demo loader (never from a form). */
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
  const ctx = await organContext(deps)
  const organ = ctx.byId.get(organId)
  const roles = organ ? rolesOn(actor, organ.id, ctx) : new Set<Role>()
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

export interface ReviewInput {
  decision: 'approve' | 'return'
  /** First stage: the checklist, answered item by item. */
  checklist?: Partial<Checklist>
  /** The reason for returning (required) or a remark. */
  comment: string
  expectedVersion: number
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
    const problems = checklistProblems(checklist)
    if (Object.keys(problems).length > 0) {
      throw new DomainError('ITEM_CHECKLIST_INCOMPLETE', `checklist incomplete for ${id}`, {
        fields: problems,
      })
    }
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

/** The public fields of an item, as kept in item_revision (history visible to staff). */
function snapshotOf(row: ItemRow): string {
  const item = itemRowToItem(row)
  return JSON.stringify({
    indexNo: item.indexNo,
    revision: item.revision,
    title: item.title,
    summary: item.summary,
    bodyHtml: item.bodyHtml,
    docNumberRaw: item.docNumberRaw,
    docNumber: item.docNumber,
    jointIssuers: item.jointIssuers,
    writtenDate: item.writtenDate,
    formedDate: item.formedDate,
    publishedDate: item.publishedDate,
    revisedDate: item.revisedDate,
    topic: item.topic,
    genre: item.genre,
    art20Item: item.art20Item,
    art21Item: item.art21Item,
    keyAreas: item.keyAreas,
    scope: item.scope,
    term: item.term,
    validity: item.validity,
    validityDate: item.validityDate,
  })
}

/** The search document of an item: title, and summary + 文号 + body + attachment text. */
async function searchDocOf(trx: Trx, row: ItemRow) {
  const attachments = await repo.listAttachmentTexts(trx, row.id)
  const body = [row.summary, row.doc_number, row.doc_number_raw, row.body_text, ...attachments]
    .filter((s): s is string => !!s)
    .join('\n')
  return { docNo: Number(row.doc_no), title: row.title, body }
}

/** Takes a 索引号 no other item holds (imported items keep theirs, so a serial may be taken). */
async function issueIndexNumber(trx: Trx, deps: AppDeps, organ: Organ, date: string) {
  const year = Number(date.slice(0, 4))
  for (;;) {
    const serial = await repo.nextIndexSerial(trx, organ.id, year)
    const indexNo = formatIndexNumber(deps.config.indexNumberFormat, organ, date, serial)
    if (!(await repo.findItemByIndexNo(trx, indexNo))) {
      return { indexNo, year, serial }
    }
  }
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
  if ((input.validity === 'expired' || input.validity === 'repealed') && !isDate(date)) {
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

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
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

// ─── reading ───────────────────────────────────────────────────────────────────────────────

export interface ReviewEntry {
  stage: 'first' | 'final'
  decision: 'approved' | 'returned'
  reviewerName: string
  checklist: Partial<Checklist>
  comment: string | null
  at: string
}

export interface RevisionEntry {
  revision: number
  at: string
  byName: string
  snapshot: Record<string, unknown>
}

export interface ItemDetail {
  item: Item
  organ: Organ
  /** Actions this viewer may take now. */
  actions: ItemAction[]
  clock: Art26Clock | null
  names: {
    drafter: string | null
    submitter: string | null
    firstReviewer: string | null
    finalApprover: string | null
  }
  reviews: ReviewEntry[]
  revisions: RevisionEntry[]
  /** The open working copy of a published item. */
  openRevision: { id: string; status: ItemStatus } | null
  /** For a working copy: the published item it revises. */
  revisionOf: { id: string; title: string; indexNo: string | null; revision: number } | null
  replacedBy: { id: string; title: string; indexNo: string | null } | null
  /** The viewer holds the reviewing role for the current stage but drafted, submitted or first-reviewed it. */
  separationOfDuties: boolean
}

/** Everything the console's item page shows. @throws ITEM_NOT_FOUND for other organs' items */
export async function getItemDetail(deps: AppDeps, actor: ItemActor, id: string): Promise<ItemDetail> {
  const db = deps.db.kysely
  const l = await loadForActor(deps, actor, id)
  const item = itemRowToItem(l.row)
  const [reviews, revisions, open, of, replacedBy] = await Promise.all([
    repo.listReviewsOfItem(db, id),
    repo.listRevisionsOfItem(db, id),
    item.status === 'published' ? repo.findOpenRevisionOf(db, id) : undefined,
    item.revisionOfId ? repo.findItemById(db, item.revisionOfId) : undefined,
    item.replacedById ? repo.findItemById(db, item.replacedById) : undefined,
  ])
  const names = await repo.userNamesByIds(
    db,
    [
      item.draftedBy,
      item.submittedBy,
      item.firstReviewerId,
      item.finalApproverId,
      ...reviews.map((r) => r.reviewer_id),
      ...revisions.map((r) => r.created_by),
    ].filter((x): x is string => !!x),
  )
  const nameOf = (uid: string | null) => (uid ? (names.get(uid) ?? uid) : null)
  return {
    item,
    organ: l.organ,
    actions: allowedActions(l.subject, { userId: actor.userId, roles: l.roles }),
    clock: clockOf(item, chinaDate(deps.clock.now())),
    names: {
      drafter: nameOf(item.draftedBy),
      submitter: nameOf(item.submittedBy),
      firstReviewer: nameOf(item.firstReviewerId),
      finalApprover: nameOf(item.finalApproverId),
    },
    reviews: reviews.map((r) => ({
      stage: r.stage,
      decision: r.decision,
      reviewerName: nameOf(r.reviewer_id) ?? '',
      checklist: parseChecklist(r.checklist),
      comment: r.comment,
      at: r.at,
    })),
    revisions: revisions.map((r) => ({
      revision: Number(r.revision),
      at: r.created_at,
      byName: nameOf(r.created_by) ?? '',
      snapshot: parseSnapshot(r.snapshot),
    })),
    openRevision: open ? { id: open.id, status: open.status } : null,
    revisionOf: of
      ? { id: of.id, title: of.title, indexNo: of.index_no, revision: Number(of.revision) }
      : null,
    replacedBy: replacedBy
      ? { id: replacedBy.id, title: replacedBy.title, indexNo: replacedBy.index_no }
      : null,
    separationOfDuties: (['approve_first', 'approve_final'] as const).some(
      (a) => refusal(l.subject, { userId: actor.userId, roles: l.roles }, a)?.code === 'SEPARATION_OF_DUTIES',
    ),
  }
}

function parseSnapshot(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json)
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/**
 * The Art. 26 clock of an item (条例 Art. 26 applies to information 属于主动公开范围 only): the
 * publication date of its current revision counts for a revised item.
 */
export function clockOf(
  item: Pick<Item, 'formedDate' | 'publishedDate' | 'revisedDate' | 'disclosureMode' | 'status'>,
  today: string,
): Art26Clock | null {
  if (item.disclosureMode !== 'proactive') {
    return null
  }
  const published =
    item.status === 'draft' || item.status === 'first_review' || item.status === 'final_review'
      ? null
      : (item.revisedDate ?? item.publishedDate)
  return art26Clock({ formedDate: item.formedDate, publishedDate: published, today })
}

/** The drafting organs of the actor (the "new item" form's organ choice). @throws FORBIDDEN */
export async function organsForDrafting(deps: AppDeps, actor: ItemActor): Promise<Organ[]> {
  const organs = draftingOrgans(actor, await organContext(deps))
  if (organs.length === 0) {
    throw new DomainError('FORBIDDEN', `${actor.username} drafts for no organ`)
  }
  return organs
}

/** Loads a draft for its edit form. @throws FORBIDDEN when the actor may not edit it */
export async function getDraftForEdit(deps: AppDeps, actor: ItemActor, id: string): Promise<ItemDetail> {
  const detail = await getItemDetail(deps, actor, id)
  if (!detail.actions.includes('edit')) {
    const l = await loadForActor(deps, actor, id)
    assertMay(l, actor, 'edit')
  }
  return detail
}

export interface ConsoleListInput {
  status?: ItemStatus | undefined
  organId?: string | undefined
  title?: string | undefined
  page: number
}

export interface ConsoleListRow extends repo.ItemListRow {
  organName: string
  drafterName: string | null
  clock: Art26Clock | null
}

export interface ConsoleList {
  rows: ConsoleListRow[]
  total: number
  page: number
  pageCount: number
  /** Organs the viewer sees (the filter's choices). */
  organs: Organ[]
  /** Organs the viewer drafts for (shows the "new" button). */
  canDraft: boolean
  counts: Partial<Record<ItemStatus, number>>
}

export const CONSOLE_PAGE_SIZE = 30

/**
 * The console list over the organs the viewer has a role on.
 * @throws FORBIDDEN for staff without any role; ORGAN_NOT_FOUND for an organ outside their scope
 */
export async function listItemsForConsole(
  deps: AppDeps,
  actor: ItemActor,
  input: ConsoleListInput,
): Promise<ConsoleList> {
  const db = deps.db.kysely
  const ctx = await organContext(deps)
  const organs = visibleOrgans(actor, ctx)
  if (organs.length === 0) {
    throw new DomainError('FORBIDDEN', `${actor.username} has no role on any organ`)
  }
  let organIds = organs.map((o) => o.id)
  if (input.organId) {
    if (!organIds.includes(input.organId)) {
      throw new DomainError('ORGAN_NOT_FOUND', `${actor.username} has no role on ${input.organId}`)
    }
    organIds = [input.organId]
  }
  const page = Math.max(1, input.page)
  const { rows, total } = await repo.listConsoleItems(
    db,
    { organIds, status: input.status, title: input.title?.trim() || undefined },
    CONSOLE_PAGE_SIZE,
    (page - 1) * CONSOLE_PAGE_SIZE,
  )
  const counts = await repo.countConsoleItemsByStatus(db, organIds)
  const names = await repo.userNamesByIds(
    db,
    rows.map((r) => r.drafted_by).filter((x): x is string => !!x),
  )
  const today = chinaDate(deps.clock.now())
  return {
    rows: rows.map((r) => ({
      ...r,
      organName: ctx.byId.get(r.organ_id)?.name ?? '',
      drafterName: r.drafted_by ? (names.get(r.drafted_by) ?? null) : null,
      clock: clockOf(
        {
          formedDate: r.formed_date,
          publishedDate: r.published_date,
          revisedDate: r.revised_date,
          disclosureMode: r.disclosure_mode,
          status: r.status,
        },
        today,
      ),
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / CONSOLE_PAGE_SIZE)),
    organs,
    canDraft: draftingOrgans(actor, ctx).length > 0,
    counts,
  }
}
