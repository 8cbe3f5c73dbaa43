import type { ErrorCode } from '../../../shared/errors.js'
import type { Role } from '../../users/user.table.js'
import type { RequestStatus } from './request.js'

/**
 * The handling of a request, pure (条例 Art. 45: 登记、审核、办理、答复、归档):
 *
 *   to_confirm ─confirm─► registered ─assign─► handling ─decide─► review ─approve_officer─┐
 *                                     │  ▲  ▲    │ ▲               │ return              │
 *             request_correction ◄────┘  │  │    │ └───────────────┘          approve_leader
 *   correction ─record_correction────────┘  │    ├─fee_notice─► fee ─fee_paid/waived─┘   ▼
 *        └─correction_lapsed─► closed (r6_1) │    └─consult / consultation_reply        approved ─send─► closed
 *                                fee_lapsed ─► closed (r6_2)          (stays handling)
 *   withdraw: from any open state → withdrawn; transfer: to_confirm / registered → another organ.
 *
 * Intake staff and 承办人 (officer, handler) record, confirm, assign and handle; the extension is
 * approved by the 公开办负责人 (office_head, Art. 33); the reply passes the two-stage review: the
 * 信息员 (officer) first, the 分管领导 (leader) second — never the person who drafted the decision,
 * and never the same person for both stages.
 */

export const REQUEST_ACTIONS = [
  'confirm',
  'assign',
  'request_correction',
  'record_correction',
  'correction_lapsed',
  'consult',
  'consultation_reply',
  'extend',
  'fee_notice',
  'fee_paid',
  'fee_waived',
  'fee_lapsed',
  'decide',
  'approve_officer',
  'approve_leader',
  'return',
  'send',
  'withdraw',
  'transfer',
] as const
export type RequestAction = (typeof REQUEST_ACTIONS)[number]

export const REQUEST_ACTION_LABELS: Record<RequestAction, string> = {
  confirm: '确认收到',
  assign: '分办',
  request_correction: '告知补正',
  record_correction: '登记补正',
  correction_lapsed: '逾期未补正',
  consult: '征求意见',
  consultation_reply: '登记意见',
  extend: '延期答复',
  fee_notice: '发出收费通知',
  fee_paid: '登记缴费',
  fee_waived: '减免费用',
  fee_lapsed: '逾期未缴费',
  decide: '拟定答复',
  approve_officer: '初审通过',
  approve_leader: '批准答复',
  return: '退回修改',
  send: '送达答复',
  withdraw: '登记撤回',
  transfer: '转交其他机关',
}

const STAFF: readonly Role[] = ['officer', 'handler', 'office_head']

export const REQUEST_ACTION_ROLES: Record<RequestAction, readonly Role[]> = {
  confirm: STAFF,
  assign: ['officer', 'office_head'],
  request_correction: STAFF,
  record_correction: STAFF,
  correction_lapsed: STAFF,
  consult: STAFF,
  consultation_reply: STAFF,
  // 条例 Art. 33: 「经政府信息公开工作机构负责人同意」.
  extend: ['office_head'],
  fee_notice: STAFF,
  fee_paid: STAFF,
  fee_waived: ['office_head'],
  fee_lapsed: STAFF,
  decide: ['officer', 'handler'],
  approve_officer: ['officer'],
  approve_leader: ['leader'],
  return: ['officer', 'leader'],
  send: STAFF,
  withdraw: STAFF,
  transfer: ['officer', 'office_head'],
}

/** Any role on an organ lets staff see its requests (personal data: see request-access). */
export const REQUEST_VIEWING_ROLES: readonly Role[] = [
  'officer',
  'handler',
  'leader',
  'office_head',
  'supervisor',
  'admin',
]

const HANDLING: readonly RequestStatus[] = ['registered', 'handling']
const OPEN: readonly RequestStatus[] = [
  'to_confirm',
  'registered',
  'handling',
  'correction',
  'fee',
  'review',
  'approved',
]

const FROM: Record<RequestAction, readonly RequestStatus[]> = {
  confirm: ['to_confirm'],
  assign: HANDLING,
  request_correction: HANDLING,
  record_correction: ['correction'],
  correction_lapsed: ['correction'],
  consult: HANDLING,
  consultation_reply: HANDLING,
  extend: ['handling', 'registered', 'review'],
  fee_notice: ['handling'],
  fee_paid: ['fee'],
  fee_waived: ['fee'],
  fee_lapsed: ['fee'],
  decide: HANDLING,
  approve_officer: ['review'],
  approve_leader: ['review'],
  return: ['review'],
  send: ['approved'],
  withdraw: OPEN,
  transfer: ['to_confirm', 'registered'],
}

