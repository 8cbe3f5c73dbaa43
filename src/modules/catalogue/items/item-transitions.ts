import type { ErrorCode } from '../../../shared/errors.js'
import { ROLES, type Role } from '../../users/user.table.js'
import type { DisclosureMode, ItemStatus } from '../catalogue.table.js'

/**
 * The lifecycle of a disclosure item under 先审查、后公开 (保守国家秘密法实施条例 Art. 42), pure:
 *
 *   draft ──submit──► first_review ──approve_first──► final_review ──approve_final──► published
 *     ▲                    │ return_first                  │ return_final              │ withdraw
 *     └────────────────────┴───────────────────────────────┘                           ▼
 *                                                                                  withdrawn
 *
 * Drafts are written by a 信息员 (officer) or 承办人 (handler) of the organ; the first review
 * (保密审查, checklist answered item by item) is by a 信息员; final approval by the 分管领导 (leader).
 * Nobody reviews or approves what they drafted, edited or submitted, and the first reviewer is not
 * the final approver (separation of duties). A published item can be withdrawn (撤销), have its
 * validity changed (失效 / 废止 / 已修订), or be revised: a working copy goes through the same
 * lifecycle and is published into the original under the same 索引号.
 */

export const ITEM_ACTIONS = [
  'edit',
  'submit',
  'discard',
  'approve_first',
  'return_first',
  'approve_final',
  'return_final',
  'withdraw',
  'set_validity',
  'revise',
] as const
export type ItemAction = (typeof ITEM_ACTIONS)[number]

/** Chinese names of the actions (buttons, audit summaries). */
export const ITEM_ACTION_LABELS: Record<ItemAction, string> = {
  edit: '修改',
  submit: '送审',
  discard: '删除草稿',
  approve_first: '初审通过',
  return_first: '初审退回',
  approve_final: '批准发布',
  return_final: '复核退回',
  withdraw: '撤销发布',
  set_validity: '变更有效性',
  revise: '修订',
}

/** Roles (on the item's organ) that may take each action. */
export const ACTION_ROLES: Record<ItemAction, readonly Role[]> = {
  edit: ['officer', 'handler'],
  submit: ['officer', 'handler'],
  discard: ['officer', 'handler'],
  approve_first: ['officer'],
  return_first: ['officer'],
  approve_final: ['leader'],
  return_final: ['leader'],
  withdraw: ['officer', 'leader', 'office_head'],
  set_validity: ['officer', 'leader', 'office_head'],
  revise: ['officer', 'handler'],
}

/** Roles that may draft new items for an organ. */
export const DRAFTING_ROLES: readonly Role[] = ['officer', 'handler']

/** Any role on an organ lets a staff member see its items in the console (read only). */
export const VIEWING_ROLES: readonly Role[] = ROLES

/** The states an action starts from. */
const FROM: Record<ItemAction, readonly ItemStatus[]> = {
  edit: ['draft'],
  submit: ['draft'],
  discard: ['draft'],
  approve_first: ['first_review'],
  return_first: ['first_review'],
  approve_final: ['final_review'],
  return_final: ['final_review'],
  withdraw: ['published'],
  set_validity: ['published'],
  revise: ['published'],
}

/** The state an action leads to (null: the state does not change, or the row goes away). */
const TO: Record<ItemAction, ItemStatus | null> = {
  edit: null,
  submit: 'first_review',
  discard: null,
  approve_first: 'final_review',
  return_first: 'draft',
  approve_final: 'published',
  return_final: 'draft',
  withdraw: 'withdrawn',
  set_validity: null,
  revise: null,
}

export function nextStatus(action: ItemAction): ItemStatus | null {
  return TO[action]
}

/** What the rules need to know about the item. */
export interface TransitionSubject {
  status: ItemStatus
  draftedBy: string | null
  /** Everyone who wrote any of the content now under review (the drafter and later editors). */
  editorIds: readonly string[]
  submittedBy: string | null
  firstReviewerId: string | null
  disclosureMode: DisclosureMode
  /** A revision working copy is already open for this (published) item. */
  hasOpenRevision: boolean
}

/** What the rules need to know about the person acting. */
export interface TransitionActor {
  userId: string
  /** Roles the actor holds on the item's organ (directly or through a subtree grant). */
  roles: ReadonlySet<Role>
}

export interface Refusal {
  code: Extract<
    ErrorCode,
    | 'FORBIDDEN'
    | 'ITEM_INVALID_TRANSITION'
    | 'SEPARATION_OF_DUTIES'
    | 'ITEM_NOT_PROACTIVE'
    | 'ITEM_REVISION_OPEN'
  >
  detail: string
}

/** Whether `userId` drafted, edited or submitted the content under review. */
function wroteOrSubmitted(subject: TransitionSubject, userId: string): boolean {
  return userId === subject.draftedBy || userId === subject.submittedBy || subject.editorIds.includes(userId)
}

/**
 * Why `actor` may not take `action` on the item, or null when they may. Checked in order: the
 * role, the current state, then separation of duties and the action's own conditions.
 */
export function refusal(
  subject: TransitionSubject,
  actor: TransitionActor,
  action: ItemAction,
): Refusal | null {
  if (!ACTION_ROLES[action].some((r) => actor.roles.has(r))) {
    return { code: 'FORBIDDEN', detail: `${action} needs one of ${ACTION_ROLES[action].join('/')}` }
  }
  if (!FROM[action].includes(subject.status)) {
    return { code: 'ITEM_INVALID_TRANSITION', detail: `${action} is not possible from ${subject.status}` }
  }
  const me = actor.userId
  switch (action) {
    case 'approve_first':
    case 'return_first':
      if (wroteOrSubmitted(subject, me)) {
        return { code: 'SEPARATION_OF_DUTIES', detail: `user ${me} wrote or submitted this item` }
      }
      return null
    case 'approve_final':
    case 'return_final':
      if (wroteOrSubmitted(subject, me)) {
        return { code: 'SEPARATION_OF_DUTIES', detail: `user ${me} wrote or submitted this item` }
      }
      if (me === subject.firstReviewerId) {
        return { code: 'SEPARATION_OF_DUTIES', detail: `user ${me} did the first review of this item` }
      }
      return null
    case 'submit':
      // Only information for proactive disclosure is published (条例 Arts. 19–20); items marked
      // 依申请公开 or 不予公开 stay on record as drafts with their reason.
      if (subject.disclosureMode !== 'proactive') {
        return { code: 'ITEM_NOT_PROACTIVE', detail: `disclosure mode is ${subject.disclosureMode}` }
      }
      return null
    case 'revise':
      if (subject.hasOpenRevision) {
        return { code: 'ITEM_REVISION_OPEN', detail: 'a revision is already open' }
      }
      return null
    case 'edit':
    case 'discard':
    case 'withdraw':
    case 'set_validity':
      return null
  }
}

/** The actions `actor` may take on the item now (for showing buttons). */
export function allowedActions(subject: TransitionSubject, actor: TransitionActor): ItemAction[] {
  return ITEM_ACTIONS.filter((a) => refusal(subject, actor, a) === null)
}
