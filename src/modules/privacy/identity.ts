import { checkOrganCode, usccCheckChar } from '../organs/index.js'

/**
 * Identity checks and masking (pure): 居民身份证 numbers, 统一社会信用代码, phone numbers, e-mail
 * addresses and bank card numbers, as a request form and the personal-information scanner see them.
 */

// ─── 居民身份证 (GB 11643-1999 公民身份号码) ───────────────────────────────────────────────

/** GB 11643-1999 §8.2: ISO 7064:1983 MOD 11-2 weights of positions 1–17. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** Check character for each value of the weighted sum modulo 11 (GB 11643-1999 §8.2). */
const ID_CHECK = '10X98765432'

/**
 * First two digits of the 行政区划代码 (GB/T 2260) a 居民身份证 number may begin with: the 31
 * provinces, and 71/81/82 (台湾、香港、澳门; 83 for 港澳台居民居住证, 国办发〔2018〕81号).
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
  '83',
]) // prettier-ignore

/** Earliest birth year accepted (no living person was born before). */
const ID_MIN_YEAR = 1900

export type IdNumberReason =
  'length' | 'charset' | 'region' | 'birth_date' | 'future_birth_date' | 'check_digit'

export type IdNumberCheck =
  | {
      ok: true
      /** Upper-case, 18 characters. */
      number: string
      region: string
      birthDate: string
      /** GB 11643-1999 §7.3: the 17th digit (顺序码) is odd for men, even for women. */
      sex: 'male' | 'female'
    }
  | { ok: false; reason: IdNumberReason; message: string; expected?: string }

/** The MOD 11-2 check character of the first 17 digits, or null when they are not 17 digits. */
export function idCheckChar(body17: string): string | null {
  if (!/^\d{17}$/.test(body17)) {
    return null
  }
  let sum = 0
  for (let i = 0; i < 17; i++) {
    sum += (body17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number)
  }
  return ID_CHECK[sum % 11] as string
}

/** A YYYYMMDD string that is a real calendar date, as YYYY-MM-DD, or null. */
function calendarDate(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4))
  const m = Number(yyyymmdd.slice(4, 6))
  const d = Number(yyyymmdd.slice(6, 8))
  if (m < 1 || m > 12 || d < 1) {
    return null
  }
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= days ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : null
}

/** Full-width digits and letters, spaces: what people paste. */
function normaliseCode(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
}

/**
 * Checks an 18-digit 居民身份证 number (GB 11643-1999): the region code's shape, a real birth date
 * (not after `today` when given, YYYY-MM-DD), and the check digit (lower-case x accepted).
 */
export function checkIdNumber(raw: string, opts: { today?: string } = {}): IdNumberCheck {
  const n = normaliseCode(raw)
  if (n.length !== 18) {
    return { ok: false, reason: 'length', message: `身份证号码应为 18 位，实为 ${n.length} 位` }
  }
  if (!/^\d{17}[\dX]$/.test(n)) {
    return { ok: false, reason: 'charset', message: '身份证号码前 17 位应为数字，第 18 位为数字或 X' }
  }
  if (!PROVINCE_CODES.has(n.slice(0, 2)) || (n.slice(2, 6) === '0000' && n[0] !== '8')) {
    return {
      ok: false,
      reason: 'region',
      message: `身份证号码前 6 位“${n.slice(0, 6)}”不是有效的行政区划代码`,
    }
  }
  const birth = calendarDate(n.slice(6, 14))
  if (!birth || Number(n.slice(6, 10)) < ID_MIN_YEAR) {
    return {
      ok: false,
      reason: 'birth_date',
      message: `身份证号码第 7–14 位“${n.slice(6, 14)}”不是有效的出生日期`,
    }
  }
  if (opts.today && birth > opts.today) {
    return { ok: false, reason: 'future_birth_date', message: `身份证号码中的出生日期 ${birth} 晚于今天` }
  }
  const expected = idCheckChar(n.slice(0, 17)) as string
  if (n[17] !== expected) {
    return {
      ok: false,
      reason: 'check_digit',
      message: `身份证号码校验位错误：第 18 位应为“${expected}”，实为“${n[17]}”`,
      expected,
    }
  }
  return {
    ok: true,
    number: n,
    region: n.slice(0, 6),
    birthDate: birth,
    sex: (n.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
  }
}

/** True for a valid 18-digit 居民身份证 number (the scanner's test: shape, date, check digit). */
export function isValidIdNumber(raw: string): boolean {
  return checkIdNumber(raw).ok
}

// ─── 统一社会信用代码 (GB 32100-2015) ──────────────────────────────────────────────────────

export type UsccReason = 'length' | 'charset' | 'check_char'

export type UsccCheck =
  | {
      ok: true
      code: string
      /** 登记管理部门代码 9 (工商) + 机构类别 2: a 个体工商户, whose code identifies a person. */
      individualBusiness: boolean
    }
  | { ok: false; reason: UsccReason; message: string; expected?: string }

/** Checks an 18-character 统一社会信用代码 with the organs module's GB 32100 rules. */
export function checkUscc(raw: string): UsccCheck {
  const code = normaliseCode(raw).replace(/-/g, '')
  if (code.length !== 18) {
    return { ok: false, reason: 'length', message: `统一社会信用代码应为 18 位，实为 ${code.length} 位` }
  }
  const r = checkOrganCode(code)
  if (r.ok) {
    return { ok: true, code: r.code, individualBusiness: r.code.startsWith('92') }
  }
  return r.expected
    ? { ok: false, reason: 'check_char', message: r.reason, expected: r.expected }
    : { ok: false, reason: 'charset', message: r.reason }
}

/** True for a valid 统一社会信用代码 (fast path for the scanner: no message built). */
export function isValidUscc(code: string): boolean {
  return code.length === 18 && usccCheckChar(code.slice(0, 17)) === code[17]
}

// ─── phones, e-mail, bank cards ────────────────────────────────────────────────────────────

/** Digits only (spaces, hyphens and a +86 / 0086 prefix dropped for mobiles). */
function digitsOf(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\-()（）]/g, '')
}

