import { parseIdList, withId } from '../../../shared/id-list.js'
import type { Kdb, Trx } from '../../../db/database.js'
import type { Viewer } from '../../../shared/actor.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError, ValidationError } from '../../../shared/errors.js'
import { recordAudit } from '../../audit/index.js'
import { organsWithRoleIn, organWithAncestors, type Organ } from '../../organs/index.js'
import { grantCovers } from '../../access/index.js'
import type { Role } from '../../users/user.table.js'
import { bodyHtmlFromInput, htmlToText } from '../body/index.js'
import type { ItemRow, ItemRowUpdate } from '../catalogue.table.js'
import { formatIndexNumber, parseDocNumber } from '../classification/index.js'
import {
  DRAFTING_ROLES,
  refusal,
  VIEWING_ROLES,
  type ItemAction,
  type TransitionSubject,
} from './item-transitions.js'
import {
  itemRowToItem,
  splitJointIssuers,
  validateItemForm,
  type ItemFormValues,
  type ValidItemForm,
} from './item.js'
import * as repo from './item.repository.js'

/**
 * Shared steps of the item use cases (internal to items/): who may act on which organ, loading an item for an actor, the optimistic-concurrency update, the audit entry, form validation, snapshots, search documents and 索引号 issue.
 */

/** The staff member acting (a logged-in Viewer fits). */
export type ItemActor = Pick<Viewer, 'userId' | 'username' | 'grants'>

// ─── access ────────────────────────────────────────────────────────────────────────────────

/**
 * The organ and the roles the actor holds on it (directly or through a subtree grant), or null
 * when there is no such organ. One query: the ancestors come from the organ's materialised path.
 */
export async function organAndRoles(
  db: Kdb,
  actor: ItemActor,
  organId: string,
): Promise<{ organ: Organ; roles: Set<Role> } | null> {
  const o = await organWithAncestors(db, organId)
  if (!o) {
    return null
  }
  const roles = actor.grants.filter((g) => grantCovers(g, organId, o.ancestorIds)).map((g) => g.role)
  return { organ: o.organ, roles: new Set(roles) }
}

/** The ids of the organs whose items the actor may see (subtree grants expanded in SQL). */
export async function visibleOrganIds(db: Kdb, actor: ItemActor): Promise<Set<string>> {
  return (await organsWithRoleIn(db, actor.grants, VIEWING_ROLES)).ids
}

/** The ids of the organs the actor may draft for. */
export async function draftingOrganIds(db: Kdb, actor: ItemActor): Promise<Set<string>> {
  return (await organsWithRoleIn(db, actor.grants, DRAFTING_ROLES)).ids
}

export function asViewerLike(actor: ItemActor): Viewer {
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

export interface Loaded {
  row: ItemRow
  organ: Organ
  roles: Set<Role>
  subject: TransitionSubject
}

/**
 * Loads an item the actor has some role on. Items of organs the actor has no role on do not exist
 * for them (404), so that staff cannot probe other organs' drafts.
 */
export async function loadForActor(
  deps: AppDeps,
  actor: ItemActor,
  id: string,
  db = deps.db.kysely,
): Promise<Loaded> {
  const row = await repo.findItemById(db, id)
  const found = row ? await organAndRoles(db, actor, row.organ_id) : null
  if (!row || !found) {
    throw new DomainError('ITEM_NOT_FOUND', `no item ${id}`)
  }
  const { organ, roles } = found
  if (roles.size === 0) {
    throw new DomainError('ITEM_NOT_FOUND', `user ${actor.username} has no role on organ ${organ.id}`)
  }
  const open = row.status === 'published' ? await repo.findOpenRevisionOf(db, row.id) : undefined
  return { row, organ, roles, subject: subjectOf(row, open !== undefined) }
}

/** The user ids of everyone who wrote the row's content (see ItemTable.editors). */
export function editorsOf(row: Pick<ItemRow, 'editors'>): string[] {
  return parseIdList(row.editors)
}

/** The editors after `userId` wrote to the row: added once, in order of first edit. */
export function withEditor(row: Pick<ItemRow, 'editors'>, userId: string): string {
  return withId(row.editors, userId)
}

export function subjectOf(row: ItemRow, hasOpenRevision: boolean): TransitionSubject {
  return {
    status: row.status,
    draftedBy: row.drafted_by,
    editorIds: editorsOf(row),
    submittedBy: row.submitted_by,
    firstReviewerId: row.first_reviewer_id,
    disclosureMode: row.disclosure_mode,
    hasOpenRevision,
  }
}

/** Throws the refusal of an action, if any. */
export function assertMay(l: Loaded, actor: ItemActor, action: ItemAction): void {
  const r = refusal(l.subject, { userId: actor.userId, roles: l.roles }, action)
  if (r) {
    throw new DomainError(r.code, `${actor.username} ${action} item ${l.row.id}: ${r.detail}`)
  }
}

export function assertVersion(row: ItemRow, expectedVersion: number): void {
  if (Number(row.version) !== expectedVersion) {
    throw new DomainError(
      'ITEM_CHANGED_CONCURRENTLY',
      `item ${row.id} is at version ${row.version}, the form was for ${expectedVersion}`,
    )
  }
}

export async function updateOrConflict(
  trx: Trx,
  row: ItemRow,
  expectedVersion: number,
  patch: ItemRowUpdate,
) {
  const ok = await repo.updateItemIfVersion(trx, row.id, expectedVersion, patch)
  if (!ok) {
    throw new DomainError(
      'ITEM_CHANGED_CONCURRENTLY',
      `item ${row.id} changed since version ${expectedVersion}`,
    )
  }
}

export function audit(
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
export function contentColumns(v: ValidItemForm) {
  const body = bodyHtmlFromInput(v.bodyHtml)
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

export function validOrThrow(values: ItemFormValues): ValidItemForm {
  const r = validateItemForm(values)
  if (!r.ok) {
    throw new ValidationError(r.fields)
  }
  return r.value
}

/** Extra settings of items created by the demo loader (never from a form). */

/** The public fields of an item, as kept in item_revision (history visible to staff). */
export function snapshotOf(row: ItemRow): string {
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
export async function searchDocOf(trx: Trx, row: ItemRow) {
  const attachments = await repo.listAttachmentTexts(trx, row.id)
  const body = [row.summary, row.doc_number, row.doc_number_raw, row.body_text, ...attachments]
    .filter((s): s is string => !!s)
    .join('\n')
  return { docNo: Number(row.doc_no), title: row.title, body }
}

/** Takes a 索引号 no other item holds (imported items keep theirs, so a serial may be taken). */
export async function issueIndexNumber(trx: Trx, deps: AppDeps, organ: Organ, date: string) {
  const year = Number(date.slice(0, 4))
  for (;;) {
    const serial = await repo.nextIndexSerial(trx, organ.id, year)
    const indexNo = formatIndexNumber(deps.config.indexNumberFormat, organ, date, serial)
    if (!(await repo.findItemByIndexNo(trx, indexNo))) {
      return { indexNo, year, serial }
    }
  }
}
