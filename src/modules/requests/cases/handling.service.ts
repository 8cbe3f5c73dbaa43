import type { Trx } from '../../../db/database.js'
import type { Actor } from '../../../shared/actor.js'
import type { WorkCalendar } from '../../../shared/calendar/workdays.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError, ValidationError } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import { informationProcessingFee, type FeeMethod } from '../fees/index.js'
import { isOutcomeKey, outcomeOf } from '../outcomes/index.js'
import { findOrganByCode } from '../../organs/index.js'
import { replyPeriodsFor } from '../../../shared/calendar/statutory-periods.js'
import { stepDateProblem } from './intake.js'
import { announce, isNoticeKind } from './request-notices.js'
import {
  applyChange,
  assertMay,
  currentReply,
  loadForActor,
  subjectOf,
  todayOf,
  type LoadedRequest,
} from './request-context.js'
import { nextRequestStatus, type RequestAction } from './request-transitions.js'
import * as repo from './request.repository.js'
import type { InfoRequestRow, InfoRequestUpdate, RequestLetterRow } from './request.table.js'

/**
 * Handling a request (条例 Art. 30–45): each step checks the refusal table, writes the change with
 * the due date recomputed, a timeline step and the audit entry in one transaction.
 */

export interface StepInput {
  /** The legal date of the step (YYYY-MM-DD): when it happened, not when it was typed in. */
  date?: string
  note?: string
  [field: string]: string | undefined
}

interface Ctx {
  loaded: LoadedRequest
  letters: RequestLetterRow[]
  reply: RequestLetterRow | undefined
  calendar: WorkCalendar
  today: string
  date: string
}

function fieldError(field: string, message: string): ValidationError {
  return new ValidationError({ [field]: [message] }, message)
}

/** Loads, checks the action and the step's date, then runs `change` in a transaction. */
async function step(
  deps: AppDeps,
  actor: Actor,
  id: string,
  action: RequestAction,
  input: StepInput,
  change: (trx: Trx, ctx: Ctx) => Promise<InfoRequestRow | void>,
): Promise<InfoRequestRow> {
  const loaded = await loadForActor(deps, actor, id)
  const [letters, consultations] = await Promise.all([
    repo.listLetters(deps.db.kysely, id),
    repo.listConsultations(deps.db.kysely, id),
  ])
  const reply = currentReply(letters)
  const open = consultations.filter((c) => c.opinion === null).length
  assertMay(loaded, actor, action, subjectOf(loaded.row, reply, open))
  const today = todayOf(deps)
  const date = input.date?.trim() || today
  const problem = stepDateProblem(
    date,
    today,
    loaded.row.received_date ?? loaded.row.submitted_at.slice(0, 10),
  )
  if (problem) {
    throw fieldError('date', problem)
  }
  const calendar = await deps.calendar.get()
  let result: InfoRequestRow = loaded.row
  await deps.db.kysely.transaction().execute(async (trx) => {
    const r = await change(trx, { loaded, letters, reply, calendar, today, date })
    if (r) {
      result = r
    }
  })
  return result
}

async function simple(
  deps: AppDeps,
  actor: Actor,
  ctx: Ctx,
  trx: Trx,
  action: RequestAction,
  patch: InfoRequestUpdate,
  note: string | null,
  audit: Record<string, unknown> = {},
): Promise<InfoRequestRow> {
  const status = nextRequestStatus(action)
  const row = await applyChange(
    trx,
    deps,
    ctx.calendar,
    actor,
    ctx.loaded.row,
    status ? { ...patch, status } : patch,
    {
      kind: action,
      date: ctx.date,
      note,
      audit,
    },
  )
  if (isNoticeKind(action)) {
    await announce(trx, deps, row, action)
  }
  return row
}

/** 条例 Art. 31: staff confirmed receipt with the applicant on `date` — the date of receipt. */
export function confirmReceipt(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'confirm', input, (trx, ctx) =>
    simple(
      deps,
      actor,
      ctx,
      trx,
      'confirm',
      { received_date: ctx.date },
      input.note ?? '已与申请人确认收到申请',
    ),
  )
}

/** Assigns a 承办人 (and department). */
export function assignHandler(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'assign', input, async (trx, ctx) => {
    const handlerId = input.handlerId?.trim() || actor.id
    const department = input.department?.trim() || null
    return simple(deps, actor, ctx, trx, 'assign', { handler_id: handlerId, department }, department, {
      handlerId,
    })
  })
}