/** 11-digit mobile numbers: 1, then 3–9, then 9 digits (工信部 numbering plan); +86 accepted. */
export function isMobile(raw: string): boolean {
  return /^(?:\+?86|0086)?1[3-9]\d{9}$/.test(digitsOf(raw))
}

/**
 * Landline numbers: a 3- or 4-digit area code starting with 0 (010, 02x, 0xxx), then a 7- or
 * 8-digit subscriber number not starting with 0 or 1, optionally an extension.
 */
export function isLandline(raw: string): boolean {
  const t = raw.normalize('NFKC').trim()
  return /^(?:\(?0\d{2,3}\)?[-\s]?)[2-9]\d{6,7}(?:(?:-|转|ext\.?)\d{1,6})?$/i.test(t)
}

/** A practical e-mail shape: local@domain.tld (no quoted local parts). */
export function isEmail(raw: string): boolean {
  return /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/.test(
    raw.trim(),
  )
}

/** The Luhn (ISO/IEC 7812-1 Annex B) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48
    if (v < 0 || v > 9) {
      return false
    }
    if (double) {
      v *= 2
      if (v > 9) {
        v -= 9
      }
    }
    sum += v
    double = !double
  }
  return digits.length > 0 && sum % 10 === 0
}

/** Bank card numbers (银行卡, GB/T 19584 / ISO 7812): 16–19 digits, Luhn-valid; spaces allowed. */
export function isBankCard(raw: string): boolean {
  const d = raw.normalize('NFKC').replace(/[\s-]/g, '')
  return /^\d{16,19}$/.test(d) && luhnValid(d)
}

// ─── masking ───────────────────────────────────────────────────────────────────────────────

/** `370303199001011234` → `3703**********1234`: the first 4 and last 4 kept. */
export function maskIdNumber(raw: string): string {
  const t = raw.trim()
  return t.length <= 8 ? '*'.repeat(t.length) : `${t.slice(0, 4)}${'*'.repeat(t.length - 8)}${t.slice(-4)}`
}

/** `13812345678` → `138****5678`; a landline keeps its area code and last 4 digits. */
export function maskPhone(raw: string): string {
  const t = raw.trim()
  const digits = t.replace(/\D/g, '')
  if (/^1[3-9]\d{9}$/.test(digits.slice(-11)) && digits.length <= 13) {
    return `${t.slice(0, t.length - 8)}****${t.slice(-4)}`
  }
  // Landline: keep the area code (up to the separator) and the last 4 digits.
  const sep = t.search(/[-\s)）]/)
  const head = sep > 0 ? t.slice(0, sep + 1) : t.slice(0, Math.min(4, Math.max(0, t.length - 4)))
  const tail = t.slice(-4)
  return `${head}${'*'.repeat(Math.max(0, t.length - head.length - tail.length))}${tail}`
}

/** `zhangsan@example.com` → `z*******@example.com`: the local part's first character kept. */
export function maskEmail(raw: string): string {
  const t = raw.trim()
  const at = t.lastIndexOf('@')
  if (at <= 0) {
    return '*'.repeat(t.length)
  }
  return `${t[0]}${'*'.repeat(Math.max(1, at - 1))}${t.slice(at)}`
}

/** 张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧**娜: the first and (for 3+ characters) last kept. */
export function maskName(raw: string): string {
  const chars = [...raw.trim()]
  if (chars.length <= 1) {
    return chars.length === 1 ? '*' : ''
  }
  if (chars.length === 2) {
    return `${chars[0]}*`
  }
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/** An address keeps its first 6 characters (about the district), the rest starred. */
export function maskAddress(raw: string): string {
  const chars = [...raw.trim()]
  return chars.length <= 6 ? chars.join('') : `${chars.slice(0, 6).join('')}${'*'.repeat(chars.length - 6)}`
}

/** A bank card keeps its first 6 (the issuer) and last 4 digits; separators kept. */
export function maskBankCard(raw: string): string {
  let seen = 0
  const total = raw.replace(/\D/g, '').length
  return raw.replace(/\d/g, (d) => {
    seen++
    return seen <= 6 || seen > total - 4 ? d : '*'
  })
}

/** A 统一社会信用代码 keeps its first 8 (authority, category, region) and last 2 characters. */
export function maskUscc(raw: string): string {
  return raw.length <= 10
    ? '*'.repeat(raw.length)
    : `${raw.slice(0, 8)}${'*'.repeat(raw.length - 10)}${raw.slice(-2)}`
}
