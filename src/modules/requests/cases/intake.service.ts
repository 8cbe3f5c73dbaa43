import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import type { Actor } from '../../../shared/actor.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError, ValidationError } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import { isUniqueViolation } from '../../../db/errors.js'
import { fieldErrorsLine } from '../../organs/index.js'
import {
  checkIntake,
  checkStaffChannel,
  INTAKE_FIELD_LABELS,
  type IntakeValues,
  type ValidIntake,
} from './intake.js'
import { announce } from './request-notices.js'
import { addStep, APPLICANT_ACTOR, rolesOn, todayOf } from './request-context.js'
import { dueDateOf } from './request-clock.js'
import { RECEIPT_RULE, type Channel } from './request.js'
import * as repo from './request.repository.js'
import type { InfoRequestRow } from './request.table.js'

/**
 * Intake (条例 Art. 29, 31): the public web form (no account) and staff recording a request that
 * came by letter, fax, e-mail, phone or in person. The request, its first timeline step and its
 * audit entry commit together; only then is an acknowledgement (tracking number and secret) shown,
 * so nothing acknowledged is ever lost.
 */

/** Crockford base32 without I, L, O, U: easy to read out on the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function randomCode(length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) {
    s += ALPHABET[randomInt(ALPHABET.length)]
  }
  return s
}

/** e.g. 2026-4KQ7M2XD: the year and eight random characters. */
export function newTrackingNumber(year: string): string {
  return `${year}-${randomCode(8)}`
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(`gongkai-request-secret:${secret.trim().toUpperCase()}`).digest('hex')
}

export interface Acknowledgement {
  request: InfoRequestRow
  /** The secret (查询密码), shown once; null when the request was recorded before (double submit). */
  secret: string
  duplicate: boolean
}

function invalid(fields: Record<string, string[]>): ValidationError {
  return new ValidationError(fields, fieldErrorsLine(fields, INTAKE_FIELD_LABELS))
}

function personalColumns(deps: AppDeps, intake: ValidIntake) {
  const enc = (v: string | null) => (v ? deps.personalData.encrypt(v) : null)
  const keySource = intake.creditCode ?? intake.idNumber
  return {
    applicant_type: intake.applicantType,
    applicant_name: intake.name,
    contact_person: intake.contactPerson,
    id_type: intake.idType,
    id_number_enc: enc(intake.idNumber),
    applicant_key: keySource ? deps.personalData.blindIndex(keySource) : null,
    credit_code: intake.creditCode,
    phone_enc: enc(intake.phone),
    email_enc: enc(intake.email),
    address_enc: enc(intake.address),
    postcode: intake.postcode,
    description: intake.description,
    doc_number: intake.docNumber,
    provision_form: intake.provisionForm,
    delivery_method: intake.deliveryMethod,
  }
}

