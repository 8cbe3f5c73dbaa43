import type { Kdb, Trx } from '../../db/database.js'
import type { Actor } from '../../shared/actor.js'
import type { Clock } from '../../shared/clock.js'
import type { AppDeps } from '../../shared/deps.js'
import { DomainError } from '../../shared/errors.js'
import { newId } from '../../shared/ids.js'
import { actorFields, recordAudit } from '../audit/index.js'
import { isGlobalAdmin } from '../organs/index.js'
import { checkOutboxMessage, maskRecipient, normaliseRecipient, type OutboxMessageInput } from './outbox.js'
import * as repo from './outbox.repository.js'
import {
  OUTBOX_CHANNELS,
  OUTBOX_STATUSES,
  type OutboxChannel,
  type OutboxMessageRow,
  type OutboxStatus,
} from './outbox.table.js'
import { channelsConfigured } from './transports.js'

/**
 * Puts a notification in the outbox **inside the caller's transaction**: it is sent only if that
 * transaction commits, together with the change it announces, and never if it rolls back. Any
 * module's service calls it with its `trx` (e.g. the requests module when a reply is sent).
 * @returns the message id
 * @throws OUTBOX_MESSAGE_INVALID (a bad address, a missing e-mail subject, an empty body)
 */
export async function enqueueMessage(trx: Trx, clock: Clock, msg: OutboxMessageInput): Promise<string> {
  const problems = checkOutboxMessage(msg)
  if (problems.length > 0) {
    throw new DomainError('OUTBOX_MESSAGE_INVALID', `outbox message refused: ${problems.join('; ')}`)
  }
  const now = clock.now()
  const id = newId()
  await repo.insertOutboxMessage(trx, {
    id,
    channel: msg.channel,
    recipient: normaliseRecipient(msg.channel, msg.recipient),
    subject: msg.channel === 'email' ? (msg.subject?.trim() ?? null) : null,
    body: msg.body,
    html: msg.channel === 'email' ? (msg.html ?? null) : null,
    topic: msg.topic ?? null,
    status: 'pending',
    attempts: 0,
    next_attempt_at: (msg.notBefore && msg.notBefore > now ? msg.notBefore : now).toISOString(),
    lease_until: null,
    locked_by: null,
    last_error: null,
    created_at: now.toISOString(),
    sent_at: null,
    provider_message_id: null,
  })
  return id
}

/** A message as the console lists it: the recipient masked (personal data). */
export interface OutboxProblemView {
  id: string
  channel: OutboxChannel
  recipient: string
  subject: string | null
  topic: string | null
  status: OutboxStatus
  attempts: number
  lastError: string | null
  createdAt: string
  nextAttemptAt: string
}

export interface OutboxChannelView {
  channel: OutboxChannel
  /** Is a transport configured (SMTP_URL + MAIL_FROM, SMS_URL)? Without one, messages wait. */
  configured: boolean
  counts: Record<OutboxStatus, number>
}

export interface OutboxOverview {
  totals: Record<OutboxStatus, number>
  channels: OutboxChannelView[]
  /** Creation time of the oldest message not yet sent (ISO), or null. */
  oldestWaitingAt: string | null
  /** The latest dead and failed messages (global administrators only; else empty). */
  problems: OutboxProblemView[]
  /** May the viewer see messages and retry dead ones (a global administrator)? */
  canManage: boolean
}

function zeroCounts(): Record<OutboxStatus, number> {
  return Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>
}

function problemView(row: OutboxMessageRow): OutboxProblemView {
  return {
    id: row.id,
    channel: row.channel,
    recipient: maskRecipient(row.channel, row.recipient),
    subject: row.subject,
    topic: row.topic,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
  }
}

/** How many messages to list on the console page. */
export const OUTBOX_PROBLEMS_LISTED = 50

/**
 * The console page's data: counts by status and channel, whether each channel has a transport,
 * the oldest waiting message, and (for a global administrator) the latest dead and failed ones.
 */
export async function outboxOverview(deps: AppDeps, actor: Actor): Promise<OutboxOverview> {
  const db = deps.db.kysely
  const [counts, oldest, canManage] = await Promise.all([
    repo.countByChannelAndStatus(db),
    repo.oldestWaiting(db),
    isGlobalAdmin(db, actor),
  ])
  const configured = channelsConfigured(deps.config.notifications)
  const totals = zeroCounts()
  const channels = OUTBOX_CHANNELS.map((channel) => ({
    channel,
    configured: configured[channel],
    counts: zeroCounts(),
  }))
  for (const c of counts) {
    totals[c.status] += c.n
    const ch = channels.find((x) => x.channel === c.channel)
    if (ch) {
      ch.counts[c.status] += c.n
    }
  }
  const problems = canManage ? (await repo.latestProblems(db, OUTBOX_PROBLEMS_LISTED)).map(problemView) : []
  return { totals, channels, oldestWaitingAt: oldest, problems, canManage }
}

/**
 * Sends a dead message again (fresh attempts, due at once), audited in the same transaction.
 * @throws FORBIDDEN (not a global administrator), OUTBOX_MESSAGE_NOT_FOUND, OUTBOX_MESSAGE_NOT_DEAD
 */
export async function retryDeadMessage(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  if (!(await isGlobalAdmin(deps.db.kysely, actor))) {
    throw new DomainError('FORBIDDEN', `${actor.name} is not a global administrator (outbox)`)
  }
  await deps.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findOutboxMessage(trx, id)
    if (!row) {
      throw new DomainError('OUTBOX_MESSAGE_NOT_FOUND', `no outbox message ${id}`)
    }
    if (!(await repo.requeueDead(trx, id, deps.clock.now().toISOString()))) {
      throw new DomainError('OUTBOX_MESSAGE_NOT_DEAD', `outbox message ${id} is ${row.status}`)
    }
    await recordAudit(trx, deps.clock, {
      ...actorFields(actor),
      organId: null,
      action: 'outbox.retried',
      targetType: 'outbox_message',
      targetId: id,
      summary: {
        before: { status: row.status, attempts: row.attempts, lastError: row.last_error },
        after: { status: 'pending', attempts: 0 },
      },
    })
  })
}

/** A message's delivery state, for the module that enqueued it (e.g. a request's timeline). */
export interface OutboxDelivery {
  id: string
  channel: OutboxChannel
  status: OutboxStatus
  attempts: number
  createdAt: string
  sentAt: string | null
  lastError: string | null
}

/** The messages of one topic (`request:<id>`), oldest first. */
export async function messagesOfTopic(db: Kdb, topic: string): Promise<OutboxDelivery[]> {
  const rows = await repo.listByTopic(db, topic)
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
  }))
}
