import type { ErrorCode } from '../../shared/errors.js'
import type { Role } from '../users/user.table.js'
import { GUIDE_EDITOR_ROLES } from './guide.js'

/**
 * The review of an organ's column texts (the 政府信息公开指南 supplement, the 制度 page's
 * introduction), pure. They are government information published by the organ, so they pass
 * the same 先审查、后公开 review as items (保守国家秘密法实施条例 Art. 42; 条例 Art. 17):
 *
 *   (none) ─save─► draft ─submit─► first_review ─approve_first─► final_review ─approve_final─► published
 *                    ▲                  │ return_first                │ return_final
 *                    └──────────────────┴─────────────────────────────┘
 *
 * The published text stays public, unchanged, until the 分管领导 approves the working copy.
 * Nobody who wrote or submitted the working copy reviews it, and the first reviewer is not the
 * final approver.
 */

export const TEXT_STAGES = ['draft', 'first_review', 'final_review'] as const
export type TextStage = (typeof TEXT_STAGES)[number]

export const TEXT_STAGE_LABELS: Record<TextStage | 'published', string> = {
  draft: '草稿（未公开）',
  first_review: '待初审（未公开）',
  final_review: '待终审（未公开）',
  published: '已公开',
}

export const TEXT_ACTIONS = [
  'save',
  'submit',
  'approve_first',
  'return_first',
  'approve_final',
  'return_final',
] as const
export type TextAction = (typeof TEXT_ACTIONS)[number]

export const TEXT_ACTION_LABELS: Record<TextAction, string> = {
  save: '保存草稿',
  submit: '送初审',
  approve_first: '初审通过',
  return_first: '初审退回',
  approve_final: '批准公开',
  return_final: '终审退回',
}

const ROLES: Record<TextAction, readonly Role[]> = {
  save: GUIDE_EDITOR_ROLES,
  submit: GUIDE_EDITOR_ROLES,
  approve_first: ['officer'],
  return_first: ['officer'],
  approve_final: ['leader'],
  return_final: ['leader'],
}

/** Everyone who takes part: editors and both reviewers (they may open the page). */
export const TEXT_VIEW_ROLES: readonly Role[] = [...new Set([...GUIDE_EDITOR_ROLES, 'leader' as const])]

const FROM: Record<TextAction, ReadonlyArray<TextStage | null>> = {
  save: [null, 'draft'],
  submit: ['draft'],
  approve_first: ['first_review'],
  return_first: ['first_review'],
  approve_final: ['final_review'],
  return_final: ['final_review'],
}

/** The stage each action leads to; null: the working copy is published (or stays as it is). */
export const TEXT_NEXT: Record<TextAction, TextStage | null> = {
  save: 'draft',
  submit: 'first_review',
  approve_first: 'final_review',
  return_first: 'draft',
  approve_final: null,
  return_final: 'draft',
}

export interface TextSubject {
  stage: TextStage | null
  editorIds: readonly string[]
  submittedBy: string | null
  firstReviewerId: string | null
}

export interface TextRefusal {
  code: Extract<ErrorCode, 'FORBIDDEN' | 'CONFLICT' | 'SEPARATION_OF_DUTIES'>
  detail: string
}

/** Why the user may not take the action now, or null when they may. */
export function textRefusal(
  subject: TextSubject,
  actor: { userId: string; roles: ReadonlySet<Role> },
  action: TextAction,
): TextRefusal | null {
  if (!ROLES[action].some((r) => actor.roles.has(r))) {
    return { code: 'FORBIDDEN', detail: `${action} needs one of ${ROLES[action].join('/')}` }
  }
  if (!FROM[action].includes(subject.stage)) {
    return { code: 'CONFLICT', detail: `${action} is not possible at stage ${subject.stage ?? 'none'}` }
  }
  const me = actor.userId
  const wrote = subject.editorIds.includes(me) || subject.submittedBy === me
  if ((action === 'approve_first' || action === 'return_first') && wrote) {
    return { code: 'SEPARATION_OF_DUTIES', detail: `user ${me} wrote or submitted this text` }
  }
  if (
    (action === 'approve_final' || action === 'return_final') &&
    (wrote || subject.firstReviewerId === me)
  ) {
    return { code: 'SEPARATION_OF_DUTIES', detail: `user ${me} wrote or first-reviewed this text` }
  }
  return null
}

/** The actions the user may take now, in button order. */
export function allowedTextActions(
  subject: TextSubject,
  actor: { userId: string; roles: ReadonlySet<Role> },
): TextAction[] {
  return TEXT_ACTIONS.filter((a) => textRefusal(subject, actor, a) === null)
}
