import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { AppDeps } from '../../shared/deps.js'
import {
  afterFailure,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  errorText,
  retryDelayMs,
  type BackoffPolicy,
} from './outbox.js'
import * as repo from './outbox.repository.js'
import type { OutboxMessageRow } from './outbox.table.js'
import { configuredChannels, type Transports } from './transports.js'

/** The few log calls the worker makes (pino's, so Fastify's `app.log` fits). Never recipients. */
export interface OutboxLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface OutboxWorkerOptions {
  /** Names this process in `locked_by` (default: host, pid and a random part). */
  workerId?: string
  /** Messages claimed and sent (concurrently) per round; default 10. */
  batchSize?: number
  /** Wait between rounds when nothing was due; default 2 s. */
  pollMs?: number
  /**
   * How long a claim holds; default 5 min — well above the transports' own time limits, so a
   * message is retaken only when its worker is gone, not while a slow send may still succeed.
   */
  leaseMs?: number
  /** Attempts before a message is dead; default DEFAULT_MAX_ATTEMPTS. */
  maxAttempts?: number
  backoff?: BackoffPolicy
  /** [0, 1) for the back-off's jitter (tests fix it). */
  random?: () => number
  logger?: OutboxLogger
}

/** What one round did. */
export interface OutboxRunResult {
  claimed: number
  sent: number
  /** Failed and due again later. */
  retrying: number
  /** Failed for the last time (or their lease lapsed on the last attempt). */
  dead: number
  /** Finished after this worker had lost the lease (should not happen with sane lease times). */
  lost: number
}

export interface OutboxWorker {
  /** Runs rounds until stop(): at once again after a full batch, else after `pollMs`. */
  start(): void
  /** Ends the loop and waits for the sends in flight; closes the transports. */
  stop(): Promise<void>
  /** One round: claim due messages, send them, record each outcome (tests, CLI). */
  runOnce(): Promise<OutboxRunResult>
  readonly workerId: string
}

const silent: OutboxLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/**
 * The outbox worker: claims due messages with a lease (so that several app processes never send
 * the same message twice), sends each through its channel's transport, marks it sent, or
 * schedules a retry with exponential back-off and jitter, and after `maxAttempts` marks it dead.
 * Channels without a transport are not claimed: their messages stay pending.
 */
export function createOutboxWorker(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  transports: Transports,
  options: OutboxWorkerOptions = {},
): OutboxWorker {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  const batchSize = options.batchSize ?? 10
  const pollMs = options.pollMs ?? 2_000
  const leaseMs = options.leaseMs ?? 300_000
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const random = options.random ?? Math.random
  const log = options.logger ?? silent
  const channels = configuredChannels(transports)
  const db = deps.db.kysely

  /** Records a delivery; a database error here must not count as a failed send (it would be sent again). */
  async function recordSent(
    row: OutboxMessageRow,
    providerMessageId: string | null,
    result: OutboxRunResult,
  ) {
    try {
      if (await repo.markSent(db, row.id, workerId, deps.clock.now().toISOString(), providerMessageId)) {
        result.sent += 1
        return
      }
      log.warn({ outboxId: row.id, workerId }, 'outbox: sent after the lease was lost')
    } catch (err) {
      log.error({ err, outboxId: row.id, workerId }, 'outbox: sent, but could not record it')
    }
    result.lost += 1
  }

  async function recordFailure(row: OutboxMessageRow, err: unknown, result: OutboxRunResult) {
    const { status } = afterFailure(row.attempts, maxAttempts)
    const next = new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts, backoff, random()))
    const error = errorText(err)
    const ok = await repo.markFailed(db, row.id, workerId, {
      status,
      nextAttemptAt: next.toISOString(),
      error,
    })
    const fields = { outboxId: row.id, channel: row.channel, attempts: row.attempts, error }
    if (!ok) {
      result.lost += 1
    } else if (status === 'dead') {
      result.dead += 1
      log.error(fields, 'outbox: gave up')
    } else {
      result.retrying += 1
      log.warn({ ...fields, retryAt: next.toISOString() }, 'outbox: send failed, will retry')
    }
  }

  async function deliver(row: OutboxMessageRow, result: OutboxRunResult): Promise<void> {
    const transport = transports[row.channel]
    let providerMessageId: string | null
    try {
      if (!transport) {
        throw new Error(`no transport for channel ${row.channel}`)
      }
      ;({ providerMessageId } = await transport.send(row))
    } catch (err) {
      await recordFailure(row, err, result).catch((e: unknown) => {
        result.lost += 1
        log.error({ err: e, outboxId: row.id }, 'outbox: could not record a failed send')
      })
      return
    }
    await recordSent(row, providerMessageId, result)
  }

  async function runOnce(): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { claimed: 0, sent: 0, retrying: 0, dead: 0, lost: 0 }
    const now = deps.clock.now()
    result.dead += await repo.markExhaustedLeasesDead(db, now.toISOString(), maxAttempts)
    const rows = await repo.claimDueMessages(db, deps.db.dialect, {
      channels,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      workerId,
      limit: batchSize,
      maxAttempts,
    })
    result.claimed = rows.length
    await Promise.all(rows.map((row) => deliver(row, result)))
    return result
  }

  let running = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<unknown> | undefined

  const schedule = (ms: number) => {
    timer = setTimeout(tick, ms)
    timer.unref()
  }
  function tick(): void {
    timer = undefined
    const round = runOnce().then(
      (r) => (r.claimed >= batchSize ? 0 : pollMs),
      (err: unknown) => {
        log.error({ err, workerId }, 'outbox: round failed')
        return pollMs
      },
    )
    current = round
    void round.then((wait) => {
      current = undefined
      if (running) {
        schedule(wait)
      }
    })
  }

  return {
    workerId,
    runOnce,
    start() {
      if (running) {
        return
      }
      running = true
      log.info({ workerId, channels }, 'outbox: worker started')
      schedule(0)
    },
    async stop() {
      running = false
      if (timer) {
        clearTimeout(timer)
        timer = undefined
      }
      await current
      for (const t of Object.values(transports)) {
        t.close?.()
      }
    },
  }
}
