import type { Kdb, Trx } from '../../../db/database.js'
import type { Actor } from '../../../shared/actor.js'
import type { WorkCalendar } from '../../../shared/calendar/workdays.js'
import { chinaDateOf } from '../../../shared/china-time.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import { grantCovers } from '../../access/index.js'
import { actorFields, recordAudit } from '../../audit/index.js'
import { organWithAncestors, type Organ } from '../../organs/index.js'
import type { Role } from '../../users/user.table.js'
import { dueDateOf } from './request-clock.js'
import {
  requestRefusal,
  REQUEST_VIEWING_ROLES,
  type RequestAction,
  type RequestSubject,
} from './request-transitions.js'
import type { RequestStatus } from './request.js'
import * as repo from './request.repository.js'
import type { InfoRequestRow, InfoRequestUpdate, RequestLetterRow } from './request.table.js'

/** Shared steps of the request use cases (internal to requests/cases). */

/** The public applicant as an actor in the audit trail and the timeline. */
export const APPLICANT_ACTOR: Actor = { id: null, name: 'applicant', grants: [] }

export function todayOf(deps: AppDeps): string {
  return chinaDateOf(deps.clock.now())
}

/** The roles `actor` holds on `organId` (every role for the operator at the command line). */
export async function rolesOn(
  db: Kdb,
  actor: Actor,
  organId: string,
): Promise<{ organ: Organ; roles: Set<Role> } | null> {
  const o = await organWithAncestors(db, organId)
  if (!o) {
    return null
  }
  if (actor.grants === 'all') {
    return { organ: o.organ, roles: new Set<Role>(['officer', 'handler', 'leader', 'office_head', 'admin']) }
  }
  const roles = actor.grants.filter((g) => grantCovers(g, organId, o.ancestorIds)).map((g) => g.role)
  return { organ: o.organ, roles: new Set(roles) }
}

export interface LoadedRequest {
  row: InfoRequestRow
  organ: Organ
  roles: Set<Role>
}

/** A request the actor may see, or NOT_FOUND (never tells a stranger that it exists). */
export async function loadForActor(deps: AppDeps, actor: Actor, id: string): Promise<LoadedRequest> {
  const row = await repo.findRequest(deps.db.kysely, id)
  const on = row ? await rolesOn(deps.db.kysely, actor, row.organ_id) : null
  if (!row || !on || !REQUEST_VIEWING_ROLES.some((r) => on.roles.has(r))) {
    throw new DomainError('REQUEST_NOT_FOUND', `request ${id} not visible to ${actor.name}`)
  }
  return { row, organ: on.organ, roles: on.roles }
}

export function subjectOf(
  row: InfoRequestRow,
  reply: RequestLetterRow | undefined,
  openConsultations: number,
): RequestSubject {
  return {
    status: row.status as RequestStatus,
    decidedBy: row.decided_by,
    reviewStage:
      reply?.status === 'review_officer' ? 'officer' : reply?.status === 'review_leader' ? 'leader' : null,
    officerReviewerId: reply?.officer_reviewer_id ?? null,
    extended: row.extension_days !== null,
    correctionRequested: row.correction_requested !== null,
    openConsultations,
  }
}

/** The reply letter currently in play (the latest reply not superseded). */
export function currentReply(letters: readonly RequestLetterRow[]): RequestLetterRow | undefined {
  return letters.filter((l) => l.kind === 'reply' && l.status !== 'superseded').at(-1)
}

/** Throws the refusal of `action`, if any. */
export function assertMay(
  loaded: LoadedRequest,
  actor: Actor,
  action: RequestAction,
  subject: RequestSubject,
): void {
  const refusal = requestRefusal(subject, { userId: actor.id ?? 'cli', roles: loaded.roles }, action)
  if (refusal) {
    throw new DomainError(refusal.code, refusal.detail)
  }
}

/** Writes a change with its due date recomputed, a timeline step and the audit entry, in `trx`. */
export async function applyChange(
  trx: Trx,
  deps: AppDeps,
  calendar: WorkCalendar,
  actor: Actor,
  row: InfoRequestRow,
  patch: InfoRequestUpdate,
  step: { kind: string; date: string; note?: string | null; audit?: Record<string, unknown> },
): Promise<InfoRequestRow> {
  const now = deps.clock.now().toISOString()
  const next = { ...row, ...patch, updated_at: now }
  const consultations = await repo.listConsultations(trx, row.id)
  const due = dueDateOf(calendar, next, consultations)
  const open = ['registered', 'handling', 'review', 'approved'].includes(next.status)
  next.due_date = open ? due : null
  if (
    !(await repo.updateRequest(trx, row.id, row.version, {
      ...patch,
      due_date: next.due_date,
      updated_at: now,
    }))
  ) {
    throw new DomainError('CONFLICT', `request ${row.id} changed meanwhile`)
  }
  next.version = row.version + 1
  await addStep(trx, deps, actor, row, step)
  return next
}

export async function addStep(
  trx: Trx,
  deps: AppDeps,
  actor: Actor,
  row: Pick<InfoRequestRow, 'id' | 'organ_id' | 'tracking_number'>,
  step: { kind: string; date: string; note?: string | null; audit?: Record<string, unknown> },
): Promise<void> {
  await repo.insertEvent(trx, {
    id: newId(),
    request_id: row.id,
    at: deps.clock.now().toISOString(),
    date: step.date,
    kind: step.kind,
    actor_id: actor.id,
    actor_name: actor.name,
    note: step.note ?? null,
  })
  await recordAudit(trx, deps.clock, {
    ...actorFields(actor),
    organId: row.organ_id,
    action: `request.${step.kind}`,
    targetType: 'info_request',
    targetId: row.id,
    summary: { tracking: row.tracking_number, date: step.date, ...(step.audit ?? {}) },
  })
}
