import type { Kdb } from '../../db/database.js'
import { checkpointSealProblem, type AuditCheckpoint } from './audit-checkpoint.js'
import { readCheckpointFile } from './audit-checkpoint.service.js'
import { LEGACY_ALG, type AuditKeyring } from './audit-keys.js'
import { auditKeyring } from './audit-runtime.js'
import { GENESIS_HASH, auditEntryProblem, type ChainCursor } from './audit.js'
import * as repo from './audit.repository.js'

/** A run of entries sealed the same way: a key or algorithm change starts a new epoch. */
export interface AuditEpoch {
  fromSeq: number
  toSeq: number
  alg: string
  keyId: string | null
}

export interface AnchorProblem {
  /** Line of the checkpoint file. */
  line: number
  seq?: number | undefined
  at?: string | undefined
  problem: string
}

export interface AnchorReport {
  /** The checkpoint file, or null when none is configured (in-memory database). */
  file: string | null
  /** False when the file does not exist (yet). */
  present: boolean
  /** Lines in the file, and checkpoints that held. */
  total: number
  held: number
  ok: boolean
  /** The newest checkpoint with a valid signature. */
  latest: AuditCheckpoint | null
  /** Each checkpoint that did not hold (the first 50). */
  problems: AnchorProblem[]
}

export interface AuditVerifyResult {
  /** Both the chain and the anchors hold. */
  ok: boolean
  /** Entries verified before the first broken one (all of them when the chain holds). */
  checked: number
  /** The first broken entry's sequence number and why. */
  firstBroken?: { seq: number; problem: string }
  /** Rows read in all. */
  entries: number
  /** Entries of the unkeyed legacy epoch (verified with plain SHA-256 only: weaker). */
  legacyEntries: number
  epochs: AuditEpoch[]
  anchors: AnchorReport
}

const MAX_PROBLEMS = 50

/**
 * Walks the whole chain (every entry's keyed seal and link, the issued counter, the legacy
 * epoch) and checks each checkpoint of the file against it: a checkpoint holds when its
 * signature is valid, the chain still reaches its entry and that entry's hash is the anchored one.
 */
export async function verifyAuditChain(
  db: Kdb,
  options: { checkpointFile?: string | undefined; keys?: AuditKeyring } = {},
): Promise<AuditVerifyResult> {
  const keys = options.keys ?? auditKeyring()
  const file = options.checkpointFile ?? null
  const lines = file ? await readCheckpointFile(file) : null
  const anchors: AnchorReport = {
    file,
    present: lines !== null,
    total: lines?.length ?? 0,
    held: 0,
    ok: true,
    latest: null,
    problems: [],
  }
  const problem = (p: AnchorProblem) => {
    anchors.ok = false
    if (anchors.problems.length < MAX_PROBLEMS) {
      anchors.problems.push(p)
    }
  }
  const signed: { line: number; checkpoint: AuditCheckpoint }[] = []
  for (const l of lines ?? []) {
    if ('problem' in l) {
      problem({ line: l.line, problem: `unreadable checkpoint line: ${l.problem}` })
      continue
    }
    const seal = checkpointSealProblem(l.checkpoint, keys)
    if (seal) {
      problem({ line: l.line, seq: l.checkpoint.seq, at: l.checkpoint.at, problem: `checkpoint ${seal}` })
      continue
    }
    signed.push(l)
    anchors.latest = l.checkpoint
  }
  const anchoredSeqs = new Set(signed.map((s) => s.checkpoint.seq))
  const hashAt = new Map<number, string>()

  const cursor: ChainCursor = { expectedSeq: 1, prevHash: GENESIS_HASH, keyedSeen: false }
  let firstBroken: AuditVerifyResult['firstBroken']
  let checked = 0
  let entries = 0
  let lastSeq = 0
  let legacyEntries = 0
  const epochs: AuditEpoch[] = []
  for (;;) {
    const page = await repo.listAuditAfter(db, lastSeq, 1000)
    if (page.length === 0) {
      break
    }
    for (const row of page) {
      const seq = Number(row.seq)
      entries += 1
      lastSeq = seq
      if (anchoredSeqs.has(seq)) {
        hashAt.set(seq, row.hash)
      }
      const epoch = epochs.at(-1)
      if (epoch && epoch.alg === row.mac_alg && epoch.keyId === row.key_id) {
        epoch.toSeq = seq
      } else {
        epochs.push({ fromSeq: seq, toSeq: seq, alg: row.mac_alg, keyId: row.key_id })
      }
      if (!firstBroken) {
        const why = auditEntryProblem(row, cursor, keys)
        if (why) {
          firstBroken = { seq: Math.min(cursor.expectedSeq, seq), problem: why }
        } else {
          checked += 1
        }
      }
      if (row.mac_alg === LEGACY_ALG && !cursor.keyedSeen) {
        legacyEntries += 1
      } else {
        cursor.keyedSeen = true
      }
      cursor.prevHash = row.hash
      cursor.expectedSeq = seq + 1
    }
  }
  if (!firstBroken) {
    const issued = await repo.readAuditCounter(db)
    const legacyThrough = await repo.readLegacyThrough(db)
    if (issued > lastSeq) {
      firstBroken = { seq: lastSeq + 1, problem: `entries #${lastSeq + 1}–#${issued} were removed` }
    } else if (legacyEntries > legacyThrough) {
      firstBroken = {
        seq: legacyThrough + 1,
        problem: `entries #${legacyThrough + 1}–#${legacyEntries} claim to be unkeyed legacy entries, but the legacy epoch ended at #${legacyThrough} (downgrade: the entries were rewritten)`,
      }
    }
  }

  for (const { line, checkpoint: c } of signed) {
    const at = c.at
    if (c.seq > lastSeq) {
      problem({
        line,
        seq: c.seq,
        at,
        problem: `truncation: the checkpoint of ${at} anchors ${c.seq} entries, but the chain ends at #${lastSeq}: entries #${lastSeq + 1}–#${c.seq} were removed`,
      })
    } else if (c.seq > 0 && !hashAt.has(c.seq)) {
      problem({
        line,
        seq: c.seq,
        at,
        problem: `entry #${c.seq}, anchored by the checkpoint of ${at}, is missing`,
      })
    } else if (c.seq > 0 && hashAt.get(c.seq) !== c.hash) {
      problem({
        line,
        seq: c.seq,
        at,
        problem: `rewrite: entry #${c.seq} differs from the checkpoint of ${at} (the chain was rewritten at or before #${c.seq})`,
      })
    } else if (c.legacyThrough !== legacyEntries) {
      problem({
        line,
        seq: c.seq,
        at,
        problem: `rewrite: the checkpoint of ${at} records ${c.legacyThrough} unkeyed legacy entries, the chain now has ${legacyEntries}`,
      })
    } else {
      anchors.held += 1
    }
  }
  return {
    ok: !firstBroken && anchors.ok,
    checked,
    ...(firstBroken ? { firstBroken } : {}),
    entries,
    legacyEntries,
    epochs,
    anchors,
  }
}
