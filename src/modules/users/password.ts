import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt with N=2^15, r=8, p=1 (OWASP minimum for scrypt); 64-byte key, 16-byte salt.
const N = 32768
const R = 8
const P = 1
const KEYLEN = 64

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 128 * N * R * 2 })
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    return false
  }
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(keyB64, 'base64url')
  const N2 = Number(n)
  const R2 = Number(r)
  const key = await scrypt(password, Buffer.from(saltB64, 'base64url'), expected.length, {
    N: N2,
    r: R2,
    p: Number(p),
    maxmem: 128 * N2 * R2 * 2,
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/**
 * Password policy (等保 2.0 level 2, 身份鉴别: 口令复杂度): at least 10 characters and at least three
 * of: lower case, upper case, digits, symbols; not containing the user name.
 * Returns the Chinese reasons it fails, empty when it passes.
 */
export function passwordPolicyProblems(password: string, username: string): string[] {
  const problems: string[] = []
  if (password.length < 10) {
    problems.push('密码至少 10 位')
  }
  if (password.length > 128) {
    problems.push('密码不能超过 128 位')
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length
  if (classes < 3) {
    problems.push('须包含大写字母、小写字母、数字、符号中的至少三类')
  }
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('密码不能包含用户名')
  }
  return problems
}
