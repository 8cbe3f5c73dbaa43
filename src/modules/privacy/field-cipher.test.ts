import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import { isDomainError } from '../../shared/errors.js'
import {
  createFieldCipher,
  parsePersonalDataKey,
  parsePersonalDataKeys,
  sm4Available,
  type PersonalDataKey,
} from './field-cipher.js'
import { loadFieldCipher, loadPersonalDataKeys } from './personal-data-keys.service.js'

const hexKey = () => randomBytes(32).toString('hex')
const key = (hex = hexKey()): PersonalDataKey => parsePersonalDataKey(hex, 'test')

/** The stable code a call fails with. */
function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return isDomainError(err) ? err.code : `not a DomainError: ${String(err)}`
  }
  return 'no error'
}

/** The token with one byte of its payload flipped. */
function flipped(token: string, at = 5): string {
  const i = token.lastIndexOf('.') + 1
  const raw = Buffer.from(token.slice(i), 'base64url')
  raw[at] = (raw[at] as number) ^ 0x01
  return token.slice(0, i) + raw.toString('base64url')
}

for (const cipher of ['aes-256-gcm', 'sm4-cbc-hmac-sm3'] as const) {
  describe(`field cipher, ${cipher}`, () => {
    const k = key()
    const c = createFieldCipher({ keys: [k], cipher })

    it('round-trips Chinese text, the empty string and a long value, with a fresh IV each time', () => {
      for (const plain of [
        '370303199001011239',
        '张三 山东省淄博市张店区人民西路1号',
        '',
        'x'.repeat(10_000),
      ]) {
        const t = c.encrypt(plain)
        expect(c.decrypt(t)).toBe(plain)
        expect(t).not.toContain(plain === '' ? '\u0000' : plain)
      }
      expect(c.encrypt('13812345678')).not.toBe(c.encrypt('13812345678'))
    })

    it('names the algorithm and the key id in each token', () => {
      const t = c.encrypt('13812345678')
      expect(t.split('.').slice(0, 3)).toEqual(['pd1', cipher === 'aes-256-gcm' ? 'g' : 's', k.id])
      expect(c.keyId).toBe(k.id)
    })

    it('refuses a token with a flipped byte anywhere, or a changed header, with PERSONAL_DATA_TAMPERED', () => {
      const t = c.encrypt('370303199001011239')
      const len = Buffer.from(t.slice(t.lastIndexOf('.') + 1), 'base64url').length
      for (const at of [0, 13, 20, len - 1]) {
        expect(
          codeOf(() => c.decrypt(flipped(t, at))),
          `byte ${at}`,
        ).toBe('PERSONAL_DATA_TAMPERED')
      }
      const other = cipher === 'aes-256-gcm' ? 's' : 'g'
      expect(codeOf(() => c.decrypt(t.replace(/^pd1\.[gs]\./, `pd1.${other}.`)))).toBe(
        'PERSONAL_DATA_TAMPERED',
      )
      expect(codeOf(() => c.decrypt(t.slice(0, -4)))).toBe('PERSONAL_DATA_TAMPERED')
      expect(codeOf(() => c.decrypt('370303199001011239'))).toBe('PERSONAL_DATA_TAMPERED')
    })

    it('refuses a token of another key: unknown id, or a forged id with the wrong secret', () => {
      const t = c.encrypt('13812345678')
      const stranger = createFieldCipher({ keys: [key()], cipher })
      expect(codeOf(() => stranger.decrypt(t))).toBe('PERSONAL_DATA_KEY_UNKNOWN')
      // The same id over another secret (as if the key file had been replaced): authentication fails.
      const impostor = createFieldCipher({ keys: [{ id: k.id, secret: randomBytes(32) }], cipher })
      expect(codeOf(() => impostor.decrypt(t))).toBe('PERSONAL_DATA_TAMPERED')
    })

    it('decrypts tokens of a retired key after rotation and writes new ones with the new key', () => {
      const old = c.encrypt('370303199001011239')
      const next = key()
      const rotated = createFieldCipher({ keys: [next, k], cipher })
      expect(rotated.decrypt(old)).toBe('370303199001011239')
      const fresh = rotated.encrypt('370303199001011239')
      expect(fresh.split('.')[2]).toBe(next.id)
      expect(codeOf(() => c.decrypt(fresh))).toBe('PERSONAL_DATA_KEY_UNKNOWN')
    })

    it('gives a blind index that ignores case, spaces and hyphens, differs by key, and lists every key’s after rotation', () => {
      expect(c.blindIndex('11010519491231002x')).toBe(c.blindIndex(' 110105 19491231 002X'))
      expect(c.blindIndex('138-1234-5678')).toBe(c.blindIndex('13812345678'))
      expect(c.blindIndex('13812345678')).not.toBe(c.blindIndex('13812345679'))
      expect(c.blindIndex('13812345678')).toMatch(/^[0-9a-f]{64}$/)
      const next = key()
      const rotated = createFieldCipher({ keys: [next, k], cipher })
      expect(rotated.blindIndex('13812345678')).not.toBe(c.blindIndex('13812345678'))
      expect(rotated.blindIndexes('13812345678')).toEqual([
        rotated.blindIndex('13812345678'),
        c.blindIndex('13812345678'),
      ])
    })
  })
}

