import { createReadStream } from 'node:fs'
import { appendFile, mkdir, open } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import type { Kdb } from '../../db/database.js'
import type { Clock } from '../../shared/clock.js'
import {
  checkpointLine,
  parseCheckpointLine,
  signCheckpoint,
  type AuditCheckpoint,
} from './audit-checkpoint.js'
import type { AuditKeyring } from './audit-keys.js'
import type { AuditLog } from './audit-keys.service.js'
import * as repo from './audit.repository.js'

/** One line of the checkpoint file, read back. */
export type CheckpointFileLine =
  { line: number; checkpoint: AuditCheckpoint } | { line: number; problem: string }

/** Every line of the checkpoint file, in order; null when the file does not exist. */
export async function readCheckpointFile(file: string): Promise<CheckpointFileLine[] | null> {
  const out: CheckpointFileLine[] = []
  try {
    const stream = createReadStream(file, { encoding: 'utf8' })
    const lines = createInterface({ input: stream, crlfDelay: Infinity })
    let n = 0
    for await (const text of lines) {
      n += 1
      if (text.trim() === '') {
        continue
      }
      const parsed = parseCheckpointLine(text)
      out.push('problem' in parsed ? { line: n, problem: parsed.problem } : { line: n, checkpoint: parsed })
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return null
    }
    throw err
  }
  return out
}

/** The newest checkpoint in the file (read from its tail), or null when there is none. */
export async function latestCheckpoint(file: string): Promise<AuditCheckpoint | null> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return null
    }
    throw err
  }
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, 8192)
    const buf = Buffer.alloc(length)
    await handle.read(buf, 0, length, size - length)
    const lines = buf.toString('utf8').split('\n').reverse()
    for (const text of lines) {
      const parsed = text.trim() ? parseCheckpointLine(text) : null
      if (parsed && !('problem' in parsed)) {
        return parsed
      }
    }
    return null
  } finally {
    await handle.close()
  }
}

/** The committed head of the chain, with the legacy epoch's length. */
export async function readChainHead(db: Kdb) {
  const [head, legacyThrough] = await Promise.all([repo.findAuditHead(db), repo.readLegacyThrough(db)])
  return head ? { ...head, legacyThrough } : null
}

/**
 * Signs the chain's committed head and appends it to the checkpoint file (one line; the file is
 * only ever appended to). Returns null when the chain is empty.
 */
export async function writeCheckpoint(
  db: Kdb,
  file: string,
  keys: AuditKeyring,
  clock: Clock,
): Promise<AuditCheckpoint | null> {
  const head = await readChainHead(db)
  if (!head) {
    return null
  }
  const checkpoint = signCheckpoint(head, clock.now(), keys)
  await mkdir(dirname(file), { recursive: true })
  await appendFile(file, checkpointLine(checkpoint), { mode: 0o640, flag: 'a' })
  return checkpoint
}

/** The last failure to write a checkpoint in this process (shown in the console), or null. */
let lastFailure: { at: string; message: string } | null = null

export function lastCheckpointFailure(): { at: string; message: string } | null {
  return lastFailure
}

export interface AnchorOptions {
  file: string
  every: number
  minutes: number
  /** Write on a timer as well (the web process); a CLI command writes when it closes. */
  timer: boolean
}

/**
 * Writes checkpoints in the background: after every `every` new entries, every `minutes` while
 * the head moves, and when closed. A checkpoint is taken after the transaction that wrote the
 * entries (it reads the committed head), so it never blocks or fails that transaction; a write
 * error is logged and shown in the console, and the data change stands.
 */
export class AuditAnchor {
  private anchoredSeq = 0
  private triggeredSeq = 0
  private appendedHere = false
  private running: Promise<void> | null = null
  /** A trigger arrived while a checkpoint was being written: write once more after it. */
  private rerun = false
  private interval: NodeJS.Timeout | undefined

  constructor(
    private readonly db: Kdb,
    private readonly keys: AuditKeyring,
    private readonly clock: Clock,
    private readonly options: AnchorOptions,
    private readonly log: AuditLog,
  ) {}

  /** Reads the newest checkpoint; with the timer, anchors a head that moved while nobody watched. */
  async start(): Promise<void> {
    this.anchoredSeq = (await latestCheckpoint(this.options.file).catch(() => null))?.seq ?? 0
    this.triggeredSeq = this.anchoredSeq
    if (this.options.timer) {
      await this.runOnce()
      this.interval = setInterval(() => this.trigger(), this.options.minutes * 60_000)
      this.interval.unref()
    }
  }

  /** Called for each appended entry (inside its transaction): schedules, never waits. */
  appended(seq: number): void {
    this.appendedHere = true
    if (seq - Math.max(this.anchoredSeq, this.triggeredSeq) >= this.options.every) {
      this.triggeredSeq = seq
      this.trigger()
    }
  }

  private trigger(): void {
    if (this.running) {
      this.rerun = true
      return
    }
    this.running = (async () => {
      do {
        this.rerun = false
        await this.runOnce()
      } while (this.rerun)
    })().finally(() => {
      this.running = null
    })
  }

  /** Resolves when no checkpoint is being written (tests, and before a process exits). */
  async settled(): Promise<void> {
    while (this.running) {
      await this.running
    }
  }

  /**
   * The committed head, once the entry that triggered the run has committed: the trigger fires
   * inside that entry's transaction, so the run waits (briefly) for its commit to be visible.
   */
  private async committedHead(): Promise<Awaited<ReturnType<typeof readChainHead>>> {
    let head = await readChainHead(this.db)
    for (let wait = 5; (head?.seq ?? 0) < this.triggeredSeq && wait <= 640; wait *= 2) {
      await new Promise((r) => setTimeout(r, wait))
      head = await readChainHead(this.db)
    }
    return head
  }

  /** Anchors the committed head when it moved past the last checkpoint. */
  private async runOnce(): Promise<void> {
    try {
      const head = await this.committedHead()
      if (!head || head.seq <= this.anchoredSeq) {
        return
      }
      const written = await writeCheckpoint(this.db, this.options.file, this.keys, this.clock)
      if (written) {
        this.anchoredSeq = written.seq
        lastFailure = null
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      lastFailure = { at: this.clock.now().toISOString(), message }
      this.log('error', `audit: could not write a checkpoint to ${this.options.file}: ${message}`)
    }
  }

  /** Stops the timer and anchors what this process appended since the last checkpoint. */
  async close(): Promise<void> {
    clearInterval(this.interval)
    await this.running
    if (this.appendedHere || this.options.timer) {
      await this.runOnce()
    }
  }
}
