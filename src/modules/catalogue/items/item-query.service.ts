import type { Kdb } from '../../../db/database.js'
import type { ItemRow } from '../catalogue.table.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import { organsByIds, organsWithRoleIn, SMALL_TREE_LIMIT, type Organ } from '../../organs/index.js'
import type { ItemStatus } from '../catalogue.table.js'
import { assertMay, draftingOrganIds, type ItemActor, loadForActor, visibleOrganIds } from './item-context.js'
import { allowedActions, refusal, type ItemAction } from './item-transitions.js'
import { itemRowToItem, parseChecklist, type Checklist, type Item } from './item.js'
import * as repo from './item.repository.js'
import type { WorkCalendar } from '../../../shared/calendar/workdays.js'
import { art26Clock, chinaDate, type Art26Clock } from './publication-deadline.js'
import {
  WORK_QUEUE_LABELS,
  WORK_QUEUE_ROLES,
  WORK_QUEUES,
  workQueueHref,
  type WorkQueue,
} from './work-queues.js'

/**
 * Reading items in the console: the detail page, the edit form and the console list.
 */

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
    clock: clockOf(item, chinaDate(deps.clock.now()), await deps.calendar.get()),
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
  calendar: WorkCalendar,
): Art26Clock | null {
  if (item.disclosureMode !== 'proactive') {
    return null
  }
  const published =
    item.status === 'draft' || item.status === 'first_review' || item.status === 'final_review'
      ? null
      : (item.revisedDate ?? item.publishedDate)
  return art26Clock({ formedDate: item.formedDate, publishedDate: published, today }, calendar)
}

/** The drafting organs of the actor (the "new item" form's organ choice). @throws FORBIDDEN */
export async function organsForDrafting(deps: AppDeps, actor: ItemActor): Promise<Organ[]> {
  const organs = await organsByIds(deps.db.kysely, await draftingOrganIds(deps.db.kysely, actor))
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
  /** Only what waits for the viewer in this queue, over the organs the queue's roles cover. */
  queue?: WorkQueue | undefined
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
  const visible = await visibleOrganIds(db, actor)
  if (visible.size === 0) {
    throw new DomainError('FORBIDDEN', `${actor.username} has no role on any organ`)
  }
  let organIds = input.queue ? [...(await queueOrganIds(db, actor, input.queue))] : [...visible]
  if (input.organId) {
    if (!organIds.includes(input.organId)) {
      throw new DomainError('ORGAN_NOT_FOUND', `${actor.username} has no role on ${input.organId}`)
    }
    organIds = [input.organId]
  }
  const page = Math.max(1, input.page)
  const { rows, total } = await repo.listConsoleItems(
    db,
    {
      organIds,
      status: input.status,
      title: input.title?.trim() || undefined,
      queue: input.queue ? { queue: input.queue, userId: actor.userId } : undefined,
    },
    CONSOLE_PAGE_SIZE,
    (page - 1) * CONSOLE_PAGE_SIZE,
  )
  const counts = await repo.countConsoleItemsByStatus(db, organIds)
  const names = await repo.userNamesByIds(
    db,
    rows.map((r) => r.drafted_by).filter((x): x is string => !!x),
  )
  const today = chinaDate(deps.clock.now())
  const calendar = await deps.calendar.get()
  // The filter's choices: every visible organ for a small scope, else the organs of the grants
  // themselves (and the one chosen); the list's own organ names come with its rows.
  const choiceIds =
    visible.size <= SMALL_TREE_LIMIT
      ? visible
      : new Set([...actor.grants.map((g) => g.organId), ...(input.organId ? [input.organId] : [])])
  const organs = await organsByIds(db, new Set([...choiceIds, ...rows.map((r) => r.organ_id)]))
  const nameOf = new Map(organs.map((o) => [o.id, o.name]))
  return {
    rows: rows.map((r) => ({
      ...r,
      organName: nameOf.get(r.organ_id) ?? '',
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
        calendar,
      ),
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / CONSOLE_PAGE_SIZE)),
    organs: organs.filter((o) => choiceIds.has(o.id)),
    canDraft: (await draftingOrganIds(db, actor)).size > 0,
    counts,
  }
}

/**
 * An item row with its open revision working copy (if it is published and one is open), for the
 * attachment rules; undefined when there is no such item. Access is checked by the caller.
 */
export async function findItemWithOpenRevision(
  db: Kdb,
  itemId: string,
): Promise<{ item: ItemRow; openRevision: ItemRow | undefined } | undefined> {
  const item = await repo.findItemById(db, itemId)
  if (!item) {
    return undefined
  }
  const openRevision = item.status === 'published' ? await repo.findOpenRevisionOf(db, item.id) : undefined
  return { item, openRevision }
}

/** The organs a queue covers for the actor: those where they hold one of its roles. */
async function queueOrganIds(db: Kdb, actor: ItemActor, queue: WorkQueue): Promise<Set<string>> {
  return (await organsWithRoleIn(db, actor.grants, WORK_QUEUE_ROLES[queue])).ids
}

export interface WorkCount {
  queue: WorkQueue
  label: string
  count: number
  href: string
}

/**
 * What waits for the actor, queue by queue (the dashboard's 待办), for the queues their roles
 * have; targeted counts over the organs each role covers.
 */
export async function myWorkCounts(deps: AppDeps, actor: ItemActor): Promise<WorkCount[]> {
  const db = deps.db.kysely
  const out: WorkCount[] = []
  for (const queue of WORK_QUEUES) {
    const organIds = await queueOrganIds(db, actor, queue)
    if (organIds.size === 0) {
      continue
    }
    const count = await repo.countConsoleItems(db, {
      organIds: [...organIds],
      queue: { queue, userId: actor.userId },
    })
    out.push({ queue, label: WORK_QUEUE_LABELS[queue], count, href: workQueueHref(queue) })
  }
  return out
}
