import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { DomainError } from '../../shared/errors.js'
import type { PersonalDataCipher, PersonalDataCipherName } from '../../shared/personal-data.js'

/**
 * Field encryption at rest for personal data (个人信息保护法 Art. 51(三): 加密、去标识化等安全技术措施).
 *
 * A token is `pd1.<alg>.<keyId>.<payload>` (ASCII, base64url payload):
 * - `g`: AES-256-GCM, payload = IV (12) ‖ ciphertext ‖ tag (16); the header is the AAD;
 * - `s`: SM4-CBC (GB/T 32907-2016, PKCS#7 padding) then HMAC-SM3 (GB/T 32905-2016) over
 *   header ‖ IV ‖ ciphertext (encrypt-then-MAC), payload = IV (16) ‖ ciphertext ‖ MAC (32).
 * The key id names the key, so that tokens of a retired key still decrypt after a rotation.
 * Each configured key is 32 bytes; the working keys are derived from it by label (HMAC), one for
 * encryption, one for the MAC, one for the blind index, so no key serves two purposes.
 */

export const TOKEN_PREFIX = 'pd1'

/** Size of every configured key: 256 bits. */
export const PERSONAL_DATA_KEY_BYTES = 32

const ALG_CODE: Record<PersonalDataCipherName, string> = { 'aes-256-gcm': 'g', 'sm4-cbc-hmac-sm3': 's' }

export interface PersonalDataKey {
  /** Public fingerprint (12 hex digits). */
  id: string
  secret: Buffer
}

export interface FieldCipherOptions {
  /** Newest first: the first encrypts, all decrypt. */
  keys: readonly PersonalDataKey[]
  cipher: PersonalDataCipherName
}

/** The fingerprint of a key: the first 12 hex digits of HMAC-SHA-256(key, fixed label). */
export function personalDataKeyId(secret: Buffer): string {
  return createHmac('sha256', secret).update('gongkai personal data key id').digest('hex').slice(0, 12)
}

/**
 * Parses one key: `hex:…`, `base64:…`, or bare 64 hex digits / base64 of 32 bytes.
 * @throws Error with a one-line reason that never echoes the key
 */
export function parsePersonalDataKey(text: string, where: string): PersonalDataKey {
  const t = text.trim()
  let secret: Buffer
  if (t.startsWith('hex:') || /^[0-9a-fA-F]{64}$/.test(t)) {
    const hex = t.replace(/^hex:/, '')
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
      throw new Error(`${where}: the personal-data key is not valid hex`)
    }
    secret = Buffer.from(hex, 'hex')
  } else {
    const b64 = t.replace(/^base64:/, '')
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) {
      throw new Error(`${where}: the personal-data key is neither hex nor base64`)
    }
    secret = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64')
  }
  if (secret.length !== PERSONAL_DATA_KEY_BYTES) {
    throw new Error(
      `${where}: the personal-data key has ${secret.length} bytes; it must have ${PERSONAL_DATA_KEY_BYTES} (openssl rand -hex 32)`,
    )
  }
  return { id: personalDataKeyId(secret), secret }
}