/** 条例 Art. 30: one 补正 notice, stating the matters and a reasonable period. */
export function requestCorrection(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'request_correction', input, (trx, ctx) => {
    const matters = input.matters?.trim() ?? ''
    if (matters.length < 2) {
      throw fieldError('matters', '请写明需要补正的事项')
    }
    const deadline = input.deadline?.trim() ?? ''
    if (stepDateProblem(deadline, '9999-12-31', ctx.date)) {
      throw fieldError('deadline', '请填写合理的补正期限（不早于告知之日）')
    }
    return simple(
      deps,
      actor,
      ctx,
      trx,
      'request_correction',
      { correction_requested: ctx.date, correction_matters: matters, correction_deadline: deadline },
      matters,
    )
  })
}

/** The corrected request arrived: the clock restarts from this day (Art. 30). */
export function recordCorrection(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'record_correction', input, (trx, ctx) =>
    simple(deps, actor, ctx, trx, 'record_correction', { correction_received: ctx.date }, input.note ?? null),
  )
}

/** No correction within the period: 视为放弃 (Art. 30), counted in row (六)1. */
export function correctionLapsed(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'correction_lapsed', input, (trx, ctx) => {
    const deadline = ctx.loaded.row.correction_deadline
    if (deadline && ctx.date <= deadline) {
      throw fieldError('date', `补正期限至 ${deadline}，期满后才能登记逾期未补正`)
    }
    return simple(
      deps,
      actor,
      ctx,
      trx,
      'correction_lapsed',
      { correction_lapsed: ctx.date, outcome: 'r6_1', closed_date: ctx.date, decided_at: ctx.date },
      input.note ?? '申请人无正当理由逾期不补正，视为放弃申请',
    )
  })
}

/** A consultation letter to a third party (Art. 32) or a co-producing organ (Art. 34). */
export function startConsultation(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'consult', input, async (trx, ctx) => {
    const kind = input.kind === 'organ' ? 'organ' : 'third_party'
    const party = input.party?.trim() ?? ''
    if (party.length < 2) {
      throw fieldError('party', '请填写被征求意见的第三方或机关名称')
    }
    await repo.insertConsultation(trx, {
      id: newId(),
      request_id: id,
      kind,
      party,
      sent_date: ctx.date,
      replied_date: null,
      opinion: null,
      note: input.note?.trim() || null,
      created_by: actor.id,
    })
    return simple(deps, actor, ctx, trx, 'consult', {}, party, { kind, party })
  })
}

/** The consultee's answer (or silence after 15 working days: opinion 'none'). */
export function recordConsultationReply(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'consultation_reply', input, async (trx, ctx) => {
    const opinion = ['agree', 'object', 'none'].includes(input.opinion ?? '') ? input.opinion! : null
    if (!opinion) {
      throw fieldError('opinion', '请选择意见：同意公开、不同意公开或逾期未提出意见')
    }
    const cid = input.consultationId ?? ''
    const closed = await repo.closeConsultation(trx, cid, id, {
      replied_date: opinion === 'none' ? null : ctx.date,
      opinion,
      note: input.note?.trim() || null,
    })
    if (!closed) {
      throw new DomainError('REQUEST_INVALID_TRANSITION', `consultation ${cid} is not open`)
    }
    return simple(deps, actor, ctx, trx, 'consultation_reply', {}, input.note ?? null, { opinion })
  })
}

/** 条例 Art. 33: one extension, at most the legal maximum, approved by the 公开办负责人. */
export function extendDeadline(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'extend', input, (trx, ctx) => {
    const max = replyPeriodsFor(ctx.loaded.row.received_date ?? ctx.date).extensionWorkingDays
    const days = Number(input.days ?? max)
    if (!Number.isInteger(days) || days < 1 || days > max) {
      throw fieldError('days', `延长的期限为 1–${max} 个工作日`)
    }
    const reason = input.reason?.trim() ?? ''
    if (reason.length < 2) {
      throw fieldError('reason', '请写明延期的理由')
    }
    return simple(
      deps,
      actor,
      ctx,
      trx,
      'extend',
      {
        extension_days: days,
        extension_approved_by: actor.id,
        extension_date: ctx.date,
        extension_reason: reason,
      },
      reason,
      { days },
    )
  })
}