const TO: Record<RequestAction, RequestStatus | null> = {
  confirm: 'registered',
  assign: 'handling',
  request_correction: 'correction',
  record_correction: 'handling',
  correction_lapsed: 'closed',
  consult: null,
  consultation_reply: null,
  extend: null,
  fee_notice: 'fee',
  fee_paid: 'handling',
  fee_waived: 'handling',
  fee_lapsed: 'closed',
  decide: 'review',
  approve_officer: null,
  approve_leader: 'approved',
  return: 'handling',
  send: 'closed',
  withdraw: 'withdrawn',
  transfer: null,
}

export function nextRequestStatus(action: RequestAction): RequestStatus | null {
  return TO[action]
}

/** What the rules need to know about the request. */
export interface RequestSubject {
  status: RequestStatus
  /** Who drafted the decision under review. */
  decidedBy: string | null
  /** Stage of the reply letter under review: the 信息员's, then the 分管领导's. */
  reviewStage: 'officer' | 'leader' | null
  officerReviewerId: string | null
  extended: boolean
  correctionRequested: boolean
  openConsultations: number
}

export interface RequestActor {
  userId: string
  roles: ReadonlySet<Role>
}

export interface RequestRefusal {
  code: Extract<ErrorCode, 'FORBIDDEN' | 'REQUEST_INVALID_TRANSITION' | 'SEPARATION_OF_DUTIES'>
  detail: string
}

/** Why `actor` may not take `action` now, or null: role, then state, then the action's conditions. */
export function requestRefusal(
  subject: RequestSubject,
  actor: RequestActor,
  action: RequestAction,
): RequestRefusal | null {
  if (!REQUEST_ACTION_ROLES[action].some((r) => actor.roles.has(r))) {
    return { code: 'FORBIDDEN', detail: `${action} needs one of ${REQUEST_ACTION_ROLES[action].join('/')}` }
  }
  if (!FROM[action].includes(subject.status)) {
    return { code: 'REQUEST_INVALID_TRANSITION', detail: `${action} is not possible from ${subject.status}` }
  }
  const invalid = (detail: string): RequestRefusal => ({ code: 'REQUEST_INVALID_TRANSITION', detail })
  switch (action) {
    case 'approve_officer':
      if (subject.reviewStage !== 'officer') {
        return invalid('the reply is not at the first review')
      }
      if (actor.userId === subject.decidedBy) {
        return { code: 'SEPARATION_OF_DUTIES', detail: 'the drafter cannot review the reply' }
      }
      return null
    case 'approve_leader':
      if (subject.reviewStage !== 'leader') {
        return invalid('the reply has not passed the first review')
      }
      if (actor.userId === subject.decidedBy || actor.userId === subject.officerReviewerId) {
        return { code: 'SEPARATION_OF_DUTIES', detail: 'the drafter or first reviewer cannot approve' }
      }
      return null
    case 'return':
      if (actor.userId === subject.decidedBy) {
        return { code: 'SEPARATION_OF_DUTIES', detail: 'the drafter cannot return their own reply' }
      }
      if (subject.reviewStage === 'officer' && !actor.roles.has('officer')) {
        return { code: 'FORBIDDEN', detail: 'the first review is the officer’s' }
      }
      if (subject.reviewStage === 'leader' && !actor.roles.has('leader')) {
        return { code: 'FORBIDDEN', detail: 'the second review is the leader’s' }
      }
      return null
    case 'extend':
      // 条例 Art. 33: an extension at most once.
      return subject.extended ? invalid('the reply period was already extended once') : null
    case 'request_correction':
      // 条例 Art. 30: 「一次性告知」 — one 补正 notice.
      return subject.correctionRequested ? invalid('a 补正 notice was already given') : null
    case 'decide':
      return subject.openConsultations > 0 ? invalid('a consultation is still open') : null
    case 'consultation_reply':
      return subject.openConsultations === 0 ? invalid('no open consultation') : null
    case 'confirm':
    case 'assign':
    case 'record_correction':
    case 'correction_lapsed':
    case 'consult':
    case 'fee_notice':
    case 'fee_paid':
    case 'fee_waived':
    case 'fee_lapsed':
    case 'send':
    case 'withdraw':
    case 'transfer':
      return null
  }
}

export function allowedRequestActions(subject: RequestSubject, actor: RequestActor): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => requestRefusal(subject, actor, a) === null)
}
