import { createHmac } from 'node:crypto'
import type { AuditHmac } from '../../config.js'

/**
 * How an audit entry (or checkpoint) was sealed, as stored in `audit_log.mac_alg`:
 * - `hmac-sha256`: HMAC-SHA-256 with a key kept outside the database;
 * - `hmac-sm3`: HMAC-SM3 (SM3: GB/T 32905-2016), the 国密 choice for 密评 (GB/T 39786-2021);
 * - `legacy-sha256`: plain SHA-256 of an entry written before the chain was keyed. Anybody who
 *   can write the table can recompute it, so verification reports it as unkeyed (weaker).
 */
export const MAC_ALGS = ['hmac-sha256', 'hmac-sm3', 'legacy-sha256'] as const
export type MacAlg = (typeof MAC_ALGS)[number]
export type KeyedMacAlg = Exclude<MacAlg, 'legacy-sha256'>

export const LEGACY_ALG: MacAlg = 'legacy-sha256'

export function macAlgOf(hmac: AuditHmac): KeyedMacAlg {
  return hmac === 'sm3' ? 'hmac-sm3' : 'hmac-sha256'
}

/** Shortest key accepted: 128 bits (GB/T 39786-2021 asks for at least this strength). */
export const MIN_KEY_BYTES = 16

/** One audit key: its secret bytes and its public fingerprint (stored with each entry). */
export interface AuditKey {
  /** Short fingerprint: safe to store and print, reveals nothing usable about the secret. */
  id: string
  secret: Buffer
}

/**
 * The keys a process seals and verifies with: `current` seals new entries with `alg`; every key
 * (current and retired) verifies the entries that name its id.
 */
export interface AuditKeyring {
  current: AuditKey
  alg: KeyedMacAlg
  byId: ReadonlyMap<string, AuditKey>
  /** Where the keys came from, for messages (never the keys). */
  source: string
}

/** The fingerprint of a key: the first 12 hex digits of HMAC-SHA-256(key, fixed label). */
export function keyId(secret: Buffer): string {
  return createHmac('sha256', secret).update('gongkai audit key id').digest('hex').slice(0, 12)
}

/**
 * Parses one key as written in AUDIT_KEY or a key file: `hex:…`, `base64:…`, or bare text
 * that is read as hex when it only has hex digits (even count) and as base64 otherwise.
 * @throws Error with a one-line reason (never echoing the key)
 */
export function parseKey(text: string, where: string): AuditKey {
  const t = text.trim()
  let secret: Buffer
  if (t.startsWith('hex:') || (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0)) {
    const hex = t.replace(/^hex:/, '')
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
      throw new Error(`${where}: the audit key is not valid hex`)
    }
    secret = Buffer.from(hex, 'hex')
  } else {
    const b64 = t.replace(/^base64:/, '')
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) {
      throw new Error(`${where}: the audit key is neither hex nor base64`)
    }
    secret = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64')
  }
  if (secret.length < MIN_KEY_BYTES) {
    throw new Error(
      `${where}: the audit key has ${secret.length} bytes; at least ${MIN_KEY_BYTES} are required (e.g. openssl rand -hex 32)`,
    )
  }
  return { id: keyId(secret), secret }
}

/**
 * Keys listed newest first: comma- or line-separated, blank lines and `#` comments ignored.
 * @throws Error when there is no key or one is malformed
 */
export function parseKeyList(text: string, where: string): AuditKey[] {
  const keys = text
    .split('\n')
    .flatMap((line) => line.replace(/#.*$/, '').split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((line, i) => parseKey(line, `${where} (key ${i + 1})`))
  if (keys.length === 0) {
    throw new Error(`${where}: no audit key found`)
  }
  return keys
}

/** A keyring from keys listed newest first. */
export function keyringOf(keys: readonly AuditKey[], hmac: AuditHmac, source: string): AuditKeyring {
  const [current] = keys
  if (!current) {
    throw new Error(`${source}: no audit key found`)
  }
  return { current, alg: macAlgOf(hmac), byId: new Map(keys.map((k) => [k.id, k])), source }
}

/** HMAC of `message` with `alg` ('hmac-sha256' | 'hmac-sm3'), hex. */
export function mac(alg: KeyedMacAlg, secret: Buffer, message: string): string {
  return createHmac(alg === 'hmac-sm3' ? 'sm3' : 'sha256', secret)
    .update(message)
    .digest('hex')
}
