import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { mac, type AuditKeyring, type KeyedMacAlg } from './audit-keys.js'

/**
 * A signed checkpoint of the chain's head, written outside the database (one JSON line in the
 * append-only checkpoint file). Somebody who can write the database but not the file, and does
 * not hold the key, cannot make the chain shorter than a checkpoint or change an anchored entry
 * without `audit verify` naming it.
 */
export interface AuditCheckpoint {
  /** The head entry's sequence number = entries in the chain at that moment. */
  seq: number
  /** The head entry's hash. */
  hash: string
  /** When the checkpoint was taken (ISO-8601 UTC). */
  at: string
  /** Length of the unkeyed legacy epoch at that moment (it never grows). */
  legacyThrough: number
  alg: KeyedMacAlg
  /** Fingerprint of the signing key. */
  kid: string
  /** HMAC(key, the fields above). */
  mac: string
}

export interface ChainHead {
  seq: number
  hash: string
  legacyThrough: number
}

const lineSchema = z.object({
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().min(1).max(40),
  legacyThrough: z.number().int().nonnegative(),
  alg: z.enum(['hmac-sha256', 'hmac-sm3']),
  kid: z.string().min(1).max(64),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
})

function signedText(c: Omit<AuditCheckpoint, 'mac'>): string {
  return JSON.stringify(['gongkai-audit-checkpoint-v1', c.seq, c.hash, c.at, c.legacyThrough, c.alg, c.kid])
}

/** Signs the head with the keyring's current key. */
export function signCheckpoint(head: ChainHead, at: Date, keys: AuditKeyring): AuditCheckpoint {
  const unsigned = {
    seq: head.seq,
    hash: head.hash,
    at: at.toISOString(),
    legacyThrough: head.legacyThrough,
    alg: keys.alg,
    kid: keys.current.id,
  }
  return { ...unsigned, mac: mac(keys.alg, keys.current.secret, signedText(unsigned)) }
}

/** The checkpoint as one line of the file (with its newline). */
export function checkpointLine(c: AuditCheckpoint): string {
  return `${JSON.stringify(c)}\n`
}

/** Parses one line of the file: the checkpoint, or why it is unreadable. */
export function parseCheckpointLine(line: string): AuditCheckpoint | { problem: string } {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return { problem: 'not JSON' }
  }
  const parsed = lineSchema.safeParse(json)
  return parsed.success ? parsed.data : { problem: 'not a checkpoint (fields missing or malformed)' }
}

/** Why a checkpoint's signature does not hold, or null when it was signed by a configured key. */
export function checkpointSealProblem(c: AuditCheckpoint, keys: AuditKeyring): string | null {
  const key = keys.byId.get(c.kid)
  if (!key) {
    return `signed with key ${c.kid}, which is not configured (forged, or a retired key missing from AUDIT_KEY / AUDIT_KEY_FILE)`
  }
  const expected = Buffer.from(mac(c.alg, key.secret, signedText(c)), 'utf8')
  const given = Buffer.from(c.mac, 'utf8')
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? null
    : 'signature does not match (the line was forged or altered)'
}
