import { sql, type ExpressionBuilder } from 'kysely'
import type { Database, Kdb, Trx } from '../../../db/database.js'
import type {
  InfoRequestRow,
  InfoRequestUpdate,
  NewInfoRequestRow,
  RequestConsultationRow,
  RequestEventRow,
  RequestLetterRow,
} from './request.table.js'

/** All SQL of requests/cases. */

export async function insertRequest(trx: Trx, row: NewInfoRequestRow): Promise<void> {
  await trx.insertInto('info_request').values(row).execute()
}

export function findRequest(db: Kdb, id: string): Promise<InfoRequestRow | undefined> {
  return db.selectFrom('info_request').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findRequestByTracking(db: Kdb, trackingNumber: string): Promise<InfoRequestRow | undefined> {
  return db
    .selectFrom('info_request')
    .selectAll()
    .where('tracking_number', '=', trackingNumber)
    .executeTakeFirst()
}

export function findRequestByIdempotencyKey(db: Kdb, key: string): Promise<InfoRequestRow | undefined> {
  return db.selectFrom('info_request').selectAll().where('idempotency_key', '=', key).executeTakeFirst()
}

/** Optimistic update: true when the row still had `version` (and now has version + 1). */
export async function updateRequest(
  trx: Trx,
  id: string,
  version: number,
  patch: InfoRequestUpdate,
): Promise<boolean> {
  const res = await trx
    .updateTable('info_request')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function insertEvent(trx: Trx, row: RequestEventRow): Promise<void> {
  await trx.insertInto('request_event').values(row).execute()
}

export function listEvents(db: Kdb, requestId: string): Promise<RequestEventRow[]> {
  return db
    .selectFrom('request_event')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

export async function insertConsultation(trx: Trx, row: RequestConsultationRow): Promise<void> {
  await trx.insertInto('request_consultation').values(row).execute()
}

export function listConsultations(db: Kdb, requestId: string): Promise<RequestConsultationRow[]> {
  return db
    .selectFrom('request_consultation')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('sent_date')
    .orderBy('id')
    .execute()
}

export async function closeConsultation(
  trx: Trx,
  id: string,
  requestId: string,
  patch: Pick<RequestConsultationRow, 'replied_date' | 'opinion' | 'note'>,
): Promise<boolean> {
  const res = await trx
    .updateTable('request_consultation')
    .set(patch)
    .where('id', '=', id)
    .where('request_id', '=', requestId)
    .where('opinion', 'is', null)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function insertLetter(trx: Trx, row: RequestLetterRow): Promise<void> {
  await trx.insertInto('request_letter').values(row).execute()
}

export function listLetters(db: Kdb, requestId: string): Promise<RequestLetterRow[]> {
  return db
    .selectFrom('request_letter')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function updateLetter(
  trx: Trx,
  id: string,
  fromStatus: string,
  patch: Partial<Omit<RequestLetterRow, 'id' | 'request_id'>>,
): Promise<boolean> {
  const res = await trx
    .updateTable('request_letter')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** The next number of a named sequence (letters: one per organ and year), in the caller's transaction. */
export async function advanceSequence(trx: Trx, name: string): Promise<number> {
  const row = await trx
    .insertInto('counter')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counter.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(row.value)
}

/** Earlier requests of the same applicant to the same organ (repeated-request detection, 条例 Art. 36(六)). */
export function listApplicantRequests(
  db: Kdb,
  organId: string,
  applicantKeys: readonly string[],
  exceptId: string | null,
  limit: number,
): Promise<
  Pick<
    InfoRequestRow,
    'id' | 'tracking_number' | 'description' | 'status' | 'outcome' | 'received_date' | 'closed_date'
  >[]
> {
  if (applicantKeys.length === 0) {
    return Promise.resolve([])
  }
  let q = db
    .selectFrom('info_request')
    .select(['id', 'tracking_number', 'description', 'status', 'outcome', 'received_date', 'closed_date'])
    .where('organ_id', '=', organId)
    .where('applicant_key', 'in', applicantKeys)
  if (exceptId) {
    q = q.where('id', '<>', exceptId)
  }
  return q.orderBy('submitted_at', 'desc').limit(limit).execute()
}

// ─── queues ──────────────────────────────────────────────────────────────────────────────────

/** Where the staff member may look: subtree paths and single organs (organs/ OrganReach). */
export interface RequestReach {
  paths: readonly string[]
  ids: readonly string[]
  everything: boolean
}

export type QueueFilter =
  | { kind: 'status'; statuses: readonly string[] }
  | { kind: 'consultation' }
  | { kind: 'due_between'; from: string; to: string; statuses: readonly string[] }
  | { kind: 'overdue'; today: string; statuses: readonly string[] }
  | { kind: 'all' }

export interface RequestListQuery {
  reach: RequestReach
  queue: QueueFilter
  /** Only the requests of this 承办人. */
  handlerId?: string | null
  /** Received in this year. */
  year?: number | null
  limit: number
  offset: number
}

type Eb = ExpressionBuilder<Database, 'info_request'>

function reachWhere(eb: Eb, reach: RequestReach) {
  const ors = []
  if (reach.ids.length > 0) {
    ors.push(eb('info_request.organ_id', 'in', reach.ids))
  }
  for (const p of reach.paths) {
    ors.push(
      eb(
        'info_request.organ_id',
        'in',
        eb.selectFrom('organ').select('organ.id').where('organ.path', 'like', `${p}%`),
      ),
    )
  }
  return ors.length > 0 ? eb.or(ors) : sql<boolean>`1 = 0`
}

function queueWhere(eb: Eb, queue: QueueFilter) {
  switch (queue.kind) {
    case 'all':
      return sql<boolean>`1 = 1`
    case 'status':
      return eb('info_request.status', 'in', queue.statuses)
    case 'consultation':
      return eb.exists(
        eb
          .selectFrom('request_consultation')
          .select('request_consultation.id')
          .whereRef('request_consultation.request_id', '=', 'info_request.id')
          .where('request_consultation.opinion', 'is', null),
      )
    case 'due_between':
      return eb.and([
        eb('info_request.status', 'in', queue.statuses),
        eb('info_request.due_date', '>=', queue.from),
        eb('info_request.due_date', '<=', queue.to),
      ])
    case 'overdue':
      return eb.and([
        eb('info_request.status', 'in', queue.statuses),
        eb('info_request.due_date', '<', queue.today),
      ])
  }
}

function listBase(db: Kdb, q: Omit<RequestListQuery, 'limit' | 'offset'>) {
  let sel = db.selectFrom('info_request').where((eb) => queueWhere(eb, q.queue))
  if (!q.reach.everything) {
    sel = sel.where((eb) => reachWhere(eb, q.reach))
  }
  if (q.handlerId) {
    sel = sel.where('info_request.handler_id', '=', q.handlerId)
  }
  if (q.year) {
    sel = sel
      .where('info_request.received_date', '>=', `${q.year}-01-01`)
      .where('info_request.received_date', '<=', `${q.year}-12-31`)
  }
  return sel
}

export type RequestListRow = Pick<
  InfoRequestRow,
  | 'id'
  | 'organ_id'
  | 'tracking_number'
  | 'channel'
  | 'status'
  | 'submitted_at'
  | 'received_date'
  | 'applicant_type'
  | 'applicant_name'
  | 'description'
  | 'due_date'
  | 'outcome'
  | 'closed_date'
  | 'handler_id'
> & { organ_name: string }

export function listRequests(db: Kdb, q: RequestListQuery): Promise<RequestListRow[]> {
  return listBase(db, q)
    .innerJoin('organ', 'organ.id', 'info_request.organ_id')
    .select([
      'info_request.id',
      'info_request.organ_id',
      'info_request.tracking_number',
      'info_request.channel',
      'info_request.status',
      'info_request.submitted_at',
      'info_request.received_date',
      'info_request.applicant_type',
      'info_request.applicant_name',
      // Lists show the start of the description only.
      sql<string>`substr(info_request.description, 1, 80)`.as('description'),
      'info_request.due_date',
      'info_request.outcome',
      'info_request.closed_date',
      'info_request.handler_id',
      'organ.name as organ_name',
    ])
    .orderBy(sql`coalesce(info_request.due_date, '9999-12-31')`)
    .orderBy('info_request.submitted_at', 'desc')
    .orderBy('info_request.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute()
}

/** Counts up to `cap` (a queue shows 「500+」 rather than counting 100,000 rows on every page). */
export async function countRequests(
  db: Kdb,
  q: Omit<RequestListQuery, 'limit' | 'offset'>,
  cap: number,
): Promise<number> {
  const inner = listBase(db, q)
    .select('info_request.id')
    .limit(cap + 1)
  const row = await db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
