import type { Actor } from '../../../shared/actor.js'
import type { AppDeps } from '../../../shared/deps.js'
import { recordAudit, actorFields } from '../../audit/index.js'
import { getOrganById, organsWithRoleIn, reachOfGrants } from '../../organs/index.js'
import { maskAddress, maskEmail, maskIdNumber, maskPhone } from '../../privacy/index.js'
import { requestClock, type RequestClock } from './request-clock.js'
import { currentReply, loadForActor, subjectOf, todayOf } from './request-context.js'
import { allowedRequestActions, REQUEST_VIEWING_ROLES, type RequestAction } from './request-transitions.js'
import { OPEN_STATUSES } from './request.js'
import * as repo from './request.repository.js'
import type {
  InfoRequestRow,
  RequestConsultationRow,
  RequestEventRow,
  RequestLetterRow,
} from './request.table.js'

/** Reads of requests for staff: the queues with their counts, one request in full, the applicant's view. */

export const QUEUES = [
  'to_confirm',
  'new',
  'correction',
  'consultation',
  'due_soon',
  'overdue',
  'review',
  'approved',
  'fee',
  'sent',
  'all',
] as const
export type QueueName = (typeof QUEUES)[number]

export const QUEUE_LABELS: Record<QueueName, string> = {
  to_confirm: '待确认收到',
  new: '新登记',
  correction: '待补正',
  consultation: '征求意见中',
  due_soon: '5个工作日内到期',
  overdue: '已超期',
  review: '待审核',
  approved: '待送达',
  fee: '待缴费',
  sent: '已办结',
  all: '全部',
}

/** Working days ahead that make a request 「即将到期」. */
export const DUE_SOON_WORKING_DAYS = 5
/** Counts stop here: a queue shows 「500+」. */
export const QUEUE_COUNT_CAP = 500
const RUNNING = ['registered', 'handling', 'review', 'approved']

function queueFilter(queue: QueueName, today: string, soon: string): repo.QueueFilter {
  switch (queue) {
    case 'to_confirm':
      return { kind: 'status', statuses: ['to_confirm'] }
    case 'new':
      return { kind: 'status', statuses: ['registered'] }
    case 'correction':
      return { kind: 'status', statuses: ['correction'] }
    case 'consultation':
      return { kind: 'consultation' }
    case 'due_soon':
      return { kind: 'due_between', from: today, to: soon, statuses: RUNNING }
    case 'overdue':
      return { kind: 'overdue', today, statuses: RUNNING }
    case 'review':
      return { kind: 'status', statuses: ['review'] }
    case 'approved':
      return { kind: 'status', statuses: ['approved'] }
    case 'fee':
      return { kind: 'status', statuses: ['fee'] }
    case 'sent':
      return { kind: 'status', statuses: ['closed', 'withdrawn'] }
    case 'all':
      return { kind: 'all' }
  }
}

async function reachOf(deps: AppDeps, actor: Actor): Promise<repo.RequestReach> {
  if (actor.grants === 'all') {
    return { paths: [], ids: [], everything: true }
  }
  const grants = actor.grants.filter((g) => REQUEST_VIEWING_ROLES.includes(g.role))
  const { everything } = await organsWithRoleIn(deps.db.kysely, grants, REQUEST_VIEWING_ROLES)
  const reach = await reachOfGrants(deps.db.kysely, grants)
  return { ...reach, everything }
}

export interface QueuePage {
  queue: QueueName
  counts: Record<QueueName, number>
  rows: repo.RequestListRow[]
  page: number
  pageSize: number
  today: string
}

/** One queue's page and every queue's count (capped), for what the actor may see. */
export async function requestQueues(
  deps: AppDeps,
  actor: Actor,
  opts: { queue: QueueName; page: number; pageSize?: number; mine?: boolean },
): Promise<QueuePage> {
  const reach = await reachOf(deps, actor)
  const today = todayOf(deps)
  const calendar = await deps.calendar.get()
  // An estimate past an uncovered year is good enough for 「即将到期」; due dates themselves are strict.
  const soon = calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS).date
  const pageSize = opts.pageSize ?? 20
  const handlerId = opts.mine ? actor.id : null
  const base = { reach, handlerId }
  const counts = Object.fromEntries(
    await Promise.all(
      QUEUES.map(async (q) => [
        q,
        await repo.countRequests(
          deps.db.kysely,
          { ...base, queue: queueFilter(q, today, soon) },
          QUEUE_COUNT_CAP,
        ),
      ]),
    ),
  ) as Record<QueueName, number>
  const rows = await repo.listRequests(deps.db.kysely, {
    ...base,
    queue: queueFilter(opts.queue, today, soon),
    limit: pageSize,
    offset: (Math.max(1, opts.page) - 1) * pageSize,
  })
  return { queue: opts.queue, counts, rows, page: opts.page, pageSize, today }
}