/** Keys listed newest first: comma- or line-separated, blank lines and `#` comments ignored. */
export function parsePersonalDataKeys(text: string, where: string): PersonalDataKey[] {
  const keys = text
    .split('\n')
    .flatMap((line) => line.replace(/#.*$/, '').split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part, i) => parsePersonalDataKey(part, `${where} (key ${i + 1})`))
  if (keys.length === 0) {
    throw new Error(`${where}: no personal-data key found`)
  }
  return keys
}

/** The normal form a blind index is computed over: NFKC, no spaces or hyphens, upper case. */
export function normaliseForIndex(value: string): string {
  return value.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase()
}

interface DerivedKeys {
  id: string
  aes: Buffer
  sm4: Buffer
  sm4Mac: Buffer
  index: Buffer
  indexSm3: Buffer
}

function derive(key: PersonalDataKey): DerivedKeys {
  const sha = (label: string) => createHmac('sha256', key.secret).update(label).digest()
  const sm3 = (label: string) => createHmac('sm3', key.secret).update(label).digest()
  return {
    id: key.id,
    aes: sha('gongkai personal data aes-256-gcm'),
    sm4: sm3('gongkai personal data sm4-cbc').subarray(0, 16),
    sm4Mac: sm3('gongkai personal data hmac-sm3'),
    index: sha('gongkai personal data blind index'),
    indexSm3: sm3('gongkai personal data blind index'),
  }
}

function tampered(detail: string): DomainError {
  return new DomainError('PERSONAL_DATA_TAMPERED', detail)
}

function b64(buf: Buffer): string {
  return buf.toString('base64url')
}

/** Whether node:crypto (OpenSSL) offers SM4-CBC and SM3 in this process. */
export function sm4Available(): boolean {
  try {
    createCipheriv('sm4-cbc', Buffer.alloc(16), Buffer.alloc(16))
    createHmac('sm3', Buffer.alloc(16))
    return true
  } catch {
    return false
  }
}

/**
 * The cipher over `keys` (newest first).
 * @throws Error when there is no key, or SM4 is asked for and OpenSSL lacks it
 */
export function createFieldCipher(opts: FieldCipherOptions): PersonalDataCipher {
  const derived = opts.keys.map(derive)
  const current = derived[0]
  if (!current) {
    throw new Error('no personal-data key')
  }
  if (opts.cipher === 'sm4-cbc-hmac-sm3' && !sm4Available()) {
    throw new Error('SM4-CBC / SM3 is not available in this Node.js (OpenSSL) build')
  }
  const byId = new Map(derived.map((k) => [k.id, k]))
  const sm = opts.cipher === 'sm4-cbc-hmac-sm3'
  const indexOf = (k: DerivedKeys, value: string) =>
    createHmac(sm ? 'sm3' : 'sha256', sm ? k.indexSm3 : k.index)
      .update(normaliseForIndex(value))
      .digest('hex')

  function encrypt(plain: string): string {
    const k = current as DerivedKeys
    const header = `${TOKEN_PREFIX}.${ALG_CODE[opts.cipher]}.${k.id}`
    const data = Buffer.from(plain, 'utf8')
    if (opts.cipher === 'aes-256-gcm') {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', k.aes, iv)
      c.setAAD(Buffer.from(header, 'ascii'))
      const ct = Buffer.concat([c.update(data), c.final()])
      return `${header}.${b64(Buffer.concat([iv, ct, c.getAuthTag()]))}`
    }
    const iv = randomBytes(16)
    const c = createCipheriv('sm4-cbc', k.sm4, iv)
    const ct = Buffer.concat([c.update(data), c.final()])
    const mac = createHmac('sm3', k.sm4Mac).update(header).update(iv).update(ct).digest()
    return `${header}.${b64(Buffer.concat([iv, ct, mac]))}`
  }

  function decrypt(token: string): string {
    const parts = token.split('.')
    if (parts.length !== 4 || parts[0] !== TOKEN_PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[3] ?? '')) {
      throw tampered('not a personal-data token')
    }
    const [, alg, id, payload] = parts as [string, string, string, string]
    const k = byId.get(id)
    if (!k) {
      throw new DomainError(
        'PERSONAL_DATA_KEY_UNKNOWN',
        `personal-data token of key ${id}, which is not configured`,
      )
    }
    const header = `${TOKEN_PREFIX}.${alg}.${id}`
    const raw = Buffer.from(payload, 'base64url')
    try {
      if (alg === 'g') {
        if (raw.length < 28) {
          throw tampered('token too short')
        }
        const d = createDecipheriv('aes-256-gcm', k.aes, raw.subarray(0, 12))
        d.setAAD(Buffer.from(header, 'ascii'))
        d.setAuthTag(raw.subarray(raw.length - 16))
        return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8')
      }
      if (alg === 's') {
        if (raw.length < 16 + 16 + 32) {
          throw tampered('token too short')
        }
        const iv = raw.subarray(0, 16)
        const ct = raw.subarray(16, raw.length - 32)
        const mac = createHmac('sm3', k.sm4Mac).update(header).update(iv).update(ct).digest()
        if (!timingSafeEqual(mac, raw.subarray(raw.length - 32))) {
          throw tampered('HMAC-SM3 mismatch')
        }
        const d = createDecipheriv('sm4-cbc', k.sm4, iv)
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8')
      }
    } catch (err) {
      if (err instanceof DomainError) {
        throw err
      }
      throw tampered(`authentication failed (${alg})`)
    }
    throw tampered(`unknown algorithm ${alg}`)
  }

  return {
    cipher: opts.cipher,
    keyId: current.id,
    encrypt,
    decrypt,
    blindIndex: (value) => indexOf(current, value),
    blindIndexes: (value) => derived.map((k) => indexOf(k, value)),
  }
}

/** A cipher with a random key for this process only (in-memory databases, tests). */
export function oneOffFieldCipher(cipher: PersonalDataCipherName = 'aes-256-gcm'): PersonalDataCipher {
  const secret = randomBytes(PERSONAL_DATA_KEY_BYTES)
  return createFieldCipher({ keys: [{ id: personalDataKeyId(secret), secret }], cipher })
}