/** A 收费通知 (国办函〔2020〕109号): the fee computed by the pure function, with its explanation. */
export function sendFeeNotice(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'fee_notice', input, (trx, ctx) => {
    const method: FeeMethod = input.method === 'per_page' ? 'per_page' : 'per_request'
    const quantity = Number(input.quantity ?? '')
    const earlier = Number(input.earlier ?? '0')
    if (!Number.isInteger(quantity) || quantity < 1 || !Number.isInteger(earlier) || earlier < 0) {
      throw fieldError('quantity', '请填写正整数（页数，或本月同一申请人的申请件数）')
    }
    const fee = informationProcessingFee(
      method === 'per_page'
        ? { method, pages: quantity }
        : { method, count: quantity, earlierThisMonth: earlier },
    )
    if (fee.amount === 0) {
      throw fieldError('quantity', '按该数量不收费（未超过免费额度）')
    }
    return simple(
      deps,
      actor,
      ctx,
      trx,
      'fee_notice',
      {
        fee_method: method,
        fee_amount: fee.amount,
        fee_explanation: fee.explanation.join('\n'),
        fee_notice_received: ctx.date,
      },
      `¥${fee.amount}`,
      { method, amount: fee.amount },
    )
  })
}

export function recordFeePaid(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'fee_paid', input, (trx, ctx) =>
    simple(deps, actor, ctx, trx, 'fee_paid', { fee_paid: ctx.date }, input.note ?? null),
  )
}

export function waiveFee(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'fee_waived', input, (trx, ctx) =>
    simple(deps, actor, ctx, trx, 'fee_waived', { fee_waived: 1 }, input.note ?? '减免信息处理费'),
  )
}

/** Unpaid within 20 working days of the notice: 不再处理, row (六)2. */
export function feeLapsed(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'fee_lapsed', input, (trx, ctx) =>
    simple(
      deps,
      actor,
      ctx,
      trx,
      'fee_lapsed',
      { fee_lapsed: ctx.date, outcome: 'r6_2', closed_date: ctx.date, decided_at: ctx.date },
      input.note ?? '申请人逾期未缴纳信息处理费，不再处理',
    ),
  )
}

/** The decision (an outcome = a report row) and the reply letter's draft, into the review. */
export function decide(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'decide', input, async (trx, ctx) => {
    const key = input.outcome ?? ''
    if (!isOutcomeKey(key) || outcomeOf(key).terminal) {
      throw fieldError('outcome', '请选择办理结果')
    }
    const reason = input.reason?.trim() ?? ''
    const def = outcomeOf(key)
    if (def.group !== 'disclosed' && reason.length < 2) {
      throw fieldError('reason', '请写明理由（不予公开、部分公开等须说明理由，条例第三十六条、第三十七条）')
    }
    const linked = (input.linkedItems ?? '').split(/[\s,，]+/).filter((s) => /^[0-9a-f-]{36}$/.test(s))
    for (const old of ctx.letters.filter((l) => l.kind === 'reply' && l.status !== 'superseded')) {
      await repo.updateLetter(trx, old.id, old.status, { status: 'superseded' })
    }
    await repo.insertLetter(trx, {
      id: newId(),
      request_id: id,
      kind: 'reply',
      number: null,
      year: Number(ctx.date.slice(0, 4)),
      seq: null,
      document: JSON.stringify({
        outcome: key,
        reason,
        linked,
        responsibleOrgan: input.responsibleOrgan ?? null,
      }),
      status: 'review_officer',
      drafted_by: actor.id,
      officer_reviewer_id: null,
      officer_reviewed_at: null,
      leader_reviewer_id: null,
      leader_reviewed_at: null,
      return_reason: null,
      pii_reason: null,
      sent_date: null,
      delivery_method: null,
      delivery_proof: null,
      created_at: deps.clock.now().toISOString(),
    })
    return simple(
      deps,
      actor,
      ctx,
      trx,
      'decide',
      {
        outcome: key,
        outcome_reason: reason || null,
        linked_items: JSON.stringify(linked),
        responsible_organ: input.responsibleOrgan?.trim() || null,
        decided_at: ctx.date,
        decided_by: actor.id,
      },
      def.short,
      { outcome: key },
    )
  })
}