/** The applicant's personal data, masked (lists, most staff) or in full (the 承办人, audited). */
export interface ApplicantView {
  idNumber: string | null
  phone: string | null
  email: string | null
  address: string | null
  masked: boolean
}

export interface RequestDetail {
  row: InfoRequestRow
  organName: string
  clock: RequestClock
  events: RequestEventRow[]
  consultations: RequestConsultationRow[]
  letters: RequestLetterRow[]
  reply: RequestLetterRow | undefined
  actions: RequestAction[]
  applicant: ApplicantView
  /** Earlier requests of the same applicant to this organ (repeated-request check). */
  earlier: Awaited<ReturnType<typeof repo.listApplicantRequests>>
}

/**
 * One request for staff. Personal data is shown in full only to the handling staff (the assigned
 * 承办人, or an officer / office head of the organ) when they ask (`reveal`), and each such
 * viewing is audited; everybody else sees it masked.
 */
export async function requestDetail(
  deps: AppDeps,
  actor: Actor,
  id: string,
  opts: { reveal?: boolean } = {},
): Promise<RequestDetail> {
  const loaded = await loadForActor(deps, actor, id)
  const row = loaded.row
  const db = deps.db.kysely
  const [events, consultations, letters, calendar] = await Promise.all([
    repo.listEvents(db, id),
    repo.listConsultations(db, id),
    repo.listLetters(db, id),
    deps.calendar.get(),
  ])
  const reply = currentReply(letters)
  const open = consultations.filter((c) => c.opinion === null).length
  const actions = allowedRequestActions(subjectOf(row, reply, open), {
    userId: actor.id ?? 'cli',
    roles: loaded.roles,
  })
  const mayReveal =
    row.handler_id === actor.id || loaded.roles.has('officer') || loaded.roles.has('office_head')
  const reveal = Boolean(opts.reveal) && mayReveal
  const dec = (v: string | null) => (v ? deps.personalData.decrypt(v) : null)
  const full = {
    idNumber: dec(row.id_number_enc),
    phone: dec(row.phone_enc),
    email: dec(row.email_enc),
    address: dec(row.address_enc),
  }
  if (reveal) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, deps.clock, {
        ...actorFields(actor),
        organId: row.organ_id,
        action: 'request.personal_data_viewed',
        targetType: 'info_request',
        targetId: row.id,
        summary: { tracking: row.tracking_number },
      }),
    )
  }
  const applicant: ApplicantView = reveal
    ? { ...full, masked: false }
    : {
        idNumber: full.idNumber ? maskIdNumber(full.idNumber) : null,
        phone: full.phone ? maskPhone(full.phone) : null,
        email: full.email ? maskEmail(full.email) : null,
        address: full.address ? maskAddress(full.address) : null,
        masked: true,
      }
  const earlier = row.applicant_key
    ? await repo.listApplicantRequests(db, row.organ_id, [row.applicant_key], row.id, 10)
    : []
  return {
    row,
    organName: loaded.organ.name,
    clock: requestClock(calendar, row, consultations, { asOf: todayOf(deps) }),
    events,
    consultations,
    letters,
    reply,
    actions,
    applicant,
    earlier,
  }
}

/** What the applicant sees with the tracking number and secret: status, dates explained, sent letters. */
export interface ApplicantStatus {
  row: InfoRequestRow
  organName: string
  clock: RequestClock
  events: RequestEventRow[]
  sentLetters: RequestLetterRow[]
}

export async function applicantStatus(deps: AppDeps, row: InfoRequestRow): Promise<ApplicantStatus> {
  const db = deps.db.kysely
  const [events, consultations, letters, calendar, organ] = await Promise.all([
    repo.listEvents(db, row.id),
    repo.listConsultations(db, row.id),
    repo.listLetters(db, row.id),
    deps.calendar.get(),
    getOrganById(db, row.organ_id).then((o) => o.name),
  ])
  return {
    row,
    organName: organ,
    clock: requestClock(calendar, row, consultations, { asOf: todayOf(deps) }),
    events,
    sentLetters: letters.filter((l) => l.status === 'sent'),
  }
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status)
}
