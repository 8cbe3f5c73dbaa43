import type { OutboxChannel, OutboxStatus } from './outbox.table.js'

/** Rules of the outbox (pure): message checks, back-off, masking of recipients for lists. */

/** A message as a service hands it to `enqueueMessage`. */
export interface OutboxMessageInput {
  channel: OutboxChannel
  /** E-mail address (channel email) or mobile number (channel sms). */
  recipient: string
  /** Required for e-mail. */
  subject?: string | null
  body: string
  html?: string | null
  /** e.g. `request:<id>`. */
  topic?: string | null
  /** Not before this instant (default: at once). */
  notBefore?: Date
}

export const OUTBOX_SUBJECT_MAX = 200
/** A body far larger than any notice is a mistake (and would fill the table). */
export const OUTBOX_BODY_MAX = 100_000
export const OUTBOX_TOPIC_MAX = 200
/** Stored error texts are cut to this length. */
export const OUTBOX_ERROR_MAX = 500

// Deliberately loose: one @, no spaces or angle brackets/commas (which would add recipients).
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/
// Mainland mobile numbers (11 digits starting 1), optionally with +86, or other E.164 numbers.
const PHONE = /^(\+?86)?1\d{10}$|^\+[1-9]\d{6,14}$/

/** Problems with a message, in English (a programming error of the calling service); empty when fine. */
export function checkOutboxMessage(msg: OutboxMessageInput): string[] {
  const problems: string[] = []
  const recipient = msg.recipient.trim()
  if (msg.channel === 'email') {
    if (!EMAIL.test(recipient) || recipient.length > 254) {
      problems.push(`recipient "${recipient}" is not an e-mail address`)
    }
    const subject = msg.subject?.trim() ?? ''
    if (subject === '' || subject.length > OUTBOX_SUBJECT_MAX || /[\r\n]/.test(subject)) {
      problems.push('an e-mail needs a one-line subject of at most 200 characters')
    }
  } else if (msg.channel === 'sms') {
    if (!PHONE.test(recipient.replace(/[\s-]/g, ''))) {
      problems.push(`recipient "${recipient}" is not a mobile number`)
    }
  } else {
    problems.push(`unknown channel ${String(msg.channel)}`)
  }
  if (msg.body.trim() === '' || msg.body.length > OUTBOX_BODY_MAX) {
    problems.push('the body must be non-empty and at most 100000 characters')
  }
  if ((msg.topic?.length ?? 0) > OUTBOX_TOPIC_MAX) {
    problems.push('the topic is longer than 200 characters')
  }
  return problems
}

/** A recipient as stored: trimmed; SMS numbers without spaces or dashes. */
export function normaliseRecipient(channel: OutboxChannel, recipient: string): string {
  const r = recipient.trim()
  return channel === 'sms' ? r.replace(/[\s-]/g, '') : r
}

export interface BackoffPolicy {
  /** Delay after the first failed attempt, in ms. */
  baseMs: number
  /** No delay is longer than this. */
  capMs: number
}

/** 30 s, 1 min, 2 min, … at most 1 h between attempts. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 3_600_000 }
/** Attempts before a message is dead: with the default back-off, about 8 hours of trying. */
export const DEFAULT_MAX_ATTEMPTS = 12

/**
 * The wait before the next attempt after `attempts` failed ones: exponential (base·2^(n−1)),
 * capped, with "equal jitter" (between half and all of it) so that workers retrying a provider
 * that was down do not all come back at the same instant.
 * @param random a number in [0, 1)
 */
export function retryDelayMs(attempts: number, policy: BackoffPolicy, random: number): number {
  const n = Math.max(1, attempts)
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 40))
  return Math.round(exp / 2 + (exp / 2) * Math.min(Math.max(random, 0), 1))
}

/** What happens to a message after a failed attempt. */
export function afterFailure(
  attempts: number,
  maxAttempts: number,
): { status: Extract<OutboxStatus, 'failed' | 'dead'> } {
  return { status: attempts >= maxAttempts ? 'dead' : 'failed' }
}

/** An error text as stored: one line, cut to OUTBOX_ERROR_MAX characters. */
export function errorText(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err)
  const line = raw.replace(/\s+/g, ' ').trim() || 'unknown error'
  return line.length > OUTBOX_ERROR_MAX ? `${line.slice(0, OUTBOX_ERROR_MAX - 1)}…` : line
}

/**
 * A recipient for staff lists (personal data, masked): `zh***@example.cn`, `138****5678`.
 */
export function maskRecipient(channel: OutboxChannel, recipient: string): string {
  if (channel === 'email') {
    const at = recipient.lastIndexOf('@')
    if (at < 0) {
      return '***'
    }
    const local = recipient.slice(0, at)
    return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}***${recipient.slice(at)}`
  }
  const digits = recipient.replace(/^\+?86/, '')
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****'
}

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败，等待重试',
  dead: '已放弃（需处理）',
}

export const OUTBOX_CHANNEL_LABELS: Record<OutboxChannel, string> = {
  email: '电子邮件',
  sms: '短信',
}