/** The two-stage review of the reply: the 信息员 first, then the 分管领导, who numbers the letter. */
export function reviewReply(
  deps: AppDeps,
  actor: Actor,
  id: string,
  verdict: 'approve' | 'return',
  input: StepInput,
) {
  return step(
    deps,
    actor,
    id,
    verdict === 'return' ? 'return' : 'approve_officer',
    input,
    async (trx, ctx) => {
      const reply = ctx.reply
      if (!reply) {
        throw new DomainError('REQUEST_INVALID_TRANSITION', 'no reply under review')
      }
      const now = deps.clock.now().toISOString()
      if (verdict === 'return') {
        const reason = input.reason?.trim() ?? ''
        if (reason.length < 2) {
          throw fieldError('reason', '请写明退回的理由')
        }
        await repo.updateLetter(trx, reply.id, reply.status, { status: 'returned', return_reason: reason })
        return simple(deps, actor, ctx, trx, 'return', {}, reason)
      }
      if (reply.status === 'review_officer') {
        await repo.updateLetter(trx, reply.id, reply.status, {
          status: 'review_leader',
          officer_reviewer_id: actor.id,
          officer_reviewed_at: now,
          pii_reason: input.piiReason?.trim() || null,
        })
        return simple(deps, actor, ctx, trx, 'approve_officer', {}, input.note ?? null)
      }
      throw new DomainError('REQUEST_INVALID_TRANSITION', 'the second review is approve_leader')
    },
  )
}

/** The second stage: the 分管领导 approves; the letter takes its number from the organ's sequence. */
export function approveReply(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'approve_leader', input, async (trx, ctx) => {
    const reply = ctx.reply!
    const year = Number(ctx.date.slice(0, 4))
    const seq = await repo.advanceSequence(trx, `letter:${ctx.loaded.row.organ_id}:${year}`)
    const prefix = `${ctx.loaded.organ.shortName ?? ctx.loaded.organ.name}公开`
    const number = `${prefix}〔${year}〕${seq}号`
    const ok = await repo.updateLetter(trx, reply.id, 'review_leader', {
      status: 'approved',
      leader_reviewer_id: actor.id,
      leader_reviewed_at: deps.clock.now().toISOString(),
      number,
      year,
      seq,
    })
    if (!ok) {
      throw new DomainError('CONFLICT', `letter ${reply.id} changed meanwhile`)
    }
    return simple(deps, actor, ctx, trx, 'approve_leader', {}, number, { number })
  })
}

/** The delivery record: how, when, proof. The request is closed on the day the reply was sent. */
export function sendReply(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'send', input, async (trx, ctx) => {
    const reply = ctx.letters.filter((l) => l.kind === 'reply' && l.status === 'approved').at(-1)
    if (!reply) {
      throw new DomainError('REQUEST_INVALID_TRANSITION', 'no approved reply')
    }
    const method = ['post', 'email', 'pickup', 'online'].includes(input.method ?? '')
      ? input.method!
      : 'online'
    await repo.updateLetter(trx, reply.id, 'approved', {
      status: 'sent',
      sent_date: ctx.date,
      delivery_method: method,
      delivery_proof: input.proof?.trim() || null,
    })
    return simple(deps, actor, ctx, trx, 'send', { closed_date: ctx.date }, reply.number, { method })
  })
}

/** The applicant withdrew the request (counted in row (六)3 其他). */
export function recordWithdrawal(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'withdraw', input, (trx, ctx) =>
    simple(
      deps,
      actor,
      ctx,
      trx,
      'withdraw',
      { withdrawn_date: ctx.date, closed_date: ctx.date, outcome: 'r6_3', decided_at: ctx.date },
      input.note ?? '申请人撤回申请',
    ),
  )
}

/**
 * A misdirected request passed to the organ that holds the information, inside this installation
 * (before it is handled; afterwards the reply names the responsible organ, 条例 Art. 36(五)).
 */
export function transferRequest(deps: AppDeps, actor: Actor, id: string, input: StepInput) {
  return step(deps, actor, id, 'transfer', input, async (trx, ctx) => {
    const target = await findOrganByCode(deps.db.kysely, (input.organCode ?? '').trim().toUpperCase())
    if (!target || target.id === ctx.loaded.row.organ_id) {
      throw fieldError('organCode', '请填写接收机关的机构代码（本平台内的其他机关）')
    }
    return simple(deps, actor, ctx, trx, 'transfer', { organ_id: target.id, handler_id: null }, target.name, {
      to: target.id,
    })
  })
}
