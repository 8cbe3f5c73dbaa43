import type { Insertable, Selectable } from 'kysely'

/** How a message travels: e-mail over SMTP, or SMS through the HTTP adapter. */
export const OUTBOX_CHANNELS = ['email', 'sms'] as const
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number]

/**
 * pending: never tried; sending: claimed by a worker until `lease_until`; sent: delivered to the
 * provider; failed: the last attempt failed, retried at `next_attempt_at`; dead: attempts used up
 * (shown to administrators, who may retry it).
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/** One notification in the transactional outbox (written in the transaction of the change it announces). */
export interface OutboxMessageTable {
  id: string
  channel: OutboxChannel
  /** An e-mail address or a mobile number. */
  recipient: string
  /** E-mail subject; null for SMS. */
  subject: string | null
  /** Plain text (the SMS text, or the e-mail's text part). */
  body: string
  /** Optional HTML part of an e-mail. */
  html: string | null
  /** What the message is about, e.g. `request:<id>` (for lists and look-ups). */
  topic: string | null
  status: OutboxStatus
  /** Attempts started (counted when a worker claims the message). */
  attempts: number
  /** ISO instant from which the message may be claimed. */
  next_attempt_at: string
  /** ISO instant when a claim lapses (a worker killed mid-send); null when not claimed. */
  lease_until: string | null
  /** The worker holding the lease. */
  locked_by: string | null
  last_error: string | null
  created_at: string
  sent_at: string | null
  /** The provider's id of the delivered message (SMTP Message-ID, the SMS gateway's id). */
  provider_message_id: string | null
}

export type OutboxMessageRow = Selectable<OutboxMessageTable>
export type NewOutboxMessageRow = Insertable<OutboxMessageTable>