/** A possible repeat (条例 Art. 36(六)): the same applicant asked this organ for the same text before. */
async function findRepeat(deps: AppDeps, organId: string, applicantKey: string | null, description: string) {
  if (!applicantKey) {
    return null
  }
  const norm = (s: string) => s.replace(/[\s，。、,.;；:：!！?？"“”'‘’（）()]/g, '')
  const mine = norm(description)
  const earlier = await repo.listApplicantRequests(deps.db.kysely, organId, [applicantKey], null, 50)
  return earlier.find((e) => e.outcome !== null && norm(e.description) === mine)?.id ?? null
}

function baseRow(deps: AppDeps, organId: string, channel: Channel, secret: string) {
  const now = deps.clock.now().toISOString()
  return {
    id: newId(),
    organ_id: organId,
    tracking_number: newTrackingNumber(todayOf(deps).slice(0, 4)),
    secret_hash: secretHash(secret),
    channel,
    submitted_at: now,
    created_at: now,
    updated_at: now,
    linked_items: '[]',
    fee_waived: 0,
    version: 1,
  }
}

/**
 * The secret of a web submission: derived from the form's idempotency key under the installation's
 * key, so a double-clicked submit shows the same secret again; random without a key.
 */
function secretFor(deps: AppDeps, idempotencyKey: string | null): string {
  if (!idempotencyKey) {
    return randomCode(10)
  }
  const h = deps.personalData.blindIndex(`request-secret:${idempotencyKey}`)
  let s = ''
  for (let i = 0; i < 10; i++) {
    s += ALPHABET[parseInt(h.slice(i * 2, i * 2 + 2), 16) % ALPHABET.length]
  }
  return s
}

/** Idempotency keys come from the form (a random token); anything else is ignored. */
export function cleanIdempotencyKey(raw: string | undefined): string | null {
  return raw && /^[A-Za-z0-9_-]{16,64}$/.test(raw) ? raw : null
}

/**
 * A request submitted on the public web form: it waits in 「待确认」 until staff confirm with the
 * applicant (Art. 31(三)); the date of receipt is that day.
 * @throws ValidationError, ORGAN_NOT_FOUND
 */
export async function submitWebRequest(
  deps: AppDeps,
  input: { organId: string; values: IntakeValues; idempotencyKey?: string | undefined },
): Promise<Acknowledgement> {
  const checked = checkIntake(input.values, todayOf(deps))
  if (!checked.ok) {
    throw invalid(checked.fields)
  }
  const key = cleanIdempotencyKey(input.idempotencyKey)
  if (key) {
    const earlier = await repo.findRequestByIdempotencyKey(deps.db.kysely, key)
    if (earlier) {
      return { request: earlier, secret: secretFor(deps, key), duplicate: true }
    }
  }
  const organ = await rolesOn(deps.db.kysely, APPLICANT_ACTOR, input.organId)
  if (!organ) {
    throw new DomainError('ORGAN_NOT_FOUND', `organ ${input.organId}`)
  }
  const intake = checked.intake
  const secret = secretFor(deps, key)
  const personal = personalColumns(deps, intake)
  const repeatOf = await findRepeat(deps, input.organId, personal.applicant_key, intake.description)
  const row: InfoRequestRow = {
    ...emptyHandling(),
    ...baseRow(deps, input.organId, 'web', secret),
    ...personal,
    status: 'to_confirm',
    received_date: null,
    repeat_of: repeatOf,
    idempotency_key: key,
  }
  try {
    await deps.db.kysely.transaction().execute(async (trx) => {
      await repo.insertRequest(trx, row)
      await addStep(trx, deps, APPLICANT_ACTOR, row, {
        kind: 'submitted',
        date: todayOf(deps),
        note: '网上提交，待工作人员与申请人确认',
        audit: { channel: 'web' },
      })
      await announce(trx, deps, row, 'submitted')
    })
  } catch (err) {
    // Two submits of one form raced: the other one committed; answer as it did.
    if (key && isUniqueViolation(err)) {
      const earlier = await repo.findRequestByIdempotencyKey(deps.db.kysely, key)
      if (earlier) {
        return { request: earlier, secret, duplicate: true }
      }
    }
    throw err
  }
  return { request: row, secret, duplicate: false }
}

/**
 * A request staff record from a letter, fax, e-mail, phone call (an oral request written down,
 * Art. 29) or a visit. In person and by phone the date of receipt is the day of submission; a
 * signed-for letter, the day signed (Art. 31(二)); others wait for confirmation.
 * @throws ValidationError, FORBIDDEN, ORGAN_NOT_FOUND
 */
export async function recordStaffRequest(
  deps: AppDeps,
  actor: Actor,
  input: { organId: string; values: IntakeValues },
): Promise<Acknowledgement> {
  const today = todayOf(deps)
  const checked = checkIntake(input.values, today)
  const channel = checkStaffChannel(input.values, today)
  if (!checked.ok || !channel.ok) {
    throw invalid({ ...(checked.ok ? {} : checked.fields), ...(channel.ok ? {} : channel.fields) })
  }
  const on = await rolesOn(deps.db.kysely, actor, input.organId)
  if (!on) {
    throw new DomainError('ORGAN_NOT_FOUND', `organ ${input.organId}`)
  }
  if (!['officer', 'handler', 'office_head'].some((r) => on.roles.has(r as never))) {
    throw new DomainError('FORBIDDEN', `${actor.name} may not record requests for ${input.organId}`)
  }
  const secret = randomCode(10)
  const personal = personalColumns(deps, checked.intake)
  const rule = RECEIPT_RULE[channel.channel]
  const received = rule === 'confirmation' ? null : channel.date
  const row: InfoRequestRow = {
    ...emptyHandling(),
    ...baseRow(deps, input.organId, channel.channel, secret),
    ...personal,
    status: received ? 'registered' : 'to_confirm',
    received_date: received,
    repeat_of: await findRepeat(deps, input.organId, personal.applicant_key, checked.intake.description),
    idempotency_key: null,
  }
  const calendar = await deps.calendar.get()
  row.due_date = received ? dueDateOf(calendar, row, []) : null
  await deps.db.kysely.transaction().execute(async (trx) => {
    await repo.insertRequest(trx, row)
    await addStep(trx, deps, actor, row, {
      kind: 'recorded',
      date: channel.date,
      note: received ? `收到申请之日：${received}` : '待与申请人确认',
      audit: { channel: channel.channel, received },
    })
  })
  return { request: row, secret, duplicate: false }
}

/** The handling columns of a new request, all empty. */
function emptyHandling() {
  return {
    department: null,
    handler_id: null,
    correction_requested: null,
    correction_matters: null,
    correction_deadline: null,
    correction_received: null,
    correction_lapsed: null,
    extension_days: null,
    extension_approved_by: null,
    extension_date: null,
    extension_reason: null,
    fee_method: null,
    fee_amount: null,
    fee_explanation: null,
    fee_notice_received: null,
    fee_paid: null,
    fee_lapsed: null,
    outcome: null,
    outcome_reason: null,
    responsible_organ: null,
    decided_at: null,
    decided_by: null,
    closed_date: null,
    due_date: null,
    withdrawn_date: null,
  }
}

/** The applicant's view: the request for a tracking number and its secret, or REQUEST_SECRET_INVALID. */
export async function findForApplicant(
  deps: AppDeps,
  trackingNumber: string,
  secret: string,
): Promise<InfoRequestRow> {
  const row = await repo.findRequestByTracking(deps.db.kysely, trackingNumber.trim().toUpperCase())
  // Compare hashes in constant time against a dummy when the number is unknown.
  const expected = row?.secret_hash ?? secretHash(randomBytes(8).toString('hex'))
  const given = secretHash(secret)
  if (!row || !timingSafeEqual(Buffer.from(expected), Buffer.from(given))) {
    throw new DomainError('REQUEST_SECRET_INVALID', `tracking ${trackingNumber}`)
  }
  return row
}
