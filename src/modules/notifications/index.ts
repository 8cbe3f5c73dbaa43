// The only entrance to notifications/ from outside it.
export {
  checkOutboxMessage,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  maskRecipient,
  OUTBOX_CHANNEL_LABELS,
  OUTBOX_STATUS_LABELS,
  retryDelayMs,
  type BackoffPolicy,
  type OutboxMessageInput,
} from './outbox.js'
export * from './outbox.service.js'
export * from './outbox-worker.service.js'
export * from './transports.js'
export type { OutboxChannel, OutboxMessageRow, OutboxStatus } from './outbox.table.js'
export { OUTBOX_CHANNELS, OUTBOX_STATUSES } from './outbox.table.js'