describe('field cipher, algorithms and keys', () => {
  it('has SM4-CBC and SM3 in this Node.js build', () => {
    expect(sm4Available()).toBe(true)
  })

  it('decrypts an AES token in an installation switched to SM4, and the other way round', () => {
    const k = key()
    const aes = createFieldCipher({ keys: [k], cipher: 'aes-256-gcm' })
    const sm4 = createFieldCipher({ keys: [k], cipher: 'sm4-cbc-hmac-sm3' })
    expect(sm4.decrypt(aes.encrypt('张三'))).toBe('张三')
    expect(aes.decrypt(sm4.encrypt('张三'))).toBe('张三')
  })

  it('takes hex and base64 keys of 32 bytes, lists newest first, and refuses others without echoing them', () => {
    const secret = randomBytes(32)
    expect(parsePersonalDataKey(secret.toString('base64'), 'k').secret.equals(secret)).toBe(true)
    expect(parsePersonalDataKey(`hex:${secret.toString('hex')}`, 'k').secret.equals(secret)).toBe(true)
    const [a, b] = [hexKey(), hexKey()]
    expect(parsePersonalDataKeys(`${a}, ${b}`, 'k').map((x) => x.id)).toEqual([key(a).id, key(b).id])
    expect(() => parsePersonalDataKey(`hex:${randomBytes(16).toString('hex')}`, 'k')).toThrow(
      /16 bytes; it must have 32/,
    )
    expect(() => parsePersonalDataKey('not a key!', 'k')).toThrow(/neither hex nor base64/)
    try {
      parsePersonalDataKey('not a key!', 'k')
    } catch (err) {
      expect(String(err)).not.toContain('not a key!')
    }
  })
})

describe('loading the personal-data key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-pd-'))
  const quiet = () => undefined

  it('takes the cipher from the audit chain’s switch: AES-256-GCM, or SM4 with AUDIT_HMAC=sm3', () => {
    expect(loadConfig({ DATABASE_URL: ':memory:' }).personalData.cipher).toBe('aes-256-gcm')
    expect(loadConfig({ DATABASE_URL: ':memory:', AUDIT_HMAC: 'sm3' }).personalData.cipher).toBe(
      'sm4-cbc-hmac-sm3',
    )
  })

  it('creates a development key file beside the database once, mode 0600, and reads the same key again', () => {
    const db = join(dir, 'dev.db')
    const config = loadConfig({ DATABASE_URL: db }).personalData
    expect(config.keyFile).toBe(`${db}.personal-data-key`)
    const messages: string[] = []
    const first = loadFieldCipher(config, (_l, m) => messages.push(m))
    expect(statSync(`${db}.personal-data-key`).mode & 0o777).toBe(0o600)
    expect(messages.join('\n')).toContain(`created a random key in ${db}.personal-data-key`)
    const token = first.encrypt('13812345678')
    const again: string[] = []
    const second = loadFieldCipher(config, (_l, m) => again.push(m))
    expect(second.decrypt(token)).toBe('13812345678')
    expect(again).toEqual([])
  })

  it('uses PERSONAL_DATA_KEY (newest first) instead of the default file', () => {
    const [a, b] = [hexKey(), hexKey()]
    const config = loadConfig({
      DATABASE_URL: join(dir, 'env.db'),
      PERSONAL_DATA_KEY: `${a},${b}`,
    }).personalData
    expect(loadPersonalDataKeys(config, quiet).map((k) => k.id)).toEqual([key(a).id, key(b).id])
    expect(() => statSync(join(dir, 'env.db.personal-data-key'))).toThrow()
  })

  it('reads PERSONAL_DATA_KEY_FILE, and refuses one that does not exist', () => {
    const path = join(dir, 'pd-key')
    const a = hexKey()
    writeFileSync(path, `# current\n${a}\n`, { mode: 0o600 })
    const config = loadConfig({ DATABASE_URL: ':memory:', PERSONAL_DATA_KEY_FILE: path }).personalData
    expect(loadPersonalDataKeys(config, quiet).map((k) => k.id)).toEqual([key(a).id])
    expect(readFileSync(path, 'utf8')).toContain(a)
    const missing = loadConfig({
      DATABASE_URL: ':memory:',
      PERSONAL_DATA_KEY_FILE: join(dir, 'nope'),
    }).personalData
    expect(codeOf(() => loadPersonalDataKeys(missing, quiet))).toBe('PERSONAL_DATA_KEY_INVALID')
  })

  it('refuses production without a key as a configuration error, and accepts it with one', () => {
    const env = { DATABASE_URL: join(dir, 'prod.db'), NODE_ENV: 'production', AUDIT_KEY: hexKey() }
    expect(codeOf(() => loadFieldCipher(loadConfig(env).personalData, quiet))).toBe('CONFIG_INVALID')
    expect(() => statSync(join(dir, 'prod.db.personal-data-key'))).toThrow()
    const ok = loadFieldCipher(loadConfig({ ...env, PERSONAL_DATA_KEY: hexKey() }).personalData, quiet)
    expect(ok.decrypt(ok.encrypt('张三'))).toBe('张三')
  })

  it('refuses a malformed key with PERSONAL_DATA_KEY_INVALID', () => {
    const config = loadConfig({ DATABASE_URL: ':memory:', PERSONAL_DATA_KEY: 'abcd' }).personalData
    expect(codeOf(() => loadFieldCipher(config, quiet))).toBe('PERSONAL_DATA_KEY_INVALID')
  })

  it('gives an in-memory database a one-off key', () => {
    const c = loadFieldCipher(loadConfig({ DATABASE_URL: ':memory:' }).personalData, quiet)
    expect(c.decrypt(c.encrypt('x'))).toBe('x')
  })
})
